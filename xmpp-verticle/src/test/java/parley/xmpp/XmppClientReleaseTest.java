package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.xmpp.client.ClientState;
import parley.xmpp.client.XmppClient;
import parley.xmpp.client.XmppClientOptions;
import parley.xmpp.testing.ProsodyServer;

/**
 * A client that closed is freed at once, not when its close timeout runs out: a node whose
 * accounts come and go would otherwise hold every closed connection (socket, parser, buffers)
 * for that long.
 */
class XmppClientReleaseTest {
  private static final String PASSWORD = "correct horse";
  private static ProsodyServer prosody;

  @BeforeAll
  static void startServer() {
    prosody = new ProsodyServer().start();
    prosody.createUser("alice", PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (prosody != null) {
      prosody.stop();
    }
  }

  @Test
  void aClosedClientIsFreedBeforeItsCloseTimeout() throws Exception {
    try (ClientHarness harness = new ClientHarness()) {
      XmppClientOptions o = ClientHarness.options(prosody, "alice", PASSWORD, false);
      // A close timeout far longer than the test waits.
      XmppClientOptions patient = new XmppClientOptions(o.domain(), o.username(), o.password(), o.resource(), o.host(),
          o.port(), false, null, 60_000, 0, o.maxStanzaBytes());
      WeakReference<XmppClient> closed = closedClient(harness, patient);
      long deadline = System.currentTimeMillis() + 5_000;
      while (closed.get() != null && System.currentTimeMillis() < deadline) {
        System.gc();
        Thread.sleep(100);
      }
      assertNull(closed.get(), "the closed client is still reachable");
    }
  }

  private static WeakReference<XmppClient> closedClient(ClientHarness harness, XmppClientOptions options) {
    ClientHarness.Recorded alice = harness.online(options);
    harness.on(() -> alice.client.close());
    assertSame(ClientState.CLOSED, alice.client.state());
    WeakReference<XmppClient> ref = new WeakReference<>(alice.client);
    alice.client = null;
    return ref;
  }
}
