package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.browser.AccountReply;
import parley.contract.browser.AccountStateEvent;
import parley.web.testing.BridgeUser;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * Bad input through the bridge, as any client could send it, against the whole all-in-one
 * stack: each gets a clear failure in words, and the user's working account is not disturbed.
 */
class BadInputTest {
  private static ProsodyServer prosody;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() {
    prosody = new ProsodyServer();
    prosody.start();
    prosody.createUser("nina", "nina-im-pw");
    prosody.createUser("oscar", "oscar-im-pw");
    parley = AllInOne.start(WebStack.config()).await();
  }

  @AfterAll
  static void stop() {
    parley.close().await();
    prosody.stop();
  }

  private static void assertFailure(JsonObject frame, FailureCode code, String words) {
    assertEquals(code.code(), frame.getInteger("failureCode"), frame.encode());
    assertTrue(frame.getString("message").contains(words), frame.getString("message"));
    assertFalse(frame.encode().contains("Exception"), "no stack trace or exception name in front of a user");
  }

  @Test
  void everyBadInputIsExplainedAndNothingElseIsAffected() throws Exception {
    try (BridgeUser nina = BridgeUser.signUp(parley.vertx(), parley.webPort(), "nina");
         SmackPeer oscar = new SmackPeer("oscar", "oscar-im-pw", prosody.domain(), prosody.port())) {
      String account = nina.addXmppAccount(prosody.jid("nina"), "nina-im-pw", prosody.port());
      String peer = prosody.jid("oscar");

      // A frame that is not JSON: the bridge says so and the socket stays usable.
      nina.bridge.write(new JsonObject().put("type", "send").put("address", 42));
      nina.bridge.socketText("{this is not json");
      assertNotNull(nina.bridge.next("err", null, 5000), "the bridge answers a malformed frame");

      assertFailure(nina.requestFailure(new JsonObject().put("type", "launch.rockets")), FailureCode.UNKNOWN_TYPE, "Unknown command type");
      assertFailure(nina.requestFailure("just a string"), FailureCode.MALFORMED, "JSON object");
      assertFailure(nina.requestFailure(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", account)
          .put("to", peer).put("text", "x".repeat(Limits.MAX_TEXT_CHARS + 1))), FailureCode.TEXT_TOO_LONG, "limit is 10000");
      assertFailure(nina.requestFailure(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", account)
          .put("to", "no jid here").put("text", "hi")), FailureCode.INVALID_JID, "not a valid XMPP address");
      assertFailure(nina.requestFailure(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", "nina@")
          .put("password", "x")), FailureCode.INVALID_JID, "not a valid XMPP address");

      // A wrong IM password and a dead server become account states with words.
      String wrong = AccountReply.fromJson(nina.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", prosody.jid("oscar"))
          .put("password", "not-oscars").put("host", "127.0.0.1").put("port", prosody.port()).put("tls", "if-offered"))).account().id();
      AccountStateEvent refused = AccountStateEvent.fromJson(nina.waitEvent(BrowserEvent.ACCOUNT_STATE,
          e -> wrong.equals(e.getString("accountId")) && "failed".equals(e.getString("state")), 20_000));
      assertEquals(FailureCode.IM_AUTH_FAILED.name(), refused.error().code());

      String dead = AccountReply.fromJson(nina.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", "nina@dead.example")
          .put("password", "whatever").put("host", "127.0.0.1").put("port", ProsodyServer.freePort()).put("tls", "if-offered"))).account().id();
      AccountStateEvent unreachable = AccountStateEvent.fromJson(nina.waitEvent(BrowserEvent.ACCOUNT_STATE,
          e -> dead.equals(e.getString("accountId")) && "failed".equals(e.getString("state")), 30_000));
      assertEquals(FailureCode.IM_UNREACHABLE.name(), unreachable.error().code());
      assertFalse(unreachable.error().text().isBlank());

      // After all that, the good account still works both ways.
      nina.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", account).put("to", peer)
          .put("text", "still here"));
      Message got = oscar.next(15);
      assertNotNull(got);
      assertEquals("still here", got.getBody());
      oscar.send(prosody.jid("nina"), "me too");
      JsonObject in = nina.waitEvent(BrowserEvent.MESSAGE, e -> "me too".equals(e.getJsonObject("message").getString("text")), 15_000);
      assertEquals(account, in.getJsonObject("message").getString("accountId"));
    }
  }
}
