package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.testing.RefusedPort;
import parley.xmpp.client.ClientState;
import parley.xmpp.client.SmState;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.StreamManagement;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.client.XmppClientOptions;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;

/**
 * XEP-0198 {@code location}: a lost stream is resumed where the server asked, always with STARTTLS and the
 * certificate checked against the account's domain, and at the usual endpoint when the
 * location cannot be reached. Neither Prosody nor ejabberd sends a location, so the test puts one in
 * the stream's state (as a server's {@code <enabled location='…'/>} would): a proxy in front of
 * Prosody, which counts the connections made to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XmppClientResumptionLocationTest {
  private static final String PASSWORD = "correct horse";
  private static ProsodyServer prosody;
  private ClientHarness harness;

  @BeforeAll
  static void startProsody() {
    prosody = ProsodyServer.withTls().withStreamManagement().start();
    prosody.createUser("alice", PASSWORD);
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

  private XmppClientOptions through(String host, int port) {
    return ClientHarness.options(prosody.domain(), host, port, "alice", PASSWORD, true, prosody.certificate());
  }

  /** Logs in through a proxy and loses the connection: a stream to resume, with {@code location} set. */
  private StreamManagement lostStream(String location) throws Exception {
    try (CuttableProxy first = new CuttableProxy(prosody.host(), prosody.port())) {
      ClientHarness.Recorded alice = harness.online(through(first.host(), first.port()));
      harness.on(() -> alice.client.send(Stanzas.presence(null, null)));
      first.cut();
      assertSame(XmppClientException.Reason.CONNECTION_LOST, alice.closedWith().reason());
      SmState state = harness.on(() -> Future.succeededFuture(alice.client.streamManagement().state()));
      return StreamManagement.of(new SmState(state.id(), state.jid(), location, state.maxSeconds(), state.inbound(),
          state.outboundAcked(), state.unacked()));
    }
  }

  @Test
  void resumesAtTheLocationTheServerGave() throws Exception {
    try (CuttableProxy location = new CuttableProxy(prosody.host(), prosody.port());
        RefusedPort dead = new RefusedPort()) {
      StreamManagement sm = lostStream(location.host() + ":" + location.port());
      // The usual endpoint is dead: only the location can resume it.
      ClientHarness.Recorded moved = harness.client(through("127.0.0.1", dead.port()));
      harness.on(() -> moved.client.resume(sm));
      assertTrue(moved.client.resumed());
      assertSame(ClientState.ONLINE, moved.client.state());
      assertTrue(moved.client.secure(), "TLS at the location, the certificate checked against the domain");
      assertEquals(1, location.connections.get());
    }
  }

  @Test
  void resumesAtTheUsualEndpointWhenTheLocationCannotBeReached() throws Exception {
    try (RefusedPort dead = new RefusedPort()) {
      StreamManagement sm = lostStream("127.0.0.1:" + dead.port());
      ClientHarness.Recorded moved = harness.client(through(prosody.host(), prosody.port()));
      harness.on(() -> moved.client.resume(sm));
      assertTrue(moved.client.resumed());
      assertSame(ClientState.ONLINE, moved.client.state());
    }
  }

  /** Even for an account with TLS "if-offered": a location is never used in clear. */
  @Test
  void aLocationWithoutTlsIsRefused() throws Exception {
    try (ProsodyServer clear = new ProsodyServer().start();
        CuttableProxy location = new CuttableProxy(clear.host(), clear.port())) {
      StreamManagement sm = lostStream(location.host() + ":" + location.port());
      XmppClientOptions ifOffered = ClientHarness.options(prosody.domain(), prosody.host(), prosody.port(), "alice",
          PASSWORD, false, prosody.certificate());
      ClientHarness.Recorded moved = harness.client(ifOffered);
      XmppClientException refused = harness.failure(() -> moved.client.resume(sm));
      assertSame(XmppClientException.Reason.TLS_NOT_OFFERED, refused.reason(), refused::getMessage);
      assertEquals(1, location.connections.get());
    }
  }
}
