package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Limits;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.Shards;
import parley.contract.UsageKind;
import parley.contract.browser.AccountReply;
import parley.contract.browser.AccountView;
import parley.contract.session.BrowserAttachment;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.contract.session.SignOut;
import parley.contract.testing.TestNetworks;
import parley.session.testing.SessionHarness;
import parley.session.testing.TestDatabase;

/**
 * The session verticle on a real PostgreSQL. The test stands in for the web verticle and for a
 * protocol node on the bus (the real node is exercised in the end-to-end tests).
 */
class SessionVerticleTest {
  private static final String NODE_ID = "test-node";

  private Vertx vertx;
  private JsonObject db;
  private final BlockingQueue<JsonObject> nodeCommands = new LinkedBlockingQueue<>();

  @BeforeEach
  void deploy() {
    vertx = Vertx.vertx();
    db = TestDatabase.freshDatabase();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject()
        .put("db", db)
        .put("session", new JsonObject()
            .put("credentialKey", Base64.getEncoder().encodeToString(key))
            .put("bcryptCost", 4)
            .put("idleTimeoutSeconds", 1));
    // The stand-in node accepts every connection and every command, and records them.
    for (String network : List.of(TestNetworks.XMPP, TestNetworks.OSCAR, TestNetworks.IRC)) {
      vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect(network), msg -> {
        nodeCommands.add(msg.body());
        msg.reply(new JsonObject().put("nodeId", NODE_ID));
      }).completion().await();
    }
    vertx.eventBus().<JsonObject>consumer(Addresses.node(NODE_ID), msg -> {
      nodeCommands.add(msg.body());
      msg.reply(new JsonObject());
    }).completion().await();
    // The protocol nodes' network descriptors, as the nodes advertise them.
    TestNetworks.advertise(vertx);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A sign-up or sign-in ({@code type}) as the web verticle sends it. */
  private Future<Identity> signInRequest(String type, String username, String password) {
    return vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
            new SignIn(type, username, password, null).toJson())
        .map(m -> Identity.fromJson(m.body()));
  }

  private Identity auth(String type, String username, String password) {
    return signInRequest(type, username, password).await();
  }

  private Future<Message<JsonObject>> command(String userId, JsonObject body) {
    return vertx.eventBus().request(Addresses.BROWSER_COMMANDS, body,
        new DeliveryOptions().addHeader(Headers.USER_ID, userId));
  }

  private ReplyException failure(Future<?> f) {
    try {
      f.await();
    } catch (ReplyException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a reply failure, got " + e, e);
    }
    throw new AssertionError("expected a failure");
  }

  private JsonObject nextNodeCommand(String type) throws InterruptedException {
    while (true) {
      JsonObject c = nodeCommands.poll(5, TimeUnit.SECONDS);
      assertNotNull(c, "the node never received " + type);
      if (type.equals(c.getString("type"))) {
        return c;
      }
    }
  }

  private void nodeEvent(String userId, String accountId, String type, JsonObject body) {
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, body.copy().put("type", type)
        .put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
  }

  private String signUp(String name) {
    return auth(SessionRequest.SIGN_UP, name, "password-of-" + name).userId();
  }

  private String addAccount(String userId, String login) {
    return AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", login)
        .put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222).put("tls", "if-offered"))
        .await().body()).account().id();
  }

  @Test
  void signUpSignInAndTheirFailures() {
    Identity alice = auth(SessionRequest.SIGN_UP, "Alice", "correct horse");
    assertEquals("alice", alice.username(), "usernames are case-insensitive");
    assertEquals(alice.userId(), auth(SessionRequest.SIGN_IN, "ALICE", "correct horse").userId());

    ReplyException taken = failure(signInRequest(SessionRequest.SIGN_UP, "alice", "another one"));
    assertEquals(FailureCode.USERNAME_TAKEN.code(), taken.failureCode());

    ReplyException wrong = failure(signInRequest(SessionRequest.SIGN_IN, "alice", "wrong password"));
    assertEquals(FailureCode.BAD_CREDENTIALS.code(), wrong.failureCode());
    ReplyException unknown = failure(signInRequest(SessionRequest.SIGN_IN, "nobody", "whatever1"));
    assertEquals(FailureCode.BAD_CREDENTIALS.code(), unknown.failureCode());
    assertEquals(wrong.getMessage(), unknown.getMessage(), "an unknown user looks like a wrong password");

    ReplyException shortPassword = failure(signInRequest(SessionRequest.SIGN_UP, "bob", "short"));
    assertEquals(FailureCode.INVALID_FIELD.code(), shortPassword.failureCode());
    ReplyException badName = failure(signInRequest(SessionRequest.SIGN_UP, "<bob>", "long enough"));
    assertEquals(FailureCode.INVALID_FIELD.code(), badName.failureCode());
  }

  @Test
  void imPasswordIsEncryptedAtRestAndNeverShownToTheBrowser() throws Exception {
    String userId = signUp("carol");
    JsonObject reply = command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD)
        .put("login", "Carol@Example.org").put("password", "hunter2-im-secret")).await().body();
    AccountView account = AccountReply.fromJson(reply).account();
    assertEquals("carol@example.org", account.login());
    assertEquals("required", account.tls());
    assertFalse(reply.encode().contains("hunter2"), "the reply must not carry the password");

    JsonObject connect = nextNodeCommand(NodeCommand.CONNECT);
    assertEquals("hunter2-im-secret", connect.getString("password"), "the node gets the decrypted password");
    assertEquals(userId, connect.getString("userId"));

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    byte[] secret = pool.query("select secret from session.im_accounts").execute().await()
        .iterator().next().getBuffer("secret").getBytes();
    assertFalse(new String(secret, StandardCharsets.ISO_8859_1).contains("hunter2"));

    JsonObject attach = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)).await().body();
    assertFalse(attach.encode().contains("hunter2"));
  }

  @Test
  void eventsMissedWhileDetachedArriveOnceInOrderAndHistoryIsKept() throws Exception {
    String userId = signUp("dave");
    String accountId = addAccount(userId, "dave@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));

    JsonObject first = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)).await().body();
    String stream = first.getString("stream");
    long seq = first.getLong("seq");

    BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.browserEvents(userId), m -> pushed.add(m.body())).completion().await();
    for (int i = 1; i <= 3; i++) {
      nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "erin@example.org").put("text", "m" + i));
    }
    for (int i = 0; i < 3; i++) {
      assertNotNull(pushed.poll(5, TimeUnit.SECONDS));
    }

    JsonObject again = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)
        .put("stream", stream).put("since", seq)).await().body();
    assertTrue(again.getBoolean("complete"));
    JsonArray events = again.getJsonArray("events");
    assertEquals(3, events.size());
    for (int i = 0; i < 3; i++) {
      JsonObject e = events.getJsonObject(i);
      assertEquals(BrowserEvent.MESSAGE, e.getString("type"));
      assertEquals(seq + i + 1, e.getLong("seq"));
      assertEquals("m" + (i + 1), e.getJsonObject("message").getString("text"));
    }
    JsonArray unread = again.getJsonObject("state").getJsonArray("unread");
    assertEquals(3, unread.getJsonObject(0).getInteger("count"));

    JsonObject stale = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)
        .put("stream", "an-old-stream").put("since", 2)).await().body();
    assertFalse(stale.getBoolean("complete"), "a seq from another stream cannot be trusted");

    JsonArray history = command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", "erin@example.org")).await().body().getJsonArray("messages");
    assertEquals(List.of("m1", "m2", "m3"), history.stream().map(m -> ((JsonObject) m).getString("text")).toList());
  }

  @Test
  void sentMessageIsStoredAndPublishedToEveryTab() throws Exception {
    String userId = signUp("frank");
    String accountId = addAccount(userId, "frank@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);

    JsonObject sent = command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "Grace@Example.org").put("text", "hello <b>grace</b>")).await().body();
    JsonObject toNode = nextNodeCommand(NodeCommand.SEND_MESSAGE);
    assertEquals("grace@example.org", toNode.getString("to"));
    assertEquals("hello <b>grace</b>", toNode.getString("text"));
    assertEquals("out", sent.getJsonObject("message").getString("direction"));
    assertEquals(String.valueOf(sent.getJsonObject("message").getLong("id")), toNode.getString("messageId"),
        "the node gets the history id, to match a bounce");
    assertEquals(MessageStatus.SENT, sent.getJsonObject("message").getString("status"));
    JsonObject event = pushed.poll(5, TimeUnit.SECONDS);
    assertEquals(BrowserEvent.MESSAGE, event.getString("type"));
    assertEquals(sent.getJsonObject("message").copy().put("status", MessageStatus.PENDING), event.getJsonObject("message"),
        "every tab sees the message at once, stored but not yet taken by the IM server");
    JsonObject status = pushed.poll(5, TimeUnit.SECONDS);
    assertEquals(BrowserEvent.MESSAGE_STATUS, status.getString("type"));
    assertEquals(sent.getJsonObject("message"), status.getJsonObject("message"));
    assertEquals(List.of(MessageStatus.SENT), history(userId, accountId, "grace@example.org").stream()
        .map(m -> ((JsonObject) m).getString("status")).toList());
  }

  private JsonArray history(String userId, String accountId, String peer) {
    return command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", peer)).await().body().getJsonArray("messages");
  }

  private static JsonObject nextEvent(BlockingQueue<JsonObject> pushed, String type) throws InterruptedException {
    return SessionHarness.nextEvent(pushed, type);
  }

  @Test
  void aBouncedMessageIsMarkedFailedWithTheReasonForItsOwnerOnly() throws Exception {
    String userId = signUp("kim");
    String accountId = addAccount(userId, "kim@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    JsonObject sent = command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "nobody@example.org").put("text", "anyone there?")).await().body().getJsonObject("message");
    String messageId = nextNodeCommand(NodeCommand.SEND_MESSAGE).getString("messageId");
    nextEvent(pushed, BrowserEvent.MESSAGE_STATUS);

    // Another user's node event naming kim's message changes nothing.
    String lee = signUp("lee");
    String leeAccount = addAccount(lee, "lee@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> leePushed = connectedWhileWatched(lee, leeAccount);
    nodeEvent(lee, leeAccount, NodeEvent.MESSAGE_FAILED, new JsonObject().put("messageId", messageId)
        .put("to", "nobody@example.org").put("error", FailureCode.IM_ERROR.toJson("not lee's message")));

    JsonObject error = FailureCode.IM_ERROR.toJson("nobody@example.org does not exist on that server.");
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_FAILED, new JsonObject().put("messageId", messageId)
        .put("to", "nobody@example.org").put("error", error));
    JsonObject failed = nextEvent(pushed, BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    assertEquals(sent.copy().put("status", MessageStatus.FAILED).put("error", error), failed);
    Thread.sleep(300);
    assertEquals(List.of(failed), history(userId, accountId, "nobody@example.org").getList());
    for (JsonObject e = leePushed.poll(); e != null; e = leePushed.poll()) {
      assertFalse(BrowserEvent.MESSAGE_STATUS.equals(e.getString("type")), "lee was told of kim's message: " + e);
    }
  }

  @Test
  void aDelayedMessageKeepsTheTimeItWasSentAndItsPlace() throws Exception {
    String userId = signUp("mia");
    String accountId = addAccount(userId, "mia@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    long anHourAgo = System.currentTimeMillis() - 3_600_000L;
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "ned@example.org")
        .put("text", "kept offline").put("ts", anHourAgo));
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "ned@example.org")
        .put("text", "just now"));
    JsonObject delayed = nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("kept offline", delayed.getString("text"));
    assertEquals(anHourAgo, delayed.getLong("ts"), "shown with the time it was sent");
    assertEquals(MessageStatus.SENT, delayed.getString("status"));
    JsonObject now = nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message");
    assertTrue(now.getLong("ts") > anHourAgo + 3_000_000L);
    assertEquals(List.of(delayed, now), history(userId, accountId, "ned@example.org").getList(),
        "stored with that time, in the order they came");
  }

  @Test
  void aMessageWithAStanzaIdIsStoredOnceAndTheNextConnectAsksTheArchiveAfterIt() throws Exception {
    String userId = signUp("sid");
    String accountId = addAccount(userId, "sid@example.org");
    assertNull(nextNodeCommand(NodeCommand.CONNECT).getString("archiveAfter"), "first connect: the recent page");
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    JsonObject live = new JsonObject().put("from", "tea@example.org").put("text", "once").put("stanzaId", "S1");
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, live);
    // The same message again: from the archive after a reconnect, or resent by a node.
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, live.copy().put("archiveId", "S1"));
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "tea@example.org")
        .put("text", "from my phone").put("stanzaId", "S2").put("archiveId", "S2").put("direction", "out"));
    JsonObject first = nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("once", first.getString("text"));
    assertEquals("S1", first.getString("stanzaId"));
    JsonObject second = nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("from my phone", second.getString("text"), "the repeated message is not shown twice");
    assertEquals("out", second.getString("direction"));
    assertEquals(List.of(first, second), history(userId, accountId, "tea@example.org").getList(), "stored once each");
    JsonObject attach = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)).await().body();
    assertEquals(1, attach.getJsonObject("state").getJsonArray("unread").getJsonObject(0).getInteger("count"),
        "one unread: the message the user sent from the phone is not unread");

    // Another account may have the same id from its own server.
    String other = addAccount(userId, "sid@example.net");
    nextNodeCommand(NodeCommand.CONNECT);
    nodeEvent(userId, other, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    nodeEvent(userId, other, NodeEvent.MESSAGE_RECEIVED, live);
    assertEquals("once", nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message").getString("text"));

    command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_DISCONNECT).put("accountId", accountId)).await();
    command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_CONNECT).put("accountId", accountId)).await();
    assertEquals("S2", nextNodeCommand(NodeCommand.CONNECT).getString("archiveAfter"));
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    assertEquals("S2", pool.preparedQuery("select archive_id from session.im_accounts where id = $1")
        .execute(Tuple.of(UUID.fromString(accountId))).await().iterator().next().getString("archive_id"),
        "kept for the next session process too");
    assertEquals(2L, pool.query("select count(*) from session.usage_outbox where record->>'kind' = 'message-received'")
        .execute().await().iterator().next().getLong(0), "billed once per account, the phone's message not as received");
  }

  @Test
  void aMessageFromThePhoneAsACarbonAndFromTheArchiveIsStoredOnce() throws Exception {
    String userId = signUp("cab");
    String accountId = addAccount(userId, "cab@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    // Live as a carbon first, then found in the archive after a reconnect.
    nodeEvent(userId, accountId, NodeEvent.OWN_MESSAGE, new JsonObject().put("to", "dan@example.org")
        .put("text", "carbon first").put("stanzaId", "C1"));
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "dan@example.org")
        .put("text", "carbon first").put("stanzaId", "C1").put("archiveId", "C1").put("direction", "out"));
    // The other way round: from the archive's catch-up, then the late carbon.
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "dan@example.org")
        .put("text", "archive first").put("stanzaId", "C2").put("archiveId", "C2").put("direction", "out"));
    nodeEvent(userId, accountId, NodeEvent.OWN_MESSAGE, new JsonObject().put("to", "dan@example.org")
        .put("text", "archive first").put("stanzaId", "C2"));
    // A carbon without a stanza id (a server without an archive) is stored as before.
    nodeEvent(userId, accountId, NodeEvent.OWN_MESSAGE, new JsonObject().put("to", "dan@example.org").put("text", "no id"));

    JsonObject carbon = nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("carbon first", carbon.getString("text"));
    assertEquals("C1", carbon.getString("stanzaId"));
    assertEquals("out", carbon.getString("direction"));
    assertEquals("archive first", nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message").getString("text"),
        "the archived copy of the carbon is not shown again");
    assertEquals("no id", nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message").getString("text"),
        "the late carbon of the archived message is not shown again");
    assertEquals(List.of("carbon first", "archive first", "no id"), history(userId, accountId, "dan@example.org").stream()
        .map(m -> ((JsonObject) m).getString("text")).toList(), "each stored once");
  }

  @Test
  void theArchiveCatchUpKeepsItsPositionAndTellsThePageWhatMayBeMissing() throws Exception {
    String userId = signUp("uma");
    String accountId = addAccount(userId, "uma@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    nodeEvent(userId, accountId, NodeEvent.ARCHIVE_SYNCED, new JsonObject().put("available", true)
        .put("lastId", "L7").put("complete", true).put("fetched", 0));
    nodeEvent(userId, accountId, NodeEvent.ARCHIVE_SYNCED, new JsonObject().put("available", true)
        .put("lastId", "L8").put("complete", false).put("fetched", 1000));
    JsonObject gap = nextEvent(pushed, BrowserEvent.ARCHIVE_GAP);
    assertEquals("incomplete", gap.getString("reason"));
    assertTrue(gap.getString("text").contains("uma@example.org"), gap.getString("text"));
    nodeEvent(userId, accountId, NodeEvent.ARCHIVE_SYNCED, new JsonObject().put("available", false));
    JsonObject none = nextEvent(pushed, BrowserEvent.ARCHIVE_GAP);
    assertEquals("no-archive", none.getString("reason"));
    assertEquals(accountId, none.getString("accountId"));
    assertEquals("The server of uma@example.org keeps no message archive, so messages sent to you while Parley was "
        + "away may have been missed.", none.getString("text"));
    command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_DISCONNECT).put("accountId", accountId)).await();
    command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_CONNECT).put("accountId", accountId)).await();
    assertEquals("L8", nextNodeCommand(NodeCommand.CONNECT).getString("archiveAfter"));

    // Another login is another archive.
    command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_UPDATE).put("accountId", accountId)
        .put("login", "uma@example.net")).await();
    assertNull(nextNodeCommand(NodeCommand.CONNECT).getString("archiveAfter"));
  }

  @Test
  void olderMessagesComeFromTheArchiveOfXmppAccountsOnly() throws Exception {
    String userId = signUp("vic");
    String accountId = addAccount(userId, "vic@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    connectedWhileWatched(userId, accountId);
    JsonObject reply = command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_ARCHIVE)
        .put("accountId", accountId).put("peer", "wes@example.org").put("before", "B1").put("limit", 20)).await().body();
    JsonObject query = nextNodeCommand(NodeCommand.ARCHIVE_QUERY);
    assertEquals("wes@example.org", query.getString("with"));
    assertEquals("B1", query.getString("before"));
    assertEquals(20, query.getInteger("max"));
    assertEquals(new JsonArray(), reply.getJsonArray("messages"));
    command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_ARCHIVE)
        .put("accountId", accountId).put("peer", "wes@example.org").put("beforeTs", 1764060000000L)).await();
    JsonObject byTime = nextNodeCommand(NodeCommand.ARCHIVE_QUERY);
    assertEquals(1764059999999L, byTime.getLong("end"));
    assertNull(byTime.getString("before"));

    String oscar = AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "oscar")
        .put("login", "VicSmith").put("password", "im-secret").put("host", "127.0.0.1").put("port", 5190))
        .await().body()).account().id();
    ReplyException refused = failure(command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_ARCHIVE)
        .put("accountId", oscar).put("peer", "WesJones")));
    assertEquals(FailureCode.NOT_SUPPORTED.code(), refused.failureCode());
    assertEquals("Older messages from the server's archive are not supported on AIM / ICQ.", refused.getMessage());
  }

  @Test
  void aReceivedMessageIsStoredEvenWithAnAbsurdTimeOrANul() throws Exception {
    String userId = signUp("nils");
    String accountId = addAccount(userId, "nils@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    long before = System.currentTimeMillis();
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "oda@example.org")
        .put("text", "far future").put("ts", Long.MAX_VALUE));
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "oda@example.org")
        .put("text", "nul\u0000inside"));
    JsonObject future = nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("far future", future.getString("text"));
    assertTrue(future.getLong("ts") >= before - 1000 && future.getLong("ts") <= System.currentTimeMillis(),
        "a time that cannot be right is replaced by the time it arrived");
    assertEquals("nul\uFFFDinside", nextEvent(pushed, BrowserEvent.MESSAGE).getJsonObject("message").getString("text"),
        "a character the database cannot hold is replaced, the message kept");
  }

  @Test
  void aMessageOfOnlySpacesIsRefused() throws Exception {
    String userId = signUp("ola");
    String accountId = addAccount(userId, "ola@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    connectedWhileWatched(userId, accountId);
    ReplyException empty = failure(command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "pia@example.org").put("text", " \n\t ")));
    assertEquals(FailureCode.INVALID_FIELD.code(), empty.failureCode());
    assertEquals("The message is empty.", empty.getMessage());
    assertNull(pollType(NodeCommand.SEND_MESSAGE, 300), "nothing sent");
    assertEquals(0, history(userId, accountId, "pia@example.org").size(), "nothing stored");
  }

  @Test
  void eachStoredMessageHasItsUsageRecordInTheOutbox() throws Exception {
    String userId = signUp("ida");
    String accountId = addAccount(userId, "ida@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);

    JsonObject sent = command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "jan@example.org").put("text", "grüße")).await().body().getJsonObject("message");
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "jan@example.org").put("text", "hi"));
    JsonObject received;
    do {
      received = pushed.poll(5, TimeUnit.SECONDS);
      assertNotNull(received, "the received message was never published");
    } while (!BrowserEvent.MESSAGE.equals(received.getString("type")) || !"in".equals(received.getJsonObject("message").getString("direction")));
    received = received.getJsonObject("message");

    // No billing runs here, so the records stay in the outbox as they were written.
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    List<JsonObject> records = new java.util.ArrayList<>();
    pool.query("select id, record from session.usage_outbox where id like 'msg:%' order by seq").execute().await()
        .forEach(row -> {
          assertEquals(row.getJsonObject("record").getString("id"), row.getString("id"));
          records.add(row.getJsonObject("record"));
        });
    assertEquals(List.of(
        new JsonObject().put("id", UsageKind.messageId(sent.getLong("id"))).put("userId", userId).put("accountId", accountId)
            .put("network", TestNetworks.XMPP).put("kind", UsageKind.MESSAGE_SENT).put("bytes", 7).put("ts", sent.getLong("ts")),
        new JsonObject().put("id", UsageKind.messageId(received.getLong("id"))).put("userId", userId).put("accountId", accountId)
            .put("network", TestNetworks.XMPP).put("kind", UsageKind.MESSAGE_RECEIVED).put("bytes", 2).put("ts", received.getLong("ts"))),
        records, "one record per message, with UTF-8 bytes and the history row's id and time");
    long storedTs = pool.query("select sent_at from session.messages order by id").execute().await()
        .iterator().next().getOffsetDateTime("sent_at").toInstant().toEpochMilli();
    assertEquals(storedTs, sent.getLong("ts"), "the browser's ts is the stored time, in milliseconds");
  }

  @Test
  void aimAndIcqAccountsNeedAServerAndUseNormalisedScreenNames() throws Exception {
    String userId = signUp("henry");
    JsonObject aim = new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.OSCAR)
        .put("login", "Henry Ford").put("password", "im-secret");
    ReplyException noHost = failure(command(userId, aim.copy().put("port", 5190)));
    assertEquals(FailureCode.INVALID_FIELD.code(), noHost.failureCode());
    assertEquals("host is required for AIM / ICQ accounts (the server, like aim.example.org).", noHost.getMessage());
    ReplyException noPort = failure(command(userId, aim.copy().put("host", "127.0.0.1")));
    assertEquals("port is required for AIM / ICQ accounts (usually 5190).", noPort.getMessage());
    ReplyException badName = failure(command(userId, aim.copy().put("login", "1henry").put("host", "h").put("port", 5190)));
    assertEquals(FailureCode.INVALID_JID.code(), badName.failureCode());
    assertTrue(badName.getMessage().contains("not a valid AIM screen name"), badName.getMessage());

    AccountView account = AccountReply.fromJson(command(userId, aim.copy().put("host", "127.0.0.1").put("port", 5190))
        .await().body()).account();
    assertEquals(TestNetworks.OSCAR, account.network());
    assertEquals("henryford", account.login());
    JsonObject connect = nextNodeCommand(NodeCommand.CONNECT);
    assertEquals("henryford", connect.getString("login"));
    assertEquals(5190, connect.getInteger("port"));

    String accountId = account.id();
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);
    command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "Edsel Ford").put("text", "hi")).await();
    assertEquals("edselford", nextNodeCommand(NodeCommand.SEND_MESSAGE).getString("to"));

    AccountView icq = AccountReply.fromJson(command(userId, aim.copy().put("login", "123456789").put("host", "127.0.0.1")
        .put("port", 5190)).await().body()).account();
    assertEquals("123456789", icq.login());
  }

  @Test
  void ircAccountsNeedAServerKeepTheirNicknameAndNameNicknamesOrChannels() throws Exception {
    String userId = signUp("irene");
    JsonObject irc = new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.IRC)
        .put("login", "Irene").put("password", "nickserv-pw");
    ReplyException noHost = failure(command(userId, irc.copy()));
    assertEquals(FailureCode.INVALID_FIELD.code(), noHost.failureCode());
    assertEquals("host is required for IRC accounts (the server, like irc.libera.chat).", noHost.getMessage());
    ReplyException badNick = failure(command(userId, irc.copy().put("login", "9lives").put("host", "h")));
    assertEquals(FailureCode.INVALID_JID.code(), badNick.failureCode());
    assertEquals("\"9lives\" is not a valid IRC nickname (1-30 letters, digits and []\\`_^{|}-, not starting with a digit or -).",
        badNick.getMessage());
    assertEquals(FailureCode.INVALID_JID.code(), failure(command(userId, irc.copy().put("login", "#chan").put("host", "h"))).failureCode());

    AccountView account = AccountReply.fromJson(command(userId, irc.copy().put("host", "127.0.0.1")).await().body()).account();
    assertEquals(TestNetworks.IRC, account.network());
    assertEquals("Irene", account.login());
    JsonObject connect = nextNodeCommand(NodeCommand.CONNECT);
    assertEquals("Irene", connect.getString("login"));
    assertNull(connect.getValue("port"), "the node picks the port from tls");

    String accountId = account.id();
    connectedWhileWatched(userId, accountId);
    command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "Bob").put("text", "hi")).await();
    assertEquals("bob", nextNodeCommand(NodeCommand.SEND_MESSAGE).getString("to"));
    command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "#Parley").put("text", "hi all")).await();
    assertEquals("#parley", nextNodeCommand(NodeCommand.SEND_MESSAGE).getString("to"));
    ReplyException badPeer = failure(command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "bob smith").put("text", "hi")));
    assertEquals(FailureCode.INVALID_JID.code(), badPeer.failureCode());
    assertTrue(badPeer.getMessage().endsWith("or channel (#name)."), badPeer.getMessage());
  }

  /** Has the node report the account connected, with the user's browser events gathered from before. */
  private BlockingQueue<JsonObject> connectedWhileWatched(String userId, String accountId) throws InterruptedException {
    BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.browserEvents(userId), m -> pushed.add(m.body())).completion().await();
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    waitForState(pushed, ConnectionState.CONNECTED);
    return pushed;
  }

  private static void waitForState(BlockingQueue<JsonObject> pushed, String state) throws InterruptedException {
    while (true) {
      JsonObject e = pushed.poll(5, TimeUnit.SECONDS);
      assertNotNull(e, "never reached " + state);
      if (BrowserEvent.ACCOUNT_STATE.equals(e.getString("type")) && state.equals(e.getString("state"))) {
        return;
      }
    }
  }

  @Test
  void connectionsCloseAfterTheIdleTimeAndComeBackOnAttach() throws Exception {
    String userId = signUp("heidi");
    String accountId = addAccount(userId, "heidi@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    vertx.eventBus().send(Addresses.SESSION_BROWSERS,
        new BrowserAttachment(SessionRequest.BROWSER_ATTACHED, userId, "s1", null).toJson());
    Thread.sleep(1500);
    assertNull(pollType(NodeCommand.DISCONNECT, 100), "no disconnect while a browser is attached");

    vertx.eventBus().send(Addresses.SESSION_BROWSERS,
        new BrowserAttachment(SessionRequest.BROWSER_DETACHED, userId, "s1", null).toJson());
    JsonObject disconnect = nextNodeCommand(NodeCommand.DISCONNECT);
    assertEquals(accountId, disconnect.getString("accountId"));

    JsonObject attach = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)).await().body();
    assertEquals(accountId, nextNodeCommand(NodeCommand.CONNECT).getString("accountId"), "attach brings the account back");
    assertEquals(ConnectionState.CONNECTING,
        AccountView.fromJson(attach.getJsonObject("state").getJsonArray("accounts").getJsonObject(0)).state());
  }

  @Test
  void anAttachmentThatNamesNoSocketIsRefusedInWordsNotDropped() {
    String userId = signUp("ivan");
    ReplyException refused = failure(vertx.eventBus().request(Shards.address(userId, Shards.DEFAULT_COUNT),
        new JsonObject().put("type", SessionRequest.BROWSER_ATTACHED).put("userId", userId),
        new DeliveryOptions().addHeader(Headers.KIND, Headers.KIND_BROWSER)));
    assertEquals(FailureCode.INVALID_FIELD.code(), refused.failureCode());
    assertEquals("The field 'socketId' is missing or invalid.", refused.getMessage());
  }

  @Test
  void signingOutClosesConnectionsAtOnceAndTellsEveryTab() throws Exception {
    String userId = signUp("judy");
    String accountId = addAccount(userId, "judy@example.org");
    nextNodeCommand(NodeCommand.CONNECT);
    vertx.eventBus().send(Addresses.SESSION_BROWSERS,
        new BrowserAttachment(SessionRequest.BROWSER_ATTACHED, userId, "tab-1", null).toJson());
    BlockingQueue<JsonObject> pushed = connectedWhileWatched(userId, accountId);

    vertx.eventBus().request(Addresses.SESSION_AUTH, new SignOut(userId).toJson()).await();
    assertEquals(accountId, nextNodeCommand(NodeCommand.DISCONNECT).getString("accountId"), "closed while a tab is still attached");
    boolean signedOut = false;
    for (JsonObject e = pushed.poll(5, TimeUnit.SECONDS); e != null && !signedOut; e = pushed.poll(1, TimeUnit.SECONDS)) {
      signedOut = BrowserEvent.SIGNED_OUT.equals(e.getString("type"));
    }
    assertTrue(signedOut, "every tab is told");
  }

  private JsonObject pollType(String type, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      JsonObject c = nodeCommands.poll(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
      if (c != null && type.equals(c.getString("type"))) {
        return c;
      }
    }
    return null;
  }

  @Test
  void badCommandsGetClearFailuresAndChangeNothing() {
    String userId = signUp("ivan");
    String accountId = addAccount(userId, "ivan@example.org");

    assertEquals(FailureCode.NOT_SIGNED_IN.code(), failure(vertx.eventBus().request(Addresses.BROWSER_COMMANDS,
        new JsonObject().put("type", BrowserCommand.ATTACH))).failureCode());
    assertEquals(FailureCode.MALFORMED.code(), failure(vertx.eventBus().request(Addresses.BROWSER_COMMANDS, "not json",
        new DeliveryOptions().addHeader(Headers.USER_ID, userId))).failureCode());
    assertEquals(FailureCode.UNKNOWN_TYPE.code(), failure(command(userId, new JsonObject().put("type", "launch.missiles"))).failureCode());
    assertEquals(FailureCode.UNKNOWN_TYPE.code(), failure(command(userId, new JsonObject())).failureCode());
    assertEquals(FailureCode.INVALID_JID.code(), failure(command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "not a jid").put("text", "hi"))).failureCode());
    ReplyException tooLong = failure(command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "x@example.org").put("text", "a".repeat(Limits.MAX_TEXT_CHARS + 1))));
    assertEquals(FailureCode.TEXT_TOO_LONG.code(), tooLong.failureCode());
    assertTrue(tooLong.getMessage().contains("10000"), tooLong.getMessage());
    assertEquals(FailureCode.NOT_CONNECTED.code(), failure(command(userId, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", accountId).put("to", "x@example.org").put("text", "hi"))).failureCode());
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), failure(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_REMOVE)
        .put("accountId", "3f1c7c1e-0000-0000-0000-000000000000"))).failureCode());
    assertEquals(FailureCode.INVALID_FIELD.code(), failure(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD)
        .put("login", "x@example.org").put("password", "p").put("port", 70000))).failureCode());
    assertEquals(FailureCode.INVALID_FIELD.code(), failure(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_CONNECT)
        .put("accountId", 42))).failureCode());

    // Another user's account is not reachable by id.
    String mallory = signUp("mallory");
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), failure(command(mallory, new JsonObject().put("type", BrowserCommand.ACCOUNT_REMOVE)
        .put("accountId", accountId))).failureCode());

    // Nothing was lost: the account is still there and still works.
    JsonArray accounts = command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)).await().body()
        .getJsonObject("state").getJsonArray("accounts");
    assertEquals(1, accounts.size());
    assertEquals(accountId, AccountView.fromJson(accounts.getJsonObject(0)).id());
  }
}
