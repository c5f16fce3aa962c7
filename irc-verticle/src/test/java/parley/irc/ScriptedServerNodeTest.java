package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.irc.testing.ScramServerSide;
import parley.irc.testing.ScriptedServer;

/**
 * The node against a scripted server: SASL and NickServ (the Debian servers have no services),
 * IRCv3 details, and a server that misbehaves (garbage, endless lines, flood kills, silence).
 */
@ExtendWith(VertxExtension.class)
@Timeout(90)
class ScriptedServerNodeTest {
  private static final String PASSWORD = "s3cret pass";
  private final ScriptedServer server = new ScriptedServer();
  private NodeHarness node;
  private final String account = NodeHarness.newAccountId();

  @AfterEach
  void close() {
    server.close();
  }

  private void deploy(Vertx vertx, JsonObject config) {
    node = new NodeHarness(vertx, config);
  }

  private ScriptedServer.Client connect(Vertx vertx, JsonObject config, String nick, String password) {
    deploy(vertx, config);
    node.connect(NodeHarness.connectCommand(account, nick, password, "127.0.0.1", server.port(), false));
    node.awaitState(account, "connecting");
    return server.accept();
  }

  /** Signs on without SASL or NickServ; returns the connection, online. */
  private ScriptedServer.Client online(Vertx vertx, JsonObject config, String caps) {
    ScriptedServer.Client c = connect(vertx, config, "alice", null);
    c.negotiate(caps);
    c.welcome("alice");
    node.awaitState(account, "connected");
    return c;
  }

  private static String decode(String authenticateLine) {
    return new String(Base64.getDecoder().decode(authenticateLine.substring("AUTHENTICATE ".length())), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String errorText(JsonObject state) {
    return state.getJsonObject("error").getString("text");
  }

  // ---- signing in ----

  @Test
  void saslPlainSignsInBeforeRegistration(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", PASSWORD);
    String req = c.negotiate("sasl=PLAIN,EXTERNAL server-time echo-message unknown-cap");
    assertTrue(req.contains("sasl") && req.contains("server-time") && req.contains("echo-message"), req);
    assertFalse(req.contains("unknown-cap"), req);
    c.await("AUTHENTICATE PLAIN");
    c.send("AUTHENTICATE +");
    assertEquals("alice\0alice\0" + PASSWORD, decode(c.await("AUTHENTICATE ")));
    c.send(":scripted 900 alice alice!a@h alice :You are now logged in as alice", ":scripted 903 alice :SASL authentication successful");
    c.welcome("alice");
    node.awaitState(account, "connected");
  }

  @Test
  void aWrongSaslPasswordFailsAndIsNotRetried(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", "wrong");
    c.negotiate("sasl=PLAIN");
    c.await("AUTHENTICATE PLAIN");
    c.send("AUTHENTICATE +");
    c.await("AUTHENTICATE ");
    c.send(":scripted 904 alice :SASL authentication failed");
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_AUTH_FAILED", failed.getJsonObject("error").getString("code"));
    assertEquals("The IRC server refused the nickname's account name or password (SASL PLAIN).", errorText(failed));
    c.awaitClosed();
  }

  @Test
  void scramSha256IsPreferredAndTheServerMustProveItKnowsThePassword(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", PASSWORD);
    c.negotiate("sasl=PLAIN,SCRAM-SHA-256");
    c.await("AUTHENTICATE SCRAM-SHA-256");
    c.send("AUTHENTICATE +");
    ScramServerSide scram = new ScramServerSide(PASSWORD, 4096);
    String clientFirst = decode(c.await("AUTHENTICATE "));
    assertTrue(clientFirst.startsWith("n,,n=alice,r="), clientFirst);
    c.send("AUTHENTICATE " + encode(scram.first(clientFirst)));
    String serverFinal = scram.last(decode(c.await("AUTHENTICATE ")));
    assertNotNull(serverFinal, "the node's proof was right");
    c.send("AUTHENTICATE " + encode(serverFinal));
    c.await("AUTHENTICATE +");
    c.send(":scripted 903 alice :SASL authentication successful");
    c.welcome("alice");
    node.awaitState(account, "connected");
  }

  @Test
  void aScramServerWithAForgedSignatureIsRefused(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", PASSWORD);
    c.negotiate("sasl=SCRAM-SHA-256");
    c.await("AUTHENTICATE SCRAM-SHA-256");
    c.send("AUTHENTICATE +");
    ScramServerSide scram = new ScramServerSide(PASSWORD, 4096);
    c.send("AUTHENTICATE " + encode(scram.first(decode(c.await("AUTHENTICATE ")))));
    c.await("AUTHENTICATE ");
    c.send("AUTHENTICATE " + encode("v=" + encode("not the server's signature, 32 b")));
    c.await("AUTHENTICATE *");
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_AUTH_FAILED", failed.getJsonObject("error").getString("code"));
    assertTrue(errorText(failed).startsWith("The IRC server's SASL sign-in failed (SCRAM failed"), errorText(failed));
  }

  @Test
  void withoutSaslTheNodeIdentifiesToNickServAndAWrongPasswordFails(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", "wrong");
    c.negotiate("server-time");
    c.welcome("alice");
    assertEquals("NICKSERV IDENTIFY alice wrong", c.await("NICKSERV"));
    c.send(":NickServ!NickServ@services. NOTICE alice :Invalid password for alice.");
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_AUTH_FAILED", failed.getJsonObject("error").getString("code"));
    assertEquals("NickServ refused the password: \"Invalid password for alice.\".", errorText(failed));
  }

  @Test
  void nickServAcceptingThePasswordBringsTheAccountOnline(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", PASSWORD);
    c.negotiate("");
    c.send(":scripted 001 alice :Welcome");
    assertEquals("NICKSERV IDENTIFY alice :" + PASSWORD, c.await("NICKSERV"));
    c.send(":NickServ!NickServ@services. NOTICE alice :You are now identified for alice.");
    node.awaitState(account, "connected");
    assertTrue(node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream().noneMatch(e -> "failed".equals(e.getString("state"))));
  }

  @Test
  void aServerWithoutServicesKeepsThePasswordAndSignsOn(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", PASSWORD);
    c.negotiate("");
    c.send(":scripted 001 alice :Welcome");
    c.await("NICKSERV");
    c.send(":scripted 421 alice NICKSERV :Unknown command");
    node.awaitState(account, "connected");
  }

  @Test
  void aPasswordIrcCannotCarryIsRefusedBeforeConnecting(Vertx vertx) {
    deploy(vertx, NodeHarness.fastConfig());
    ReplyException refused = node.failure(Addresses.nodeConnect("irc"),
        NodeHarness.connectCommand(account, "alice", "pw\r\nQUIT :injected", "127.0.0.1", server.port(), false));
    NodeHarness.assertFailure(refused, FailureCode.INVALID_FIELD);
    assertEquals("An IRC password cannot hold line breaks or NUL.", refused.getMessage());
  }

  @Test
  void everyAlternativeNicknameInUseFailsInWords(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig(), "alice", null);
    c.negotiate("");
    for (String taken : List.of("alice", "alice_", "alice__", "alice1", "alice2")) {
      c.await("NICK " + taken);
      c.send(":scripted 433 * " + taken + " :Nickname is already in use");
    }
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_ERROR", failed.getJsonObject("error").getString("code"));
    assertEquals("The IRC server refused the nickname alice and every alternative Parley tried (in use or not allowed).",
        errorText(failed));
  }

  // ---- IRCv3 ----

  @Test
  void serverTimeDatesMessagesAndTypingArrives(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "server-time message-tags");
    c.send("@time=2020-01-01T00:00:00.000Z;msgid=abc :bob!b@h PRIVMSG alice :from the past");
    JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals(1577836800000L, in.getLong("ts"));
    assertEquals("abc", in.getString("remoteId"));
    c.send("@+typing=active :bob!b@h TAGMSG alice");
    assertEquals("composing", node.awaitEvent(account, NodeEvent.TYPING, e -> true).getString("state"));
    node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", "bob").put("state", "paused"));
    assertEquals("@+typing=paused TAGMSG bob", c.await("@+typing"));
  }

  @Test
  void chathistoryFillsTheGapOnceInOrderWithTheArchivePosition(Vertx vertx) {
    deploy(vertx, NodeHarness.fastConfig());
    node.connect(NodeHarness.connectCommand(account, "alice", null, "127.0.0.1", server.port(), false)
        .put("archiveAfter", "2020-01-01T00:00:00.000Z"));
    ScriptedServer.Client c = server.accept();
    String req = c.negotiate("batch server-time message-tags draft/chathistory");
    assertTrue(req.contains("draft/chathistory") && req.contains("batch"), req);
    c.welcome("alice");
    node.awaitState(account, "connected");
    assertTrue(c.await("CHATHISTORY").startsWith("CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z timestamp=20"));
    c.send(":scripted BATCH +t1 draft/chathistory-targets",
        "@batch=t1 :scripted CHATHISTORY TARGETS bob 2020-01-01T00:02:00.000Z",
        "@batch=t1 :scripted CHATHISTORY TARGETS #chan 2020-01-01T00:03:00.000Z",
        ":scripted BATCH -t1");
    assertEquals("CHATHISTORY AFTER bob timestamp=2020-01-01T00:00:00.000Z 100", c.await("CHATHISTORY"));
    assertEquals("CHATHISTORY AFTER #chan timestamp=2020-01-01T00:00:00.000Z 100", c.await("CHATHISTORY"));
    c.send(":scripted BATCH +h1 chathistory bob",
        "@batch=h1;time=2020-01-01T00:01:00.000Z;msgid=m1 :alice!a@h PRIVMSG bob :my own, not reported",
        "@batch=h1;time=2020-01-01T00:02:00.000Z;msgid=m2 :bob!b@h PRIVMSG alice :while you were away",
        ":scripted BATCH -h1",
        ":scripted BATCH +h2 chathistory #chan",
        "@batch=h2;time=2020-01-01T00:01:30.000Z;msgid=m3 :carol!c@h PRIVMSG #chan :in the channel",
        ":scripted BATCH -h2");
    JsonObject synced = node.awaitEvent(account, NodeEvent.ARCHIVE_SYNCED, e -> true);
    assertEquals(true, synced.getBoolean("complete"));
    assertEquals(3, synced.getInteger("fetched"));
    assertEquals("2020-01-01T00:02:00.000Z", synced.getString("lastId"));
    List<JsonObject> got = node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED);
    assertEquals(List.of("while you were away"), got.stream().map(e -> e.getString("text")).toList());
    assertEquals(List.of("bob"), got.stream().map(e -> e.getString("from")).toList());
    assertEquals(List.of("m2"), got.stream().map(e -> e.getString("stanzaId")).toList());
    assertEquals(List.of("2020-01-01T00:02:00.000Z"), got.stream().map(e -> e.getString("archiveId")).toList());
    // What was said in a channel is the room's history.
    JsonObject inChannel = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> true);
    assertEquals("#chan", inChannel.getString("room"));
    assertEquals("carol", inChannel.getString("nick"));
    assertEquals("in the channel", inChannel.getString("text"));
    assertEquals("m3", inChannel.getString("stanzaId"));
    assertEquals(true, inChannel.getBoolean("delayed"));

    // From now on live messages carry their time as the position too.
    c.send("@time=2020-01-01T00:05:00.000Z;msgid=m4 :bob!b@h PRIVMSG alice :live again");
    JsonObject live = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "live again".equals(e.getString("text")));
    assertEquals("2020-01-01T00:05:00.000Z", live.getString("archiveId"));
  }

  @Test
  void aChannelJoinedBringsItsLatestHistoryAndOwnMessagesAreReflectedWithTheirId(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig()
        .put("maxLinesPerMessage", 3), "batch server-time message-tags draft/chathistory echo-message");
    var joined = node.commandAsync(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", "#Hist").put("nick", "alice"));
    assertEquals("JOIN #Hist", c.await("JOIN"));
    c.send(":alice!a@h JOIN #Hist", ":scripted 353 alice = #Hist :@alice +bob carol", ":scripted 366 alice #Hist :End");
    assertEquals("#hist", NodeHarness.await(joined).getString("room"));
    assertEquals("CHATHISTORY LATEST #Hist * 20", c.await("CHATHISTORY"));
    c.send(":scripted BATCH +j1 chathistory #Hist",
        "@batch=j1;time=2020-01-01T00:01:00.000Z;msgid=h1 :bob!b@h PRIVMSG #Hist :before you came",
        ":scripted BATCH -j1");
    JsonObject old = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "bob".equals(e.getString("nick")));
    assertEquals("before you came", old.getString("text"));
    assertEquals(true, old.getBoolean("delayed"));
    assertEquals("h1", old.getString("stanzaId"));
    assertEquals(1577836860000L, old.getLong("ts"));
    // The account is an operator here: its room-state says so; bob (voiced) and carol are occupants, alice is not.
    JsonObject op = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "moderator".equals(e.getString("role")));
    assertEquals("admin", op.getString("affiliation"));
    assertEquals("member", node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT, e -> "bob".equals(e.getString("nick")))
        .getString("affiliation"));
    assertEquals("none", node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT, e -> "carol".equals(e.getString("nick")))
        .getString("affiliation"));

    // A message long enough for two lines is reflected once, when its last line comes back.
    String longText = "x".repeat(500);
    node.command(NodeCommand.SEND_ROOM_MESSAGE, account, new JsonObject().put("room", "#hist").put("text", longText)
        .put("messageId", "99"));
    String first = c.await("PRIVMSG #hist");
    String second = c.await("PRIVMSG #hist");
    c.send("@msgid=e1 :alice!a@h " + first);
    c.send("@msgid=e2 :alice!a@h " + second);
    c.send(":carol!c@h PRIVMSG #hist :nice");
    node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "nice".equals(e.getString("text")));
    List<JsonObject> own = node.eventsOf(account, NodeEvent.ROOM_MESSAGE).stream()
        .filter(e -> "alice".equals(e.getString("nick"))).toList();
    assertEquals(1, own.size(), own.toString());
    assertEquals("99", own.get(0).getString("messageId"));
    assertEquals(longText, own.get(0).getString("text"));
    assertEquals("e1", own.get(0).getString("stanzaId"));

    // An invitation from someone, and a refused one of ours, in words.
    c.send(":dave!d@h INVITE alice :#secret");
    JsonObject invitation = node.awaitEvent(account, NodeEvent.ROOM_INVITATION, e -> true);
    assertEquals("#secret", invitation.getString("room"));
    assertEquals("dave", invitation.getString("from"));
    var invite = node.commandAsync(NodeCommand.INVITE_TO_ROOM, account, new JsonObject().put("room", "#hist").put("jid", "ghost"));
    assertEquals("INVITE ghost #hist", c.await("INVITE"));
    c.send(":scripted 401 alice ghost :No such nick/channel");
    AssertionError refused = assertThrows(AssertionError.class, () -> NodeHarness.await(invite));
    assertEquals("There is nobody called ghost on this IRC server now.", refused.getMessage());
  }

  @Test
  void aServerWithoutChathistoryGetsNoHistoryRequest(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "server-time");
    c.send("@time=2020-01-01T00:05:00.000Z :bob!b@h PRIVMSG alice :hi");
    JsonObject live = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertNull(live.getValue("archiveId"));
    c.send("PING :after");
    assertTrue(c.await(l -> l.startsWith("PONG") || l.startsWith("CHATHISTORY")).startsWith("PONG"));
    assertEquals(List.of(), node.eventsOf(account, NodeEvent.ARCHIVE_SYNCED));
  }

  @Test
  void pingsAreAnsweredAndOtherCtcpIsNot(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "");
    c.send("PING :irc.scripted");
    assertTrue(c.await("PONG").endsWith("irc.scripted"));
    c.send(":bob!b@h PRIVMSG alice :\u0001VERSION\u0001", ":bob!b@h PRIVMSG alice :after the probe");
    assertEquals("after the probe", node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
    c.send("PING :second");
    c.await("PONG");
    assertEquals(1, node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).size());
  }

  // ---- text IRC cannot carry ----

  @Test
  void lineBreaksSplitAMessageAndNulIsRefused(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "");
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", "bob").put("text", "first\nsecond"));
    assertEquals("PRIVMSG bob first", c.await("PRIVMSG"));
    assertEquals("PRIVMSG bob second", c.await("PRIVMSG"));
    ReplyException nul = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", account).put("to", "bob").put("text", "a\u0000b"));
    NodeHarness.assertFailure(nul, FailureCode.INVALID_FIELD);
    assertEquals("IRC cannot carry the NUL character; the message was not sent.", nul.getMessage());
    ReplyException badTarget = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", account).put("to", "bob smith").put("text", "hi"));
    NodeHarness.assertFailure(badTarget, FailureCode.INVALID_JID);
  }

  @Test
  void aMessageToNobodyFailsWithTheServersReason(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "");
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", "ghost").put("text", "hello?").put("messageId", "42"));
    c.await("PRIVMSG ghost");
    c.send(":scripted 401 alice ghost :No such nick/channel");
    JsonObject failed = node.awaitEvent(account, NodeEvent.MESSAGE_FAILED, e -> true);
    assertEquals("42", failed.getString("messageId"));
    assertEquals("There is nobody called ghost on this IRC server now; the message was not delivered.",
        failed.getJsonObject("error").getString("text"));
  }

  // ---- flood limits ----

  @Test
  void theFloodLimitIsKeptInOrder(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig().put("floodLineMs", 300).put("floodBurstLines", 2)
        .put("maxSendHoldSeconds", 20), "");
    List<Future<JsonObject>> sent = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      sent.add(node.commandAsync(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", "bob").put("text", "n" + i)));
    }
    List<ScriptedServer.Client.Received> got = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      int n = i;
      got.add(c.awaitReceived(l -> l.startsWith("PRIVMSG")));
      assertEquals("PRIVMSG bob n" + n, got.get(n - 1).line());
    }
    // The burst goes at once, then one line every 300 ms: the sixth at least 4 x 300 ms after the first.
    long spread = got.get(5).atMs() - got.get(0).atMs();
    assertTrue(spread >= 1100, "6 lines within " + spread + " ms");
    sent.forEach(NodeHarness::await);
  }

  @Test
  void aMessageHeldTooLongByTheFloodLimitIsRefusedInWords(Vertx vertx) {
    online(vertx, NodeHarness.fastConfig().put("floodLineMs", 1000).put("floodBurstLines", 1).put("maxSendHoldSeconds", 1), "");
    List<Future<JsonObject>> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      sent.add(node.commandAsync(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", "bob").put("text", "n" + i)));
    }
    NodeHarness.await(sent.get(0));
    Throwable refused = sent.get(2).toCompletionStage().toCompletableFuture().handle((ok, e) -> e).join();
    assertNotNull(refused, "the third message was refused");
    ReplyException reply = (ReplyException) (refused.getCause() instanceof ReplyException r ? r : refused);
    NodeHarness.assertFailure(reply, FailureCode.RATE_LIMITED);
    assertTrue(reply.getMessage().startsWith("The IRC server's flood limit held this message back for too long"), reply.getMessage());
  }

  // ---- misbehaviour ----

  @Test
  void garbageIsIgnoredAndTheSessionGoesOn(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "");
    c.sendBytes(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\r', '\n'});
    c.send("@onlytags", ":only-source", "", "!!! ???", ":bob!b@h PRIVMSG", ":bob!b@h PRIVMSG alice :still fine");
    assertEquals("still fine", node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
    assertEquals(List.of("connecting", "connected"), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .map(e -> e.getString("state")).toList());
  }

  @Test
  void anEndlessLineDropsTheConnectionAndTheNodeReconnects(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "");
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 16; i++) { // 1 MiB with no line end
      c.sendBytes(chunk);
    }
    JsonObject reconnecting = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", reconnecting.getJsonObject("error").getString("code"));
    assertEquals("The IRC server sent a line longer than 8703 bytes, which IRC does not allow; Parley dropped the "
        + "connection and will reconnect.", errorText(reconnecting));
    ScriptedServer.Client again = server.accept();
    again.negotiate("");
    again.welcome("alice");
    node.awaitState(account, "connected");
  }

  @Test
  void aFloodKillIsReportedAndTheNodeReconnects(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig(), "");
    c.send("ERROR :Closing Link: 127.0.0.1 (Excess Flood)");
    c.close();
    JsonObject reconnecting = node.awaitState(account, "reconnecting");
    assertEquals("IM_KICKED", reconnecting.getJsonObject("error").getString("code"));
    assertEquals("The IRC server closed the connection: Closing Link: 127.0.0.1 (Excess Flood).", errorText(reconnecting));
    ScriptedServer.Client again = server.accept();
    again.negotiate("");
    again.welcome("alice");
    node.awaitState(account, "connected");
  }

  @Test
  void aServerThatStopsAnsweringIsPingedThenLeft(Vertx vertx) {
    ScriptedServer.Client c = online(vertx, NodeHarness.fastConfig().put("pingSeconds", 5).put("answerTimeoutSeconds", 2), "");
    String ping = c.await("PING");
    assertTrue(ping.startsWith("PING :parley-"), ping);
    JsonObject reconnecting = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", reconnecting.getJsonObject("error").getString("code"));
    assertEquals("The IRC server stopped answering; reconnecting.", errorText(reconnecting));
    c.awaitClosed();
    server.accept();
  }

  @Test
  void aServerThatNeverWelcomesTimesOut(Vertx vertx) {
    ScriptedServer.Client c = connect(vertx, NodeHarness.fastConfig().put("connectTimeoutSeconds", 2), "alice", null);
    c.await("USER");
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_UNREACHABLE", failed.getJsonObject("error").getString("code"));
    assertEquals("The IRC server did not finish the sign-on within 2 seconds.", errorText(failed));
  }
}
