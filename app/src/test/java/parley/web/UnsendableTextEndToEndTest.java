package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.browser.ContactUpdatedEvent;
import parley.contract.browser.ContactView;
import parley.web.testing.BridgeUser;
import parley.web.testing.HttpUser;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * Characters no XMPP stream can carry (NUL, U+000B, ...) through HTTP and the bridge, against the
 * whole all-in-one stack and a real Prosody: refused in words, and the account stays connected.
 */
class UnsendableTextEndToEndTest {
  private static ProsodyServer prosody;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() {
    prosody = new ProsodyServer();
    prosody.start();
    prosody.createUser("uma", "uma-im-pw");
    prosody.createUser("vic", "vic-im-pw");
    parley = AllInOne.start(WebStack.config()).await();
  }

  @AfterAll
  static void stop() {
    parley.close().await();
    prosody.stop();
  }

  private static void assertInvalidField(JsonObject frame, String words) {
    assertEquals(FailureCode.INVALID_FIELD.code(), frame.getInteger("failureCode"), frame.encode());
    assertTrue(frame.getString("message").contains(words), frame.getString("message"));
  }

  @Test
  void signInWithNulIsABadRequestInWords() {
    HttpResponse<Buffer> r = new HttpUser(parley.vertx(), parley.webPort()).post("/api/signin",
        new JsonObject().put("username", "ali\u0000ce").put("password", "some password"));
    assertEquals(400, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals(FailureCode.INVALID_FIELD.name(), error.getString("code"));
    assertEquals("The username contains a character that cannot be sent (U+0000 at position 4).", error.getString("text"));
  }

  @Test
  void unsendableTextIsRefusedAndTheAccountStaysConnected() throws Exception {
    try (BridgeUser uma = BridgeUser.signUp(parley.vertx(), parley.webPort(), "uma");
         SmackPeer vic = new SmackPeer("vic", "vic-im-pw", prosody.domain(), prosody.port())) {
      String account = uma.addXmppAccount(prosody.jid("uma"), "uma-im-pw", prosody.port());
      String peer = prosody.jid("vic");
      JsonObject send = new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", account).put("to", peer);

      assertInvalidField(uma.requestFailure(new JsonObject().put("type", BrowserCommand.PRESENCE_SET).put("show", "away")
          .put("status", "back\u000Bsoon")), "The status contains a character that cannot be sent (U+000B at position 5).");
      assertInvalidField(uma.requestFailure(send.copy().put("text", "hi\u0000")),
          "The message contains a character that cannot be sent (U+0000 at position 3).");
      assertInvalidField(uma.requestFailure(send.copy().put("text", "a\u0001")), "U+0001 at position 2");
      assertInvalidField(uma.requestFailure(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
          .put("accountId", account).put("peer", "vic\u0000@localhost")), "U+0000");
      assertInvalidField(uma.requestFailure(new JsonObject().put("type", BrowserCommand.CONTACT_ADD)
          .put("accountId", account).put("jid", peer).put("name", "V\u000Bic")), "The contact name contains");

      // No flap: the account never leaves "connected", and the next message goes through.
      JsonObject frame = uma.bridge.next("rec", Addresses.browserEvents(uma.http.userId()), 3000);
      while (frame != null) {
        JsonObject body = frame.getJsonObject("body");
        assertFalse(BrowserEvent.ACCOUNT_STATE.equals(body.getString("type")), () -> "the account changed state: " + body);
        frame = uma.bridge.next("rec", Addresses.browserEvents(uma.http.userId()), 500);
      }
      uma.request(send.copy().put("text", "still here"));
      Message got = vic.next(15);
      assertNotNull(got);
      assertEquals("still here", got.getBody());
      assertNull(vic.next(1), "nothing else reached the peer");
      assertEquals(1, uma.request(new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", account)
          .put("peer", peer)).getJsonArray("messages").size(), "only the good message is in history");
    }
  }

  @Test
  void contactAddressesAreCheckedAndAResourceIsDropped() throws Exception {
    try (BridgeUser uma = BridgeUser.signUp(parley.vertx(), parley.webPort(), "uma2")) {
      prosody.createUser("uma2", "uma2-im-pw");
      String account = uma.addXmppAccount(prosody.jid("uma2"), "uma2-im-pw", prosody.port());
      JsonObject add = new JsonObject().put("type", BrowserCommand.CONTACT_ADD).put("accountId", account);
      for (String[] bad : new String[][] {
          {"x@localhost:5222", "an address has no port"},
          {"x@-bad-.com", "starts or ends with a hyphen"},
          {"x@" + "a".repeat(300) + ".com", "the limit is 63"}}) {
        JsonObject frame = uma.requestFailure(add.copy().put("jid", bad[0]));
        assertEquals(FailureCode.INVALID_JID.code(), frame.getInteger("failureCode"), frame.encode());
        String text = frame.getString("message");
        assertTrue(text.startsWith("\"") && text.contains("is not a valid XMPP address: ") && text.contains(bad[1]), text);
      }
      uma.request(add.copy().put("jid", "Vic@localhost/phone"));
      ContactView contact = ContactUpdatedEvent.fromJson(uma.waitEvent(BrowserEvent.CONTACT_UPDATED, e -> true, 15_000)).contact();
      assertEquals(prosody.jid("vic"), contact.jid(), "added as the bare address");
    }
  }
}
