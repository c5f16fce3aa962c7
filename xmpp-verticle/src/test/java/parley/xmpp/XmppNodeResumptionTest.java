package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Stream management (XEP-0198) through a proxy the test cuts: the node's account resumes its
 * stream with no message lost or doubled either way and no presence change seen by the peer; a
 * stream the server no longer knows becomes a new session, and the messages the server never
 * acknowledged fail. Prosody (mod_smacks) here, ejabberd in {@link XmppNodeResumptionEjabberdTest}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeResumptionTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger users = new AtomicInteger();
  private static final int COUNT = 30;
  static XmppTestServer server;

  private NodeHarness node;

  /** The server the tests run against, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer() {
    return new ProsodyServer().withStreamManagement();
  }

  @BeforeAll
  void startServer() {
    server = newServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    server.createUser(user, PASSWORD);
    return user;
  }

  private JsonObject connectThrough(CuttableProxy proxy, String account, String user) {
    return node.connectAndAwaitRoster(node.connectCommand(account, server, user, PASSWORD)
        .put("host", proxy.host()).put("port", proxy.port()));
  }

  /** What the peer receives, kept in order, nothing consumed. */
  private static final class Seen {
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<Presence> presences = new CopyOnWriteArrayList<>();

    Seen(Peer peer, String from) {
      peer.connection.addSyncStanzaListener(s -> {
        Message m = (Message) s;
        if (m.getBody() != null && Peer.from(m, from)) {
          bodies.add(m.getBody());
        }
      }, StanzaTypeFilter.MESSAGE);
      peer.connection.addSyncStanzaListener(s -> {
        if (Peer.from(s, from)) {
          presences.add((Presence) s);
        }
      }, StanzaTypeFilter.PRESENCE);
    }
  }

  /** The peer subscribes to the account's presence and the account approves: the peer sees it come and go. */
  private void peerSeesAccount(String account, Peer peer, String accountJid, Seen seen) throws Exception {
    peer.sendPresence(Presence.Type.subscribe, accountJid);
    node.awaitEvent(account, NodeEvent.SUBSCRIPTION_REQUEST, e -> peer.jid.equals(e.getString("from")));
    node.command(NodeCommand.ANSWER_SUBSCRIPTION, account, new JsonObject().put("jid", peer.jid).put("approve", true));
    waitUntil(() -> seen.presences.stream().anyMatch(Presence::isAvailable), "the peer sees the account online");
  }

  private Future<JsonObject> send(String account, String to, String text) {
    return node.commandAsync(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", to).put("text", text));
  }

  @Test
  void aCutUnderTrafficLosesAndDoublesNothingAndNobodySeesTheAccountGo() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port());
        Peer peer = Peer.login(server, newUser("bob"), PASSWORD)) {
      connectThrough(proxy, account, alice);
      Seen seen = new Seen(peer, server.jid(alice));
      peerSeesAccount(account, peer, server.jid(alice), seen);
      // From here on the account stays available: any unavailable presence would be a flap.
      seen.presences.clear();

      // The peer writes to the account all along, from its own thread.
      Thread peerWrites = new Thread(() -> {
        try {
          for (int i = 1; i <= COUNT; i++) {
            peer.sendMessage(server.jid(alice), "b" + i);
            Thread.sleep(20);
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }, "peer-writes");
      peerWrites.start();

      List<Future<JsonObject>> sent = new ArrayList<>();
      Future<JsonObject> duringCut = null;
      for (int i = 1; i <= COUNT; i++) {
        if (i == COUNT / 2) {
          // The network goes away for a moment: the connection drops and a new one fails at first.
          proxy.refuse(true);
          proxy.cut();
          duringCut = send(account, peer.jid, "a" + i);
          sent.add(duringCut);
          Thread.sleep(700);
          assertFalse(duringCut.isComplete(), "a message sent while the network is away is not yet confirmed");
          proxy.refuse(false);
          continue;
        }
        sent.add(send(account, peer.jid, "a" + i));
        Thread.sleep(20);
      }
      for (Future<JsonObject> f : sent) {
        assertEquals(new JsonObject(), NodeHarness.await(f));
      }
      peerWrites.join(TimeUnit.SECONDS.toMillis(NodeHarness.TIMEOUT_SECONDS));

      List<String> expectedToPeer = IntStream.rangeClosed(1, COUNT).mapToObj(i -> "a" + i).toList();
      List<String> expectedToAccount = IntStream.rangeClosed(1, COUNT).mapToObj(i -> "b" + i).toList();
      waitUntil(() -> seen.bodies.size() >= COUNT, "the peer receives every message");
      waitUntil(() -> node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).size() >= COUNT, "the account receives every message");
      // Anything doubled would come right behind.
      Thread.sleep(1000);
      assertEquals(expectedToPeer, seen.bodies, "the peer got each message once, in order");
      assertEquals(expectedToAccount, node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).stream()
          .map(e -> e.getString("text")).toList(), "the account got each message once, in order");

      assertTrue(proxy.connections.get() >= 2, "the connection was really cut and made again");
      assertEquals(List.of("connecting", "connected"), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
          .map(e -> e.getString("state")).toList(), "no state change while resuming");
      assertTrue(seen.presences.stream().noneMatch(p -> p.getType() == Presence.Type.unavailable),
          () -> "the peer saw the account go offline: " + seen.presences);
    }
  }

  @Test
  void aStreamTheServerForgotBecomesANewSessionAndUnacknowledgedMessagesFail() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
      connectThrough(proxy, account, alice);
      proxy.refuse(true);
      proxy.cut();
      // The server restarts meanwhile: the session to resume is gone. (Restarted before the send, so
      // that the send's own confirmation timer does not run during a slow restart.)
      server.restart();
      Future<JsonObject> unconfirmed = send(account, server.jid("nobody"), "lost with the session");
      proxy.refuse(false);

      Throwable failure = await(unconfirmed);
      assertTrue(failure instanceof ReplyException, () -> "failed with " + failure);
      NodeHarness.assertFailure((ReplyException) failure, FailureCode.IM_ERROR);
      assertEquals(XmppAccount.UNCONFIRMED, failure.getMessage());

      // A new session: the roster again, and messages go out (and are acknowledged) on it.
      node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
      try (Peer peer = Peer.login(server, newUser("bob"), PASSWORD)) {
        assertEquals(new JsonObject(), NodeHarness.await(send(account, peer.jid, "after")));
        assertEquals("after", peer.awaitMessage(m -> m.getBody() != null).getBody());
      }
      List<String> states = node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
          .map(e -> e.getString("state")).toList();
      assertFalse(states.contains("failed"), () -> "states: " + states);
      assertEquals("connected", states.get(states.size() - 1));
    }
  }

  private static Throwable await(Future<?> f) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS);
    while (!f.isComplete() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(f.failed(), () -> "expected a failure, got " + (f.isComplete() ? f.result() : "nothing in time"));
    return f.cause();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not in time: " + what);
      }
      Thread.sleep(20);
    }
  }
}
