package parley.yahoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.testing.RefusedPort;
import parley.yahoo.testing.YahooTestClient;
import parley.yahoo.testing.YahooTestServer;

/** What the user sees when things go wrong: refused logins, garbage, oversized packets, a silent or dead server. */
class YahooNodeFailuresTest extends AgainstTestServer {

  private static JsonObject error(JsonObject stateEvent) {
    return stateEvent.getJsonObject("error");
  }

  private List<Object> heldAccounts() {
    return node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts").getList();
  }

  @Test
  void aWrongPasswordFailsInWordsAndIsNotRetried() {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connect(node.connectCommand(account, server, alice, "not-her-password"));
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals("IM_AUTH_FAILED", error(failed).getString("code"));
    assertEquals("The Yahoo server refused the Yahoo ID or password.", error(failed).getString("text"));
    assertEquals(List.of(), heldAccounts());
    assertTrue(node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream().noneMatch(e -> "reconnecting".equals(e.getString("state"))));
  }

  @Test
  void anUnknownIdAndALockedAccountAreExplained() {
    String account = NodeHarness.newAccountId();
    node.connect(node.connectCommand(account, server, "nobody_at_all", PASSWORD));
    assertEquals("The Yahoo server does not know this Yahoo ID.", error(node.awaitState(account, "failed")).getString("text"));

    String alice = newUser("alice");
    server.lockAccounts(true);
    try {
      String locked = NodeHarness.newAccountId();
      node.connect(node.connectCommand(locked, server, alice, PASSWORD));
      JsonObject failed = node.awaitState(locked, "failed");
      assertEquals("IM_AUTH_FAILED", error(failed).getString("code"));
      assertEquals("The Yahoo server has locked this account (see http://127.0.0.1/unlock).", error(failed).getString("text"));
    } finally {
      server.lockAccounts(false);
    }
  }

  @Test
  void anUnreachableServerIsReported() {
    try (RefusedPort refused = new RefusedPort()) {
      int port = refused.port();
      String account = NodeHarness.newAccountId();
      node.connect(node.connectCommand(account, server, "alice_x", PASSWORD).put("port", port));
      JsonObject failed = node.awaitState(account, "failed");
      assertEquals("IM_UNREACHABLE", error(failed).getString("code"));
      assertEquals("The Yahoo server at 127.0.0.1:" + port + " could not be reached (the connection was refused).",
          error(failed).getString("text"));
    }
  }

  @Test
  void aServerThatNeverSendsTheChallengeIsReportedAfterTheTimeout() {
    String alice = newUser("alice");
    server.silentLogin(true);
    try {
      String account = NodeHarness.newAccountId();
      node.connect(node.connectCommand(account, server, alice, PASSWORD));
      JsonObject failed = node.awaitState(account, "failed");
      assertEquals("IM_UNREACHABLE", error(failed).getString("code"));
      assertEquals("The Yahoo server did not answer in time (the login).", error(failed).getString("text"));
    } finally {
      server.silentLogin(false);
    }
  }

  @Test
  void garbageFromTheServerEndsTheConnectionInWordsAndTheNodeReconnects() {
    String alice = newUser("alice");
    String account = logIn(alice);
    server.sendGarbage(alice);
    JsonObject lost = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", error(lost).getString("code"));
    assertEquals("The Yahoo server sent data Parley could not read (the data does not start with a YMSG header); "
        + "Parley will reconnect.", error(lost).getString("text"));
    node.awaitState(account, "connected");
  }

  @Test
  void anOversizedPacketIsRefusedBeforeItIsRead() {
    String alice = newUser("alice");
    String account = logIn(alice);
    server.sendOversized(alice);
    JsonObject lost = node.awaitState(account, "reconnecting");
    assertEquals("The Yahoo server sent data Parley could not read (a packet of 60000 bytes is larger than the 32768 "
        + "Parley accepts); Parley will reconnect.", error(lost).getString("text"));
    node.awaitState(account, "connected");
  }

  @Test
  void aServerThatStopsAnsweringIsNoticedByTheKeepalive() {
    String alice = newUser("alice");
    String account = logIn(alice);
    int before = server.pings();
    server.stopAnswering(alice);
    JsonObject lost = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", error(lost).getString("code"));
    assertEquals("The Yahoo server stopped answering; reconnecting.", error(lost).getString("text"));
    node.awaitState(account, "connected");
    // The new connection answers its keepalives again.
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.pings() <= before && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(server.pings() > before);
  }

  @Test
  void aDroppedConnectionIsReconnected() {
    String alice = newUser("alice");
    String account = logIn(alice);
    server.dropConnection(alice);
    assertEquals("The connection to the Yahoo server was lost; Parley will reconnect.",
        error(node.awaitState(account, "reconnecting")).getString("text"));
    node.awaitState(account, "connected");
    node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
    server.awaitOnline(alice);
  }

  @Test
  void aLoginElsewhereEndsTheAccountInWords() throws Exception {
    String alice = newUser("alice");
    String account = logIn(alice);
    try (YahooTestClient elsewhere = new YahooTestClient(server, alice, PASSWORD)) {
      JsonObject failed = node.awaitState(account, "failed");
      assertEquals("IM_KICKED", error(failed).getString("code"));
      assertEquals("The Yahoo server closed this session because the Yahoo ID logged in elsewhere.", error(failed).getString("text"));
    }
  }

  @Test
  void aKilledServerIsReconnectedToWhenItComesBackAndMessagesFlowAgain() throws Exception {
    YahooTestServer own = new YahooTestServer().start();
    try {
      own.addUser("alice_k", PASSWORD);
      own.addUser("bob_k", PASSWORD);
      own.storeBuddy("alice_k", "Friends", "bob_k");
      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(node.connectCommand(account, own, "alice_k", PASSWORD));
      own.kill();
      assertEquals("IM_CONNECTION_LOST", error(node.awaitState(account, "reconnecting")).getString("code"));
      Thread.sleep(2500);
      own.restart();
      node.awaitState(account, "connected");
      JsonObject roster = node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
      assertEquals("bob_k", roster.getJsonArray("contacts").getJsonObject(0).getString("jid"));
      try (YahooTestClient bob = new YahooTestClient(own, "bob_k", PASSWORD)) {
        bob.say("alice_k", "back again");
        node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "back again".equals(e.getString("text")));
      }
    } finally {
      own.close();
    }
  }
}
