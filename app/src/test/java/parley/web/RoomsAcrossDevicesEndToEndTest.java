package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.MucConfigFormManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.browser.RoomEvent;
import parley.contract.browser.RoomView;
import parley.web.testing.BridgeUser;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;

/**
 * A password-protected room joined once with its password, against the whole all-in-one stack and a
 * real Prosody: after the account's connection is cut and made again (the node holds nothing of it any
 * more; the session joins from what it kept) the room is joined again without asking, and the
 * person's phone finds the password in the room's bookmark. The page never gets the password. Rooms
 * bookmarked or unbookmarked on the phone come and go in the page at once (PEP notifications).
 */
class RoomsAcrossDevicesEndToEndTest {
  private static ProsodyAndParley stack;

  @BeforeAll
  static void start() {
    stack = new ProsodyAndParley(WebStack.config(), "alice", "alice-im-pw", "bob", "bob-im-pw");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static boolean joined(JsonObject e, String accountId, String room) {
    RoomEvent r = RoomEvent.fromJson(e);
    return accountId.equals(r.accountId()) && room.equals(r.room().room()) && r.room().joined();
  }

  /** Like {@link BridgeUser#waitEvent}, saying what it passed over (a failure shows what came instead). */
  private static JsonObject await(BridgeUser user, String type, java.util.function.Predicate<JsonObject> test, long ms)
      throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    String address = parley.contract.Addresses.browserEvents(user.http.userId());
    while (System.currentTimeMillis() < end) {
      JsonObject frame = user.bridge.next("rec", address, end - System.currentTimeMillis());
      if (frame != null) {
        JsonObject body = frame.getJsonObject("body");
        if (type.equals(body.getString("type")) && test.test(body)) {
          return body;
        }
        System.out.println("passed over while waiting for " + type + ": " + body.encode());
      }
    }
    throw new AssertionError("no " + type + " event within " + ms + " ms");
  }

  @Test
  void aPasswordRoomIsJoinedAgainAfterAReconnectWithoutAsking() throws Exception {
    String room = "locked@conference." + stack.prosody.domain();
    try (SmackPeer bob = new SmackPeer("bob", "bob-im-pw", stack.prosody.domain(), stack.prosody.port());
         BridgeUser alice = BridgeUser.signUp(stack.parley.vertx(), stack.parley.webPort(), "alice")) {
      MultiUserChat muc = MultiUserChatManager.getInstanceFor(bob.connection()).getMultiUserChat(JidCreate.entityBareFrom(room));
      MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(Resourcepart.from("bob"));
      MucConfigFormManager form = (created != null ? created.getConfigFormManager() : muc.getConfigFormManager());
      // Prosody has no separate switch: a secret makes its room password-protected.
      (form.supportsPasswordProtected() ? form.setAndEnablePassword("door code") : form.setRoomSecret("door code"))
          .submitConfigurationForm();

      String account = alice.addXmppAccount(stack.jid("alice"), "alice-im-pw", stack.prosody.port());
      alice.request(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", account).put("room", room)
          .put("nick", "alice").put("password", "door code"));
      JsonObject first = await(alice, BrowserEvent.ROOM, e -> joined(e, account, room), 15_000);
      assertFalse(first.encode().contains("door code"), "the page never gets the password");

      alice.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_DISCONNECT).put("accountId", account));
      await(alice, BrowserEvent.ACCOUNT_STATE, e -> account.equals(e.getString("accountId"))
          && "disconnected".equals(e.getString("state")), 15_000);
      alice.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_CONNECT).put("accountId", account));
      await(alice, BrowserEvent.ACCOUNT_STATE, e -> account.equals(e.getString("accountId"))
          && "connected".equals(e.getString("state")), 30_000);
      JsonObject again = await(alice, BrowserEvent.ROOM, e -> joined(e, account, room), 15_000);
      assertEquals("alice", RoomEvent.fromJson(again).room().nick());

      try (SmackPeer phone = new SmackPeer("alice", "alice-im-pw", stack.prosody.domain(), stack.prosody.port())) {
        Map<String, String> passwords = new HashMap<>();
        BookmarkManager.getBookmarkManager(phone.connection()).getBookmarkedConferences()
            .forEach(c -> passwords.put(c.getJid().toString(), c.getPassword()));
        assertEquals(Map.of(room, "door code"), passwords, "the phone joins with it too");
      }
    }
  }

  /** The phone bookmarks a room to join: it is in the page's room list at once; the phone removes it: gone at once. */
  @Test
  void aRoomBookmarkedOrRemovedOnThePhoneComesAndGoesAtOnce() throws Exception {
    String room = "phoneroom@conference." + stack.prosody.domain();
    try (BridgeUser carol = BridgeUser.signUp(stack.parley.vertx(), stack.parley.webPort(), "carol")) {
      stack.prosody.createUser("carol", "carol-im-pw");
      String account = carol.addXmppAccount(stack.jid("carol"), "carol-im-pw", stack.prosody.port());
      try (SmackPeer phone = new SmackPeer("carol", "carol-im-pw", stack.prosody.domain(), stack.prosody.port())) {
        BookmarkManager bookmarks = BookmarkManager.getBookmarkManager(phone.connection());
        bookmarks.addBookmarkedConference("From the phone", JidCreate.entityBareFrom(room), true, Resourcepart.from("caro"), null);
        JsonObject in = await(carol, BrowserEvent.ROOM, e -> joined(e, account, room), 15_000);
        assertEquals("caro", RoomEvent.fromJson(in).room().nick());

        bookmarks.removeBookmarkedConference(JidCreate.entityBareFrom(room));
        await(carol, BrowserEvent.ROOM, e -> new RoomEvent(account, RoomView.gone(room)).equals(RoomEvent.fromJson(e)), 15_000);
      }
    }
  }
}
