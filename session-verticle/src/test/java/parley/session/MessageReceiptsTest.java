package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * Messages from the person's other clients (carbons), and delivered / read from the peer's
 * (receipts, chat markers), on a real PostgreSQL; the test stands in for the web verticle and
 * the XMPP node.
 */
class MessageReceiptsTest {
  private static final String NODE_ID = "receipts-node";

  private SessionHarness session;
  private StandInNode node;
  private Vertx vertx;
  private JsonObject db;
  private BlockingQueue<JsonObject> nodeCommands;
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;

  @BeforeEach
  void deploy() throws Exception {
    node = new StandInNode(TestNetworks.XMPP, NODE_ID);
    session = SessionHarness.start(node);
    vertx = session.vertx;
    db = session.db;
    nodeCommands = node.commands;
    userId = session.signUp("alice");
    SessionHarness.Connected account = session.connectedAccount(userId, node, "alice@example.org",
        null);
    accountId = account.accountId();
    pushed = account.events();
  }

  @AfterEach
  void close() {
    session.close();
  }

  private JsonObject command(JsonObject body) {
    return session.command(userId, body);
  }

  private void nodeEvent(String type, JsonObject body) {
    session.nodeEvent(NODE_ID, userId, accountId, type, body);
  }

  private JsonObject nextNodeCommand(String type) throws InterruptedException {
    return node.next(type);
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    return SessionHarness.nextEvent(pushed, type);
  }

  private List<String> statuses(String peer) {
    JsonArray messages = command(new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", peer)).getJsonArray("messages");
    return messages.stream().map(m -> ((JsonObject) m).getString("status")).toList();
  }

  private long send(String to, String text) throws InterruptedException {
    JsonObject sent = command(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId)
        .put("to", to).put("text", text)).getJsonObject("message");
    nextNodeCommand(NodeCommand.SEND_MESSAGE);
    nextEvent(BrowserEvent.MESSAGE_STATUS);
    return sent.getLong("id");
  }

  private void ack(long id, String from, String status) {
    nodeEvent(NodeEvent.MESSAGE_STATUS, new JsonObject().put("messageId", String.valueOf(id)).put("from", from)
        .put("status", status));
  }

  @Test
  void aMessageFromAnotherClientIsStoredAsTheUsersOwnSentAndNotBilled() throws Exception {
    long anHourAgo = System.currentTimeMillis() - 3_600_000L;
    nodeEvent(NodeEvent.OWN_MESSAGE, new JsonObject().put("to", "bob@example.org").put("text", "from my phone")
        .put("ts", anHourAgo));
    JsonObject message = nextEvent(BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("out", message.getString("direction"));
    assertEquals(MessageStatus.SENT, message.getString("status"));
    assertEquals("bob@example.org", message.getString("peer"));
    assertEquals(anHourAgo, message.getLong("ts"));
    assertEquals(List.of(message), command(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", "bob@example.org")).getJsonArray("messages").getList());
    JsonObject attach = command(new JsonObject().put("type", BrowserCommand.ATTACH));
    assertEquals(new JsonArray(), attach.getJsonObject("state").getJsonArray("unread"));

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    try {
      assertEquals(0, pool.preparedQuery("select count(*) from session.usage_outbox where id = $1")
          .execute(Tuple.of("msg:" + message.getLong("id"))).await().iterator().next().getLong(0),
          "Parley did not send it: nothing to bill");
    } finally {
      pool.close();
    }
  }

  @Test
  void deliveredThenReadOnlyFromThePeerAndNeverBackwards() throws Exception {
    long first = send("bob@example.org", "one");
    long second = send("bob@example.org", "two");

    // Someone else's receipt for a message to bob changes nothing.
    ack(second, "mallory@example.org", MessageStatus.READ);
    ack(second, "bob@example.org", MessageStatus.DELIVERED);
    JsonObject delivered = nextEvent(BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    assertEquals(second, delivered.getLong("id"));
    assertEquals(MessageStatus.DELIVERED, delivered.getString("status"));
    assertEquals("two", delivered.getString("text"));
    assertEquals(List.of(MessageStatus.SENT, MessageStatus.DELIVERED), statuses("bob@example.org"));

    // Displayed names the newest: the earlier one is read too (XEP-0333).
    ack(second, "bob@example.org", MessageStatus.READ);
    JsonObject readFirst = nextEvent(BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    JsonObject readSecond = nextEvent(BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    assertEquals(List.of(first, second), List.of(readFirst.getLong("id"), readSecond.getLong("id")));
    assertEquals(MessageStatus.READ, readSecond.getString("status"));
    assertEquals(List.of(MessageStatus.READ, MessageStatus.READ), statuses("bob@example.org"));

    // A late receipt does not take it back, and says nothing new.
    ack(second, "bob@example.org", MessageStatus.DELIVERED);
    ack(second, "bob@example.org", "eaten");
    Thread.sleep(500);
    assertNull(pushed.poll(), "nothing changed, so nothing is published");
    assertEquals(List.of(MessageStatus.READ, MessageStatus.READ), statuses("bob@example.org"));
  }

  @Test
  void readingAChatTellsThePeerOnceWhenItsNewestMessageIsMarkable() throws Exception {
    nodeEvent(NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bob@example.org").put("text", "seen?")
        .put("markerId", "bob-1"));
    nextEvent(BrowserEvent.MESSAGE);
    command(new JsonObject().put("type", BrowserCommand.CHAT_READ).put("accountId", accountId).put("peer", "bob@example.org"));
    JsonObject displayed = nextNodeCommand(NodeCommand.SEND_DISPLAYED);
    assertEquals("bob@example.org", displayed.getString("to"));
    assertEquals("bob-1", displayed.getString("id"));
    assertEquals(accountId, displayed.getString("accountId"));

    // Read again with nothing new: nothing is sent. A message without a marker id: nothing either.
    command(new JsonObject().put("type", BrowserCommand.CHAT_READ).put("accountId", accountId).put("peer", "bob@example.org"));
    nodeEvent(NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "carol@example.org").put("text", "plain"));
    nextEvent(BrowserEvent.MESSAGE);
    command(new JsonObject().put("type", BrowserCommand.CHAT_READ).put("accountId", accountId).put("peer", "carol@example.org"));
    Thread.sleep(500);
    for (JsonObject c = nodeCommands.poll(); c != null; c = nodeCommands.poll()) {
      assertTrue(!NodeCommand.SEND_DISPLAYED.equals(c.getString("type")), "sent " + c);
    }
  }

  @Test
  void thePeerCorrectsThenTakesBackItsOwnMessageOnly() throws Exception {
    nodeEvent(NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bob@example.org").put("text", "helo")
        .put("remoteId", "b-1"));
    JsonObject original = nextEvent(BrowserEvent.MESSAGE).getJsonObject("message");

    // Carol cannot correct Bob's message, even naming its id.
    nodeEvent(NodeEvent.MESSAGE_CORRECTED, new JsonObject().put("from", "carol@example.org").put("id", "b-1")
        .put("text", "carol was here"));
    nodeEvent(NodeEvent.MESSAGE_CORRECTED, new JsonObject().put("from", "bob@example.org").put("id", "b-1")
        .put("text", "hello"));
    JsonObject corrected = nextEvent(BrowserEvent.MESSAGE_UPDATED).getJsonObject("message");
    assertEquals(original.copy().put("text", "hello").put("edited", true), corrected);
    assertEquals(List.of(corrected), command(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", "bob@example.org")).getJsonArray("messages").getList());

    nodeEvent(NodeEvent.MESSAGE_RETRACTED, new JsonObject().put("from", "bob@example.org").put("id", "b-1"));
    JsonObject removed = nextEvent(BrowserEvent.MESSAGE_UPDATED).getJsonObject("message");
    assertEquals(original.copy().put("text", "").put("removed", true), removed, "the text is gone, not kept");
    assertEquals(List.of(removed), command(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", "bob@example.org")).getJsonArray("messages").getList());

    // Taken back stays taken back; nothing new is published.
    nodeEvent(NodeEvent.MESSAGE_CORRECTED, new JsonObject().put("from", "bob@example.org").put("id", "b-1")
        .put("text", "back again"));
    Thread.sleep(500);
    for (JsonObject e = pushed.poll(); e != null; e = pushed.poll()) {
      assertTrue(!BrowserEvent.MESSAGE_UPDATED.equals(e.getString("type")), "published " + e);
    }
  }

  @Test
  void theUserCorrectsTheirLastMessageAndTakesOneBack() throws Exception {
    long first = send("bob@example.org", "helo");
    JsonObject corrected = command(new JsonObject().put("type", BrowserCommand.MESSAGE_CORRECT)
        .put("accountId", accountId).put("messageId", first).put("text", "hello")).getJsonObject("message");
    JsonObject toNode = nextNodeCommand(NodeCommand.SEND_CORRECTION);
    assertEquals("bob@example.org", toNode.getString("to"));
    assertEquals(String.valueOf(first), toNode.getString("messageId"));
    assertEquals("hello", toNode.getString("text"));
    assertEquals("hello", corrected.getString("text"));
    assertEquals(true, corrected.getBoolean("edited"));
    assertEquals(corrected, nextEvent(BrowserEvent.MESSAGE_UPDATED).getJsonObject("message"));
    JsonArray history = command(new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", "bob@example.org")).getJsonArray("messages");
    assertEquals(List.of(corrected), history.getList());

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    try {
      assertEquals(1, pool.preparedQuery("select count(*) from session.usage_outbox where id like $1")
          .execute(Tuple.of("msg:" + first + ":edit:%")).await().iterator().next().getLong(0),
          "a correction is a message sent: billed");
    } finally {
      pool.close();
    }

    long second = send("bob@example.org", "two");
    assertEquals(FailureCode.INVALID_FIELD.code(), failure(new JsonObject().put("type", BrowserCommand.MESSAGE_CORRECT)
        .put("accountId", accountId).put("messageId", first).put("text", "too late")).failureCode(),
        "only the last message can be corrected");

    JsonObject removed = command(new JsonObject().put("type", BrowserCommand.MESSAGE_RETRACT)
        .put("accountId", accountId).put("messageId", first)).getJsonObject("message");
    assertEquals(String.valueOf(first), nextNodeCommand(NodeCommand.SEND_RETRACTION).getString("messageId"));
    assertEquals("", removed.getString("text"));
    assertEquals(true, removed.getBoolean("removed"));
    assertEquals(FailureCode.INVALID_FIELD.code(), failure(new JsonObject().put("type", BrowserCommand.MESSAGE_RETRACT)
        .put("accountId", accountId).put("messageId", first)).failureCode(), "taken back once");
    // Not a message of this user's: refused in words, nothing sent.
    assertEquals(FailureCode.INVALID_FIELD.code(), failure(new JsonObject().put("type", BrowserCommand.MESSAGE_RETRACT)
        .put("accountId", accountId).put("messageId", second + 1000)).failureCode());

    // What the person sent from their phone can be corrected only there.
    nodeEvent(NodeEvent.OWN_MESSAGE, new JsonObject().put("to", "bob@example.org").put("text", "phone"));
    long fromPhone = nextEvent(BrowserEvent.MESSAGE).getJsonObject("message").getLong("id");
    ReplyException elsewhere = failure(new JsonObject().put("type", BrowserCommand.MESSAGE_CORRECT)
        .put("accountId", accountId).put("messageId", fromPhone).put("text", "fixed"));
    assertEquals(FailureCode.INVALID_FIELD.code(), elsewhere.failureCode());
    assertTrue(elsewhere.getMessage().contains("another client"), elsewhere.getMessage());
  }

  @Test
  void whatThePersonCorrectsOrTakesBackOnTheirPhoneFollowsAndNobodyElseCanChangeIt() throws Exception {
    nodeEvent(NodeEvent.OWN_MESSAGE, new JsonObject().put("to", "bob@example.org").put("text", "helo").put("remoteId", "p-1"));
    JsonObject own = nextEvent(BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals(true, own.getBoolean("elsewhere"));

    // Bob naming the id of Alice's own message changes nothing: only his own messages are his.
    nodeEvent(NodeEvent.MESSAGE_CORRECTED, new JsonObject().put("from", "bob@example.org").put("id", "p-1").put("text", "bob's"));
    nodeEvent(NodeEvent.MESSAGE_CORRECTED, new JsonObject().put("to", "bob@example.org").put("id", "p-1").put("text", "hello"));
    JsonObject corrected = nextEvent(BrowserEvent.MESSAGE_UPDATED).getJsonObject("message");
    assertEquals(own.copy().put("text", "hello").put("edited", true), corrected);
    nodeEvent(NodeEvent.MESSAGE_RETRACTED, new JsonObject().put("to", "bob@example.org").put("id", "p-1"));
    JsonObject removed = nextEvent(BrowserEvent.MESSAGE_UPDATED).getJsonObject("message");
    assertEquals(own.copy().put("text", "").put("removed", true), removed);
    assertEquals(List.of(removed), command(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", "bob@example.org")).getJsonArray("messages").getList());
  }

  @Test
  void aimAndIcqCannotCorrectOrTakeBack() {
    String aim = AccountReply.fromJson(command(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.OSCAR)
        .put("login", "alice smith").put("password", "aim-secret").put("host", "127.0.0.1").put("port", 5190))).account().id();
    for (String type : List.of(BrowserCommand.MESSAGE_CORRECT, BrowserCommand.MESSAGE_RETRACT)) {
      ReplyException refused = failure(new JsonObject().put("type", type).put("accountId", aim).put("messageId", 1)
          .put("text", "x"));
      assertEquals(FailureCode.NOT_SUPPORTED.code(), refused.failureCode());
      assertEquals(BrowserCommand.MESSAGE_CORRECT.equals(type) ? "Corrections are not supported on AIM / ICQ."
          : "Taking back a message is not supported on AIM / ICQ.", refused.getMessage());
    }
  }

  private ReplyException failure(JsonObject body) {
    try {
      vertx.eventBus().request(Addresses.BROWSER_COMMANDS, body, new DeliveryOptions().addHeader(Headers.USER_ID, userId)).await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("expected a failure for " + body);
  }
}
