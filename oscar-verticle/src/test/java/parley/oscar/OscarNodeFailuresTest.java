package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.testing.RefusedPort;
import parley.oscar.wire.Foodgroups.Icbm;

/** What the user sees when things go wrong: refused sign-ons, floods, malformed data, lost connections. */
class OscarNodeFailuresTest extends AgainstTestServer {

  private static JsonObject error(JsonObject stateEvent) {
    return stateEvent.getJsonObject("error");
  }

  @Test
  void aWrongPasswordFailsInWordsAndIsNotRetried() {
    String alice = jid(newUser("alice"));
    String account = NodeHarness.newAccountId();
    node.connect(node.connectCommand(account, server, alice, "not-her-password"));
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_AUTH_FAILED", error(failed).getString("code"));
    assertEquals("The AIM/ICQ server refused the screen name or password.", error(failed).getString("text"));
    assertEquals(List.of(), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts").getList());
  }

  @Test
  void aWrongIcqPasswordFailsTooWithTheRoastedLogin() {
    String uin = newUin();
    String account = NodeHarness.newAccountId();
    node.connect(node.connectCommand(account, server, uin, "wrong"));
    assertEquals("IM_AUTH_FAILED", error(node.awaitState(account, "failed")).getString("code"));
    assertEquals(List.of("roasted"), server.loginMethods(uin));
  }

  @Test
  void aRateLimitedSignOnIsExplained() {
    String alice = jid(newUser("alice"));
    server.refuseLoginsAsRateLimited(true);
    try {
      String account = NodeHarness.newAccountId();
      node.connect(node.connectCommand(account, server, alice, PASSWORD));
      JsonObject failed = node.awaitState(account, "failed");
      assertEquals("IM_ERROR", error(failed).getString("code"));
      assertTrue(error(failed).getString("text").contains("too often"), error(failed).getString("text"));
    } finally {
      server.refuseLoginsAsRateLimited(false);
    }
  }

  @Test
  void anUnreachableServerIsReported() {
    try (RefusedPort refused = new RefusedPort()) {
      int port = refused.port();
      String account = NodeHarness.newAccountId();
      node.connect(node.connectCommand(account, server, "alice1", PASSWORD).put("port", port));
      JsonObject failed = node.awaitState(account, "failed");
      assertEquals("IM_UNREACHABLE", error(failed).getString("code"));
      assertEquals("The AIM/ICQ server at 127.0.0.1:" + port + " could not be reached (the connection was refused).",
          error(failed).getString("text"));
    }
  }

  @Test
  void aFloodIsHeldBackByTheRateLimiterInsteadOfGettingDisconnected() {
    String alice = jid(newUser("alice"));
    String bob = onlinePeer("bob");
    String account = signOn(alice);

    long start = System.currentTimeMillis();
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      replies.add(node.commandAsync(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob).put("text", "flood " + i)));
    }
    NodeHarness.await(Future.all(replies));
    long took = System.currentTimeMillis() - start;

    // Sent one by one as the rate class allows: all arrive, in order, and nobody was cut off.
    for (int i = 1; i <= 12; i++) {
      String expected = "flood " + i;
      server.awaitMessage(m -> m.rawText().contains(expected));
    }
    List<String> order = server.received().stream().filter(m -> jid(m.from()).equals(alice))
        .map(m -> m.rawText().replaceAll("<[^>]*>", "")).toList();
    assertEquals(12, order.size());
    for (int i = 0; i < 12; i++) {
      assertEquals("flood " + (i + 1), order.get(i));
    }
    assertTrue(took > 2000, "the flood should have been held back, took " + took + " ms");
    assertEquals(0, server.rateDisconnects());
    assertEquals(0, server.rateLimitedSnacs());
    assertEquals(List.of(), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .map(e -> e.getString("state")).filter(s -> !s.equals("connecting") && !s.equals("connected")).toList());
  }

  @Test
  void messagesHeldTooLongAreRefusedInWords() {
    Vertx vertx = Vertx.vertx();
    try {
      NodeHarness impatient = new NodeHarness(vertx, NodeHarness.fastConfig().put("maxSendHoldSeconds", 1));
      String alice = jid(newUser("alice"));
      String bob = onlinePeer("bob");
      String account = NodeHarness.newAccountId();
      impatient.connectAndAwaitRoster(account, server, alice, PASSWORD);
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 1; i <= 12; i++) {
        replies.add(impatient.commandAsync(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob).put("text", "m" + i)));
      }
      NodeHarness.await(Future.join(replies).recover(e -> Future.succeededFuture()));
      List<Throwable> refused = replies.stream().filter(Future::failed).map(Future::cause).toList();
      assertTrue(!refused.isEmpty(), "some messages must be refused");
      ReplyException first = (ReplyException) refused.get(0);
      NodeHarness.assertFailure(first, FailureCode.RATE_LIMITED);
      assertTrue(first.getMessage().contains("rate limit"), first.getMessage());
      assertEquals(0, server.rateDisconnects());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aMalformedFrameGivesAClearErrorAndAReconnect() {
    String alice = jid(newUser("alice"));
    String account = signOn(alice);

    server.sendMalformedSnac(alice);
    JsonObject reconnecting = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", error(reconnecting).getString("code"));
    assertTrue(error(reconnecting).getString("text").startsWith("The AIM/ICQ server sent data Parley could not read"),
        error(reconnecting).getString("text"));
    node.awaitState(account, "connected");
    node.awaitEvent(account, NodeEvent.ROSTER, e -> true);

    server.sendGarbage(alice);
    node.awaitState(account, "reconnecting");
    node.awaitState(account, "connected");
    assertEquals(List.of(account), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts").getList());
  }

  @Test
  void aDroppedConnectionIsReconnected() {
    String alice = jid(newUser("alice"));
    String account = signOn(alice);
    server.dropConnection(alice);
    assertEquals("IM_CONNECTION_LOST", error(node.awaitState(account, "reconnecting")).getString("code"));
    node.awaitState(account, "connected");
  }

  @Test
  void signingOnElsewhereEndsTheAccountWithoutRetry() {
    String alice = jid(newUser("alice"));
    String account = signOn(alice);
    server.signOff(alice, 1);
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_KICKED", error(failed).getString("code"));
    assertTrue(error(failed).getString("text").contains("signed on elsewhere"));
  }

  @Test
  void aMigrationMovesTheSessionWithoutTheUserNoticing() {
    String alice = jid(newUser("alice"));
    String bob = onlinePeer("bob");
    String account = signOn(alice);
    server.migrate(alice);
    node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob).put("text", "after the move"));
    server.awaitMessage(m -> m.rawText().contains("after the move"));
    assertEquals(List.of("connecting", "connected", "connected"), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .map(e -> e.getString("state")).toList());
  }

  @Test
  void aRateWarningSlowsTheSendingDown() {
    // The warning says the level is near the limit: the next messages wait instead of crossing it.
    long took = firstSendAfterRateNotice(server::rateWarning, 4);
    assertTrue(took >= 800, "the first message waits for the alert level, took " + took + " ms");
  }

  @Test
  void whileTheServerHoldsMessagesLimitedTheyWaitForTheClearLevel() {
    long took = firstSendAfterRateNotice(server::rateLimit, 1);
    assertTrue(took >= 2000, "held back until the clear level, took " + took + " ms");
  }

  /**
   * Alice gets a rate notice from the server, then sends {@code count} messages to Bob; all arrive
   * and none is refused or dropped. Returns how long the first one waited.
   */
  private long firstSendAfterRateNotice(Consumer<String> notice, int count) {
    String alice = jid(newUser("alice"));
    String bob = onlinePeer("bob");
    String account = signOn(alice);
    notice.accept(alice);
    // The node has read the notice once a typing notification sent after it has come through.
    server.peerTypes(bob, alice, 2);
    node.awaitEvent(account, NodeEvent.TYPING, e -> e.getString("from").equals(bob));
    long start = System.currentTimeMillis();
    say(account, bob, "careful 0");
    long took = System.currentTimeMillis() - start;
    for (int i = 1; i < count; i++) {
      say(account, bob, "careful " + i);
    }
    String last = "careful " + (count - 1);
    server.awaitMessage(m -> jid(m.from()).equals(alice) && m.rawText().contains(last));
    assertEquals(0, server.rateLimitedSnacs());
    assertEquals(0, server.rateDisconnects());
    return took;
  }

  private void say(String account, String to, String text) {
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", to).put("text", text));
  }

  @Test
  void anIdleConnectionSendsKeepalives() throws InterruptedException {
    String alice = jid(newUser("alice"));
    signOn(alice);
    int before = server.keepalives();
    long deadline = System.currentTimeMillis() + 12_000;
    while (server.keepalives() == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(server.keepalives() > before, "no FLAP keepalive within 12 s (interval 5 s)");
  }

  @Test
  void badCommandsAreRefusedWithTheirField() {
    ReplyException noLogin = node.failure(Addresses.nodeConnect(OscarNetwork.ID), node.connectCommand("a1", server, "x", PASSWORD));
    NodeHarness.assertFailure(noLogin, FailureCode.INVALID_JID);
    JsonObject noHost = node.connectCommand("a2", server, "alice99", PASSWORD);
    noHost.remove("host");
    NodeHarness.assertFailure(node.failure(Addresses.nodeConnect(OscarNetwork.ID), noHost), FailureCode.INVALID_FIELD);
    NodeHarness.assertFailure(node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", "nobody").put("to", "bob99").put("text", "hi")), FailureCode.NOT_CONNECTED);

    // Within Parley's limit, but escaped and in UTF-16 more than one FLAP frame holds.
    String account = signOn(jid(newUser("alice")));
    ReplyException tooBig = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", account).put("to", "bob99").put("text", "\"".repeat(9000) + "✓"));
    NodeHarness.assertFailure(tooBig, FailureCode.TEXT_TOO_LONG);
    assertTrue(tooBig.getMessage().contains("shorter parts"), tooBig.getMessage());
    assertEquals(List.of(account), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts").getList());
  }

  @Test
  void aUserClassOfFourBytesStillShowsAwayBuddiesAsAway() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    server.storeBuddy(alice, "Buddies", bob);
    String account = signOn(jid(alice));
    server.userClassAsFourBytes(true);
    try {
      server.peerOnline(bob, "back in five", 0);
      JsonObject away = node.awaitEvent(account, NodeEvent.PRESENCE, e -> e.getBoolean("available"));
      assertEquals("away", away.getString("show"));
      assertEquals("back in five", node.awaitEvent(account, NodeEvent.PRESENCE, e -> !e.getString("status").isEmpty())
          .getString("status"));
    } finally {
      server.userClassAsFourBytes(false);
    }
  }

  @Test
  void aMessageTheServerBouncesIsReportedFailedWithItsId() {
    String alice = jid(newUser("alice"));
    String bob = onlinePeer("bob");
    String account = signOn(alice);
    server.bounceMessages(Icbm.ERR_NOT_LOGGED_ON);
    try {
      node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob).put("text", "anyone there?").put("messageId", "42"));
      JsonObject failed = node.awaitEvent(account, NodeEvent.MESSAGE_FAILED, e -> true);
      assertEquals("42", failed.getString("messageId"));
      assertEquals(bob, failed.getString("to"));
      assertEquals("IM_ERROR", error(failed).getString("code"));
      assertEquals(bob + " is not signed on; AIM cannot deliver the message.", error(failed).getString("text"));
    } finally {
      server.bounceMessages(0);
    }
    // Messages that go through are not reported failed.
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob).put("text", "hello").put("messageId", "43"));
    server.awaitMessage(m -> m.rawText().contains("hello"));
    assertEquals(1, node.eventsOf(account, NodeEvent.MESSAGE_FAILED).size());
  }

  @Test
  void aMessageToAScreenNameNobodyHasBouncesToo() {
    String alice = jid(newUser("alice"));
    String account = signOn(alice);
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", "nobodyhere").put("text", "hi").put("messageId", "7"));
    JsonObject failed = node.awaitEvent(account, NodeEvent.MESSAGE_FAILED, e -> true);
    assertEquals("7", failed.getString("messageId"));
    assertEquals("nobodyhere", failed.getString("to"));
    assertEquals("nobodyhere is not signed on; AIM cannot deliver the message.", error(failed).getString("text"));
  }

  @Test
  void aServerThatStopsAnsweringIsNoticedAndASendDuringTheHangIsNotReportedSent() {
    Vertx vertx = Vertx.vertx();
    try {
      NodeHarness watchful = new NodeHarness(vertx, NodeHarness.fastConfig().put("answerTimeoutSeconds", 2));
      String alice = jid(newUser("alice"));
      String bob = onlinePeer("bob");
      String account = NodeHarness.newAccountId();
      watchful.connectAndAwaitRoster(account, server, alice, PASSWORD);
      server.awaitOnline(alice);

      server.stopAnswering(alice);
      long start = System.currentTimeMillis();
      Future<JsonObject> reply = watchful.commandAsync(NodeCommand.SEND_MESSAGE, account,
          new JsonObject().put("to", bob).put("text", "into the void").put("messageId", "9"));
      JsonObject reconnecting = watchful.awaitState(account, "reconnecting");
      long took = System.currentTimeMillis() - start;
      assertEquals("IM_CONNECTION_LOST", error(reconnecting).getString("code"));
      assertEquals("The AIM server stopped answering; reconnecting.", error(reconnecting).getString("text"));
      // Interval 5 s, answer timeout 2 s: noticed well within 10 s.
      assertTrue(took < 10_000, "noticed after " + took + " ms");
      NodeHarness.await(reply.transform(ar -> Future.succeededFuture()));
      assertTrue(reply.failed(), "a message sent while the server did not answer was reported as sent");
      NodeHarness.assertFailure((ReplyException) reply.cause(), FailureCode.IM_CONNECTION_LOST);

      watchful.awaitState(account, "connected");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aServerThatAnswersIsAskedOnATimerAndStaysConnected() throws InterruptedException {
    String alice = jid(newUser("alice"));
    String account = signOn(alice);
    int before = server.selfInfoQueries();
    long deadline = System.currentTimeMillis() + 12_000;
    while (server.selfInfoQueries() == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(server.selfInfoQueries() > before, "no answered request within 12 s (interval 5 s)");
    assertEquals(List.of("connecting", "connected"), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .map(e -> e.getString("state")).toList());
  }
}
