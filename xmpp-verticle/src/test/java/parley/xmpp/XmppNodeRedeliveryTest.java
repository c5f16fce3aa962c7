package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.NodeEvent;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;

/**
 * A message the server delivers again is reported once. Prosody keeps a lost session only
 * {@value #HIBERNATION} s here; then what the account had not acknowledged goes to offline storage
 * and comes again at the next login, though the node had already reported it. (Prosody only: with
 * its default settings ejabberd bounces such messages instead.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class XmppNodeRedeliveryTest {
  private static final String PASSWORD = "correct horse";
  private static final int HIBERNATION = 2;
  private static ProsodyServer server;

  private NodeHarness node;

  @BeforeAll
  static void startServer() {
    server = new ProsodyServer().withStreamManagement(HIBERNATION).start();
    server.createUser("alice", PASSWORD);
    server.createUser("bob", PASSWORD);
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

  @Test
  void aMessageDeliveredAgainAfterTheSessionWasLostIsReportedOnce() throws Exception {
    String account = NodeHarness.newAccountId();
    try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
      node.connectAndAwaitRoster(node.connectCommand(account, server, "alice", PASSWORD)
          .put("host", proxy.host()).put("port", proxy.port()));
      try (Peer peer = Peer.login(server, "bob", PASSWORD)) {
        // The account gets the message, but its acknowledgement never reaches the server.
        proxy.dropUpstream(true);
        peer.sendMessage(server.jid("alice"), "once");
        node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "once".equals(e.getString("text")));
        // The network stays away longer than the server keeps the session.
        proxy.refuse(true);
        proxy.cut();
        Thread.sleep(TimeUnit.SECONDS.toMillis(HIBERNATION) + 3000);
        proxy.dropUpstream(false);
        proxy.refuse(false);
        // A new session: the server delivers "once" again from offline storage, before "marker".
        node.awaitEvent(account, NodeEvent.CONNECTION_STATE, e -> "reconnecting".equals(e.getString("state")));
        node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
        peer.sendMessage(server.jid("alice"), "marker");
        node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "marker".equals(e.getString("text")));
      }
      assertTrue(proxy.connections.get() >= 2);
      assertEquals(List.of("once", "marker"), node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).stream()
          .map(e -> e.getString("text")).toList());
    }
  }
}
