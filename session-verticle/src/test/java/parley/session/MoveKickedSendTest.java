package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.testing.TestNetworks;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * Issue 11's flaky OSCAR drain: OSCAR allows one sign-on per screen name, so a drain's new sign-on
 * ends the old connection before the new one reports connected. A send in that gap must wait for
 * the switch and go through the new connection, not be refused by the old node that no longer
 * holds the account.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MoveKickedSendTest {
  private static final String OLD_NODE = "old-aim-node";
  private static final String NEW_NODE = "new-aim-node";

  /** Set once the new sign-on ended the old connection: old-node no longer holds the account, as a real node then answers. */
  private final AtomicBoolean kicked = new AtomicBoolean();
  private final StandInNode oldNode = new StandInNode(TestNetworks.OSCAR, OLD_NODE, command -> kicked.get()
      ? Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null)) : Future.succeededFuture(new JsonObject()));
  private final StandInNode newNode = new StandInNode(TestNetworks.OSCAR, NEW_NODE);
  private SessionHarness session;

  @AfterEach
  void close() {
    session.close();
  }

  /** A node event, waited for until the session applied it. */
  private void applied(String nodeId, String userId, String accountId, String type, JsonObject body) {
    session.vertx.eventBus().request(Addresses.SESSION_IM_EVENTS, body.copy().put("type", type)
        .put("nodeId", nodeId).put("userId", userId).put("accountId", accountId)).await();
  }

  @Test
  void aSendBetweenTheOldConnectionsKickAndTheNewOnesSignOnGoesThroughTheNewConnection() throws Exception {
    // new-node takes no connect until old-node drains, so the account's first lands on old-node.
    newNode.draining = true;
    session = SessionHarness.start(oldNode, newNode);
    String userId = session.signUp("mover");
    String accountId = session.addAccount(userId, new JsonObject().put("network", TestNetworks.OSCAR)
        .put("login", "MoverAim").put("host", "127.0.0.1").put("port", 5190));
    oldNode.next(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = session.events(userId);
    applied(OLD_NODE, userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    assertEquals(ConnectionState.CONNECTED, SessionHarness.nextEvent(pushed, BrowserEvent.ACCOUNT_STATE).getString("state"));

    // old-node drains and asks to move the account: the new connection signs on through new-node ...
    oldNode.draining = true;
    newNode.draining = false;
    applied(OLD_NODE, userId, accountId, NodeEvent.MOVE_ASKED, new JsonObject());
    assertEquals(accountId, newNode.next(NodeCommand.CONNECT).getString("accountId"));
    // ... which ends the old one (OscarAccount: disconnected, no error, when kicked while moving).
    kicked.set(true);
    applied(OLD_NODE, userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.DISCONNECTED));

    // The user sends in the gap; the message is stored (pending) and handed on.
    Future<JsonObject> answer = session.request(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "buddyaim").put("text", "sent mid-move"));
    assertEquals(MessageStatus.PENDING, SessionHarness.nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message").getString("status"));
    // A moment later the new connection is up.
    Thread.sleep(200);
    applied(NEW_NODE, userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));

    JsonObject message = answer.await(10, TimeUnit.SECONDS).getJsonObject("message");
    assertEquals(MessageStatus.SENT, message.getString("status"), "the send is answered sent: " + message);
    JsonObject toNew = newNode.next(NodeCommand.SEND_MESSAGE);
    assertEquals("sent mid-move", toNew.getString("text"));
    List<JsonObject> toOld = new ArrayList<>(oldNode.commands);
    assertTrue(toOld.stream().noneMatch(c -> NodeCommand.SEND_MESSAGE.equals(c.getString("type"))),
        "nothing went to the old node, which no longer holds the account: " + toOld);
    // The page saw the account connected throughout: no state change, no refusal.
    List<JsonObject> seen = new ArrayList<>(pushed);
    assertTrue(seen.stream().filter(e -> BrowserEvent.ACCOUNT_STATE.equals(e.getString("type")))
        .allMatch(e -> ConnectionState.CONNECTED.equals(e.getString("state"))), "the page saw only connected: " + seen);
  }
}
