package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.xmpp.client.ClientState;
import parley.xmpp.client.Ns;
import parley.xmpp.client.SmState;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.StreamManagement;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.stream.Element;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;

/**
 * The client's stream management (XEP-0198) against Prosody's mod_smacks: acknowledged sends, and
 * a stream resumed by another client from its state as JSON (as another node would, after a drain).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XmppClientStreamManagementTest {
  private static final String PASSWORD = "correct horse";
  private static ProsodyServer prosody;
  private ClientHarness harness;

  @BeforeAll
  static void startProsody() {
    prosody = new ProsodyServer().withStreamManagement().start();
    // Each test has its own pair: a message one test leaves on its way (stored offline for a peer
    // that has gone) must not reach the other's peer as if it were its own.
    for (String user : List.of("alice", "bob", "carol", "dave")) {
      prosody.createUser(user, PASSWORD);
    }
  }

  @AfterAll
  static void stopProsody() {
    if (prosody != null) {
      prosody.stop();
    }
  }

  @BeforeEach
  void setUp() {
    harness = new ClientHarness();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private static Element message(String id, String to, String body) {
    return Stanzas.message(id, to, body, null);
  }

  private static boolean body(Element s, String text) {
    return s.is("message", Ns.CLIENT) && text.equals(s.childText("body"));
  }

  @Test
  void aStreamResumesInAnotherClientFromItsStateAsJson() throws Exception {
    String bobJid = prosody.jid("bob");
    try (CuttableProxy proxy = new CuttableProxy(prosody.host(), prosody.port());
        Peer bob = Peer.login(prosody, "bob", PASSWORD)) {
      var options = ClientHarness.options(prosody.domain(), proxy.host(), proxy.port(), "alice", PASSWORD, false, null);
      ClientHarness.Recorded alice = harness.online(options);
      StreamManagement sm = alice.client.streamManagement();
      assertNotNull(sm);
      assertTrue(sm.resumable());
      // Available, so that messages to alice's bare JID come to this session.
      harness.on(() -> alice.client.send(Stanzas.presence(null, null)));

      // An acknowledged send completes once the server has the message: nothing is left to resend.
      harness.on(() -> alice.client.sendAcked(message("m-1", bobJid, "one")));
      assertEquals(List.of(), harness.on(() -> Future.succeededFuture(sm.state().unacked())));
      assertEquals("one", bob.awaitMessage(m -> m.getBody() != null).getBody());
      bob.sendMessage(prosody.jid("alice"), "two");
      alice.await(s -> body(s, "two"));

      // The link fails one way first: alice's "three" and her acknowledgement of "four" are lost.
      proxy.dropUpstream(true);
      harness.on(() -> alice.client.send(message("m-3", bobJid, "three")));
      bob.sendMessage(prosody.jid("alice"), "four");
      alice.await(s -> body(s, "four"));
      proxy.cut();
      assertSame(XmppClientException.Reason.CONNECTION_LOST, alice.closedWith().reason());
      proxy.dropUpstream(false);
      // While nobody is connected the server keeps the session, and what comes for it.
      bob.sendMessage(prosody.jid("alice"), "five");

      JsonObject travelled = harness.on(() -> Future.succeededFuture(alice.client.streamManagement().state().toJson()));
      SmState state = SmState.fromJson(new JsonObject(travelled.encode()));
      assertEquals(1, state.unacked().size(), () -> "unacknowledged: " + state.unacked());
      assertTrue(state.unacked().get(0).contains("three"), state.unacked().get(0));

      ClientHarness.Recorded moved = harness.client(options);
      harness.on(() -> moved.client.resume(StreamManagement.of(state)));
      assertTrue(moved.client.resumed());
      assertSame(ClientState.ONLINE, moved.client.state());
      assertEquals(alice.client.boundJid(), moved.client.boundJid());

      // "four" was handled (the resume said so): not again; "five" comes; bob gets "three" once.
      moved.await(s -> body(s, "five"));
      assertNull(moved.stanzas.poll(500, TimeUnit.MILLISECONDS));
      Message three = bob.awaitMessage(m -> m.getBody() != null);
      assertEquals("three", three.getBody());
      harness.on(() -> moved.client.sendAcked(message("m-6", bobJid, "six")));
      assertEquals("six", bob.awaitMessage(m -> m.getBody() != null).getBody());
      assertEquals(List.of(), harness.on(() -> Future.succeededFuture(moved.client.streamManagement().state().unacked())));
    }
  }

  @Test
  void aStreamWhoseAcksStopIsEndedAndResumedWithItsSendersStillWaiting() throws Exception {
    String daveJid = prosody.jid("dave");
    try (CuttableProxy proxy = new CuttableProxy(prosody.host(), prosody.port());
        Peer dave = Peer.login(prosody, "dave", PASSWORD)) {
      var options = ClientHarness.options(prosody.domain(), proxy.host(), proxy.port(), "carol", PASSWORD, false, null);
      ClientHarness.Recorded carol = harness.online(options);

      // The link silently stops carrying carol's bytes: no acknowledgement comes back.
      proxy.dropUpstream(true);
      CompletableFuture<Void> acked = new CompletableFuture<>();
      harness.on(() -> {
        carol.client.sendAcked(message("m-1", daveJid, "one")).onComplete(ar -> {
          if (ar.succeeded()) {
            acked.complete(null);
          } else {
            acked.completeExceptionally(ar.cause());
          }
        });
        return Future.succeededFuture();
      });
      XmppClientException why = carol.closedWith();
      assertSame(XmppClientException.Reason.NO_ANSWER, why.reason());
      assertEquals("ack", why.condition());
      assertFalse(acked.isDone(), "whoever waits for the acknowledgement still waits");

      proxy.dropUpstream(false);
      StreamManagement sm = carol.client.streamManagement();
      ClientHarness.Recorded moved = harness.client(options);
      harness.on(() -> moved.client.resume(sm));
      assertTrue(moved.client.resumed());
      acked.get(ClientHarness.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertEquals("one", dave.awaitMessage(m -> m.getBody() != null).getBody());
      Message again = dave.bodyWithin(1_000);
      assertNull(again, () -> "\"one\" came once, then: " + again.getBody());
    }
  }
}
