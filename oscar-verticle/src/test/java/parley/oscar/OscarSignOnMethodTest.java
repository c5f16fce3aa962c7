package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.oscar.testing.OscarTestServer;
import parley.oscar.testing.OscarTestServer.Refusal;

/** One node serves servers that speak only one kind of AIM sign-on: it falls back, and remembers what worked. */
class OscarSignOnMethodTest extends AgainstTestServer {

  @AfterEach
  void speakEverything() {
    server.speakEverySignOn();
  }

  @Test
  void anUnansweredMd5ChallengeFallsBackToRoastedAndIsRemembered() {
    server.speakOnly(Set.of(OscarTestServer.ROASTED), Refusal.SILENT);
    String alice = newUser("Alice");
    node.connectAndAwaitRoster(NodeHarness.newAccountId(), server, jid(alice), PASSWORD);
    assertEquals(List.of("roasted"), server.loginMethods(alice));
    assertEquals(1, server.challengeRequests() - challengesBefore);

    // The node remembers: the next account at this server signs on roasted straight away.
    String bob = newUser("Bob");
    node.connectAndAwaitRoster(NodeHarness.newAccountId(), server, jid(bob), PASSWORD);
    assertEquals(List.of("roasted"), server.loginMethods(bob));
    assertEquals(1, server.challengeRequests() - challengesBefore);
  }

  @Test
  void aRefusedOrClosedMd5SignOnFallsBackToRoasted() {
    server.speakOnly(Set.of(OscarTestServer.ROASTED), Refusal.ERROR);
    String alice = newUser("Alice");
    node.connectAndAwaitRoster(NodeHarness.newAccountId(), server, jid(alice), PASSWORD);
    assertEquals(List.of("roasted"), server.loginMethods(alice));
  }

  @Test
  void aNodeSetToRoastedFallsBackToMd5WhereOnlyMd5IsSpoken() {
    Vertx vertx = Vertx.vertx();
    try {
      NodeHarness roasting = new NodeHarness(vertx, NodeHarness.fastConfig().put("aimLogin", "roasted"));
      server.speakOnly(Set.of(OscarTestServer.MD5), Refusal.CLOSE);
      String alice = newUser("Alice");
      roasting.connectAndAwaitRoster(NodeHarness.newAccountId(), server, jid(alice), PASSWORD);
      assertEquals(List.of("md5-strong"), server.loginMethods(alice));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aServerThatAnswersNeitherSignOnSaysWhatWasTried() {
    Vertx vertx = Vertx.vertx();
    try {
      NodeHarness quick = new NodeHarness(vertx, NodeHarness.fastConfig().put("connectTimeoutSeconds", 2));
      server.speakOnly(Set.of(), Refusal.SILENT);
      String alice = newUser("Alice");
      String account = NodeHarness.newAccountId();
      quick.connect(quick.connectCommand(account, server, jid(alice), PASSWORD));
      JsonObject error = quick.awaitState(account, "failed").getJsonObject("error");
      String text = error.getString("text");
      assertEquals("IM_ERROR", error.getString("code"));
      assertFalse(text.contains("did not answer in time"), text);
      assertEquals("The AIM server at " + server.host() + ":" + server.port() + " answered neither kind of sign-on Parley tried"
          + " (MD5 (BUCP): no answer; roasted password: no answer).", text);
    } finally {
      vertx.close().await();
    }
  }

  private int challengesBefore;

  @org.junit.jupiter.api.BeforeEach
  void countChallenges() {
    challengesBefore = server.challengeRequests();
  }
}
