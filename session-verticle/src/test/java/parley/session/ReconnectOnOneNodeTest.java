package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.testing.TestNetworks;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * CI, stop 28 (RoomsAcrossDevicesEndToEndTest): the person disconnected an account and connected
 * it again at once; the node, the same one both times, reported the old connection's close after
 * the new connect had gone out, and the session took it for the new connection's: the page showed
 * the account disconnected while the node went on to connect it, for good. Each connect names its
 * connection, and a node's connection states carry that name: a state of a connection the session
 * has since replaced is not the account's. Real PostgreSQL; the node stands in on the bus.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ReconnectOnOneNodeTest {
  private final StandInNode node = new StandInNode(TestNetworks.XMPP, "node-1");
  private SessionHarness session;

  @BeforeEach
  void start() {
    session = SessionHarness.start(new JsonObject().put("idleTimeoutSeconds", 600), node);
  }

  @AfterEach
  void stop() {
    session.close();
  }

  private void state(String userId, String accountId, String connectionId, String state) {
    session.nodeEvent(node.id, userId, accountId, NodeEvent.CONNECTION_STATE,
        new JsonObject().put("state", state).put("connectionId", connectionId));
  }

  @Test
  void theOldConnectionsCloseReportedAfterAReconnectIsNotTheNewOnes() throws Exception {
    String userId = session.signUp("rea");
    String accountId = session.addAccount(userId, new JsonObject().put("login", "rea@example.org")
        .put("host", "127.0.0.1").put("port", 5222));
    String first = node.next(NodeCommand.CONNECT).getString("connectionId");
    assertNotNull(first, "a connect names its connection");
    BlockingQueue<JsonObject> pushed = session.events(userId);
    state(userId, accountId, first, ConnectionState.CONNECTED);
    assertEquals(ConnectionState.CONNECTED, SessionHarness.nextEvent(pushed, BrowserEvent.ACCOUNT_STATE).getString("state"));

    session.command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_DISCONNECT).put("accountId", accountId));
    assertEquals(ConnectionState.DISCONNECTED, SessionHarness.nextEvent(pushed, BrowserEvent.ACCOUNT_STATE).getString("state"));
    node.next(NodeCommand.DISCONNECT);
    session.command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_CONNECT).put("accountId", accountId));
    assertEquals(ConnectionState.CONNECTING, SessionHarness.nextEvent(pushed, BrowserEvent.ACCOUNT_STATE).getString("state"));
    String second = node.next(NodeCommand.CONNECT).getString("connectionId");
    assertNotEquals(first, second, "each connect names a connection of its own");

    // The old connection's close, late; then the new one comes up.
    state(userId, accountId, first, ConnectionState.DISCONNECTED);
    state(userId, accountId, second, ConnectionState.CONNECTED);
    assertEquals(ConnectionState.CONNECTED, SessionHarness.nextEvent(pushed, BrowserEvent.ACCOUNT_STATE).getString("state"),
        "the page is not told of the old connection's close");
    JsonObject attach = session.command(userId, new JsonObject().put("type", BrowserCommand.ATTACH));
    assertEquals(ConnectionState.CONNECTED, attach.getJsonObject("state").getJsonArray("accounts").getJsonObject(0)
        .getString("state"), "a page attaching now sees it connected");

    // The new connection's own close is the account's.
    state(userId, accountId, second, ConnectionState.DISCONNECTED);
    assertEquals(ConnectionState.DISCONNECTED, SessionHarness.nextEvent(pushed, BrowserEvent.ACCOUNT_STATE).getString("state"));
  }
}
