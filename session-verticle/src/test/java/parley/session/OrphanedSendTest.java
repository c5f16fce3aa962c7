package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.testing.TestNetworks;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * A message a session process stored and was sending when it was killed: its row stays pending and
 * nobody is sending it any more. The process that serves the user next says so (it may or may not
 * have gone out), on a real PostgreSQL: in history, in the page's stream, and in the answer to the
 * page's resend; and it never hands it to the IM server again.
 */
class OrphanedSendTest {
  private static final String PEER = "bob@example.org";
  private static final String LOST_TEXT = "on a node that died";
  private static final String NODE_GONE = "The Parley server holding olga@example.org stopped before it answered.";

  private SessionHarness session;
  private StandInNode node;
  private Pool pool;
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;

  @BeforeEach
  void start() throws Exception {
    // A send of LOST_TEXT is answered as when the node's process left the cluster while it waited
    // (NodeLink.nodesGone answers the waiting command NODE_LOST).
    node = new StandInNode(TestNetworks.XMPP, "orphan-node", command -> LOST_TEXT.equals(command.getString("text"))
        ? Future.failedFuture(FailureCode.NODE_LOST.exception(NODE_GONE)) : Future.succeededFuture(new JsonObject()));
    session = SessionHarness.start(node);
    pool = session.pool();
    userId = session.signUp("olga");
    SessionHarness.Connected c = session.connectedAccount(userId, node, "olga@example.org", null);
    accountId = c.accountId();
    pushed = c.events();
  }

  @AfterEach
  void close() {
    session.close();
  }

  /** The row the killed owner left: stored pending with the page's client id, as its send stores it. */
  private long leftPending(String text, String clientId) {
    return pool.preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body, status, client_id)"
            + " values ($1, $2, $3, 'out', $4, 'pending', $5) returning id")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), PEER, text, clientId))
        .await().iterator().next().getLong(0);
  }

  private JsonObject resend(String text, String clientId) {
    return new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId).put("to", PEER)
        .put("text", text).put(BrowserCommand.CLIENT_ID, clientId);
  }

  private String storedStatus(long id) {
    return pool.preparedQuery("select status from session.messages where id = $1").execute(Tuple.of(id))
        .await().iterator().next().getString(0);
  }

  private JsonObject inHistory(long id) {
    JsonArray messages = session.command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", PEER)).getJsonArray("messages");
    return messages.stream().map(JsonObject.class::cast).filter(m -> m.getLong("id") == id).findFirst()
        .orElseThrow(() -> new AssertionError("message " + id + " not in history: " + messages.encode()));
  }

  /** The node commands received so far of that type. */
  private List<JsonObject> nodeCommands(String type) {
    List<JsonObject> all = new ArrayList<>();
    node.commands.drainTo(all);
    return all.stream().filter(c -> type.equals(c.getString("type"))).toList();
  }

  private static void assertUnsure(JsonObject message) {
    assertEquals(MessageStatus.UNSURE, message.getString("status"), message.encode());
    JsonObject error = message.getJsonObject("error");
    assertEquals(FailureCode.SEND_UNSURE.name(), error.getString("code"), message.encode());
    assertEquals(FailureCode.SEND_UNSURE.defaultText(), error.getString("text"));
  }

  private static void assertAnsweredUnsure(ReplyException refused) {
    assertEquals(FailureCode.SEND_UNSURE.code(), refused.failureCode(), refused.getMessage());
    assertEquals(FailureCode.SEND_UNSURE.defaultText(), refused.getMessage());
  }

  @Test
  void theNextOwnerShowsALeftPendingMessageAsMaybeSentAnswersItsResendSoAndNeverSendsItAgain() throws Exception {
    long id = leftPending("sent as the owner died", "killed-1");
    // A new session process takes the user's shard over and loads the user.
    session.vertx.undeploy(session.vertx.deploymentIDs().iterator().next()).await();
    session.vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(session.config)).await();
    JsonObject shown = inHistoryOnceServed(id);
    assertUnsure(shown);
    assertEquals(MessageStatus.UNSURE, storedStatus(id), "stored before it is shown");

    // The page's resend of it (its answer was lost with the killed process): said in words, not "accepted".
    assertAnsweredUnsure(session.refusal(userId, resend("sent as the owner died", "killed-1")));
    assertUnsure(inHistory(id));
    Thread.sleep(300);
    assertEquals(List.of(), nodeCommands(NodeCommand.SEND_MESSAGE), "not handed to the IM server again");
    // Sending it again is the person's choice: a new message, sent.
    JsonObject again = session.command(userId, resend("sent as the owner died", "chosen-again")).getJsonObject("message");
    assertTrue(again.getLong("id") > id);
    assertEquals(MessageStatus.SENT, again.getString("status"));
    assertEquals(1, nodeCommands(NodeCommand.SEND_MESSAGE).size());
  }

  @Test
  void aResendMeetingAPendingMessageNobodyHereIsSendingSettlesItAndTellsThePage() throws Exception {
    long id = leftPending("cut off", "cut-1");
    assertAnsweredUnsure(session.refusal(userId, resend("cut off", "cut-1")));
    assertEquals(MessageStatus.UNSURE, storedStatus(id));
    JsonObject status;
    do {
      status = SessionHarness.nextEvent(pushed, BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    } while (status.getLong("id") != id);
    assertUnsure(status);
    assertUnsure(inHistory(id));
    // Asked again: the same words, nothing sent.
    assertAnsweredUnsure(session.refusal(userId, resend("cut off", "cut-1")));
    Thread.sleep(300);
    assertEquals(List.of(), nodeCommands(NodeCommand.SEND_MESSAGE), "not handed to the IM server");
  }

  @Test
  void thePeersReceiptStillSettlesAMaybeSentMessageAsDelivered() throws Exception {
    long id = leftPending("did it go?", "receipt-1");
    assertAnsweredUnsure(session.refusal(userId, resend("did it go?", "receipt-1")));
    session.nodeEvent(node.id, userId, accountId, parley.contract.NodeEvent.MESSAGE_STATUS,
        new JsonObject().put("messageId", String.valueOf(id)).put("from", PEER).put("status", MessageStatus.DELIVERED));
    JsonObject status;
    do {
      status = SessionHarness.nextEvent(pushed, BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    } while (status.getLong("id") != id || !MessageStatus.DELIVERED.equals(status.getString("status")));
    assertEquals(null, status.getValue("error"), status.encode());
    assertEquals(MessageStatus.DELIVERED, storedStatus(id));
  }

  @Test
  void aMessageWhoseNodeDiedWhileSendingItIsShownMaybeSentAtOnceNotLeftSending() throws Exception {
    ReplyException lost = session.refusal(userId, resend(LOST_TEXT, "lost-1"));
    assertEquals(FailureCode.NODE_LOST.code(), lost.failureCode(), lost.getMessage());
    assertEquals(NODE_GONE, lost.getMessage());
    JsonObject status = SessionHarness.nextEvent(pushed, BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    assertEquals(MessageStatus.UNSURE, status.getString("status"), status.encode());
    assertEquals(FailureCode.NODE_LOST.toJson(NODE_GONE), status.getJsonObject("error"));
    long id = status.getLong("id");
    assertEquals(MessageStatus.UNSURE, storedStatus(id), "stored before it is shown");
    assertEquals(MessageStatus.UNSURE, inHistory(id).getString("status"));
    // The page's resend of it gets the same words, and nothing more goes out.
    node.commands.clear();
    ReplyException again = session.refusal(userId, resend(LOST_TEXT, "lost-1"));
    assertEquals(FailureCode.NODE_LOST.code(), again.failureCode(), again.getMessage());
    assertEquals(NODE_GONE, again.getMessage());
    Thread.sleep(300);
    assertEquals(List.of(), nodeCommands(NodeCommand.SEND_MESSAGE), "not handed to the IM server again");
  }

  /** History once the new owner serves the user's shard (it takes it over after the old one handed it back). */
  private JsonObject inHistoryOnceServed(long id) throws InterruptedException {
    long end = System.nanoTime() + 40_000_000_000L;
    while (true) {
      try {
        return inHistory(id);
      } catch (ReplyException notYet) {
        if (System.nanoTime() > end) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }
}
