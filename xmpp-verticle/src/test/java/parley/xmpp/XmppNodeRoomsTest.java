package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.Bookmarks;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.muc.MucConfigFormManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.GroupChatInvitation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Group chats (XEP-0045) through the node, against a real Prosody with its MUC component and plain
 * Smack clients as the other people in the rooms; {@link XmppNodeRoomsEjabberdTest} runs them
 * against ejabberd's mod_muc.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeRoomsTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger counter = new AtomicInteger();
  static XmppTestServer server;

  private NodeHarness node;

  /** The server the tests run against, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer() {
    return new ProsodyServer();
  }

  @BeforeAll
  void startServer() {
    server = newServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  private static String newUser(String name) {
    String user = name + counter.incrementAndGet();
    server.createUser(user, PASSWORD);
    return user;
  }

  private static String newRoom() {
    return "room" + counter.incrementAndGet() + "@conference." + server.domain();
  }

  private String connect(String user) {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, user, PASSWORD);
    return account;
  }

  private JsonObject join(String account, String room, String nick) {
    return node.command(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", room).put("nick", nick));
  }

  private ReplyException joinFails(String account, String room, String nick) {
    return node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.JOIN_ROOM)
        .put("accountId", account).put("room", room).put("nick", nick));
  }

  /** A Smack client in the room {@code room} as {@code nick}; creates it (an instant room) when new. */
  private static MultiUserChat smackJoins(Peer peer, String room, String nick) throws Exception {
    MultiUserChat muc = MultiUserChatManager.getInstanceFor(peer.connection).getMultiUserChat(JidCreate.entityBareFrom(room));
    MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(Resourcepart.from(nick));
    if (created != null) {
      created.makeInstant();
    }
    return muc;
  }

  @Test
  void theConnectedStateSaysTheServerHasRooms() {
    String account = connect(newUser("alice"));
    JsonArray features = node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .filter(e -> ConnectionState.CONNECTED.equals(e.getString("state"))).findFirst().orElseThrow()
        .getJsonArray("features");
    assertTrue(features.contains("rooms"), () -> "features " + features);
  }

  @Test
  void createsARoomSetsItsSubjectAndLeaves() {
    String account = connect(newUser("alice"));
    String room = newRoom();
    JsonObject joined = join(account, room, "alice");
    assertEquals(room, joined.getString("room"));
    assertEquals("alice", joined.getString("nick"));
    assertTrue(joined.getBoolean("created"), "a new room is created");
    JsonObject state = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> room.equals(e.getString("room")));
    assertEquals("joined", state.getString("state"));
    assertEquals("owner", state.getString("affiliation"));
    assertEquals("moderator", state.getString("role"));

    node.command(NodeCommand.SET_ROOM_SUBJECT, account, new JsonObject().put("room", room).put("subject", "Plans for Friday"));
    JsonObject subject = node.awaitEvent(account, NodeEvent.ROOM_SUBJECT,
        e -> "Plans for Friday".equals(e.getString("subject")));
    assertEquals("alice", subject.getString("nick"));
    // An empty subject clears it (XEP-0045 §8.1): the page's "clear" sends one.
    node.command(NodeCommand.SET_ROOM_SUBJECT, account, new JsonObject().put("room", room).put("subject", ""));
    node.awaitEvent(account, NodeEvent.ROOM_SUBJECT, e -> "".equals(e.getString("subject")));

    node.command(NodeCommand.LEAVE_ROOM, account, new JsonObject().put("room", room));
    JsonObject left = node.awaitEvent(account, NodeEvent.ROOM_STATE,
        e -> room.equals(e.getString("room")) && "left".equals(e.getString("state")));
    assertFalse(left.containsKey("error"), () -> "left of its own accord: " + left);
    NodeHarness.assertFailure(node.failure(Addresses.node(node.nodeId), new JsonObject()
        .put("type", NodeCommand.SEND_ROOM_MESSAGE).put("accountId", account).put("room", room)
        .put("text", "anyone?").put("messageId", "7")), FailureCode.IM_ERROR);
  }

  @Test
  void aTakenNicknameIsRefusedInWordsAndAnotherWorks() throws Exception {
    String room = newRoom();
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      smackJoins(bob, room, "bob");
      String account = connect(newUser("alice"));
      ReplyException taken = joinFails(account, room, "bob");
      NodeHarness.assertFailure(taken, FailureCode.IM_ERROR);
      assertEquals("The nickname 'bob' is already taken in " + room + "; choose another.", taken.getMessage());

      join(account, room, "alice");
      JsonObject bobThere = node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT,
          e -> room.equals(e.getString("room")) && "bob".equals(e.getString("nick")));
      assertTrue(bobThere.getBoolean("available"));
      assertEquals("owner", bobThere.getString("affiliation"));
      assertEquals("moderator", bobThere.getString("role"));
      JsonObject state = node.awaitEvent(account, NodeEvent.ROOM_STATE,
          e -> room.equals(e.getString("room")) && "joined".equals(e.getString("state")));
      assertEquals("participant", state.getString("role"));
    }
  }

  @Test
  void historyComesOnJoinThenMessagesGoBothWaysAndOwnAreKnownByTheirReflection() throws Exception {
    String room = newRoom();
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      MultiUserChat muc = smackJoins(bob, room, "bob");
      muc.sendMessage("said before alice came");
      BlockingQueue<Message> bobSees = new LinkedBlockingQueue<>();
      muc.addMessageListener(bobSees::add);

      String account = connect(newUser("alice"));
      join(account, room, "alice");
      JsonObject history = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE,
          e -> "said before alice came".equals(e.getString("text")));
      assertEquals("bob", history.getString("nick"));
      assertEquals(room, history.getString("room"));
      assertTrue(history.getBoolean("delayed", false), () -> "history is marked as such: " + history);
      assertFalse(history.containsKey("messageId"), "not alice's own");
      // The subject comes after the history, also when there is none.
      node.awaitEvent(account, NodeEvent.ROOM_SUBJECT, e -> room.equals(e.getString("room")));

      muc.sendMessage("hello alice");
      JsonObject live = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "hello alice".equals(e.getString("text")));
      assertEquals("bob", live.getString("nick"));
      assertFalse(live.containsKey("delayed"));

      node.command(NodeCommand.SEND_ROOM_MESSAGE, account, new JsonObject().put("room", room)
          .put("text", "hi bob, @bob").put("messageId", "42"));
      JsonObject reflected = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "hi bob, @bob".equals(e.getString("text")));
      assertEquals("42", reflected.getString("messageId"));
      assertEquals("alice", reflected.getString("nick"));
      Message got = await(bobSees, m -> "hi bob, @bob".equals(m.getBody()));
      assertEquals("alice", got.getFrom().getResourceOrEmpty().toString());
    }
  }

  @Test
  void historyMessagesCarryTheRoomsStanzaIds() throws Exception {
    String room = newRoom();
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      smackJoins(bob, room, "bob").sendMessage("archived in the room");
      String account = connect(newUser("alice"));
      join(account, room, "alice");
      JsonObject history = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE,
          e -> "archived in the room".equals(e.getString("text")));
      assertNotNull(history.getString("stanzaId"), () -> "the room's stanza id: " + history);
    }
  }

  /**
   * A room with more messages than its join history: "older messages" pages back through the room's
   * own archive (XEP-0313 addressed to the room), each message once, in order, with its nick and the
   * room's stanza id.
   */
  @Test
  void olderMessagesPageBackThroughTheRoomsArchive() throws Exception {
    String room = newRoom();
    int sent = Rooms.HISTORY + 12;
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      MultiUserChat muc = smackJoins(bob, room, "bob");
      for (int i = 1; i <= sent; i++) {
        muc.sendMessage("m" + i);
      }
      String account = connect(newUser("alice"));
      join(account, room, "alice");
      node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> ("m" + sent).equals(e.getString("text")));
      java.util.List<JsonObject> history = node.eventsOf(account, NodeEvent.ROOM_MESSAGE).stream()
          .filter(e -> room.equals(e.getString("room"))).toList();
      assertTrue(history.size() < sent, () -> "the join brings only the recent history: " + history.size());
      String before = history.get(0).getString("stanzaId");
      assertNotNull(before, "the oldest known message has the room's stanza id");

      java.util.List<String> older = new java.util.ArrayList<>();
      for (int pages = 0; pages < 10; pages++) {
        JsonObject page = node.command(NodeCommand.ROOM_ARCHIVE_QUERY, account,
            new JsonObject().put("room", room).put("before", before).put("max", 5));
        JsonArray messages = page.getJsonArray("messages");
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
          JsonObject m = messages.getJsonObject(i);
          assertEquals("bob", m.getString("nick"), () -> "the sender's nick: " + m);
          assertNotNull(m.getString("stanzaId"));
          assertTrue(m.getLong("ts") > 0);
          texts.add(m.getString("text"));
        }
        older.addAll(0, texts);
        if (page.getBoolean("complete") || messages.isEmpty()) {
          break;
        }
        before = messages.getJsonObject(0).getString("stanzaId");
      }
      java.util.List<String> expected = new java.util.ArrayList<>();
      for (int i = 1; i <= sent - history.size(); i++) {
        expected.add("m" + i);
      }
      assertEquals(expected, older, "each older message once, in order");
    }
  }

  @Test
  void aRoomThatKeepsNoArchiveIsSaidSoInWords() throws Exception {
    String room = newRoom();
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      MultiUserChat muc = smackJoins(bob, room, "bob");
      FillableForm config = muc.getConfigurationForm().getFillableForm();
      // Prosody's mod_muc_mam and ejabberd's mod_muc name the switch differently.
      String archiving = config.getField("muc#roomconfig_enablearchiving") != null ? "muc#roomconfig_enablearchiving" : "mam";
      assertNotNull(config.getField(archiving), "the room can be told to keep no archive");
      config.setAnswer(archiving, false);
      muc.sendConfigurationForm(config);
      muc.sendMessage("not archived");
      String account = connect(newUser("alice"));
      ReplyException e = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.ROOM_ARCHIVE_QUERY)
          .put("accountId", account).put("room", room).put("max", 5));
      // Its own code: the page offers no more older messages for it (a timeout, IM_ERROR, says "try again").
      NodeHarness.assertFailure(e, FailureCode.NO_ARCHIVE);
      assertEquals("The room " + room + " keeps no message archive, so there are no older messages to fetch.", e.getMessage());
    }
  }

  @Test
  void aRoomArchiveQueryForARoomThatDoesNotExistIsRefusedInWords() {
    String account = connect(newUser("alice"));
    ReplyException e = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.ROOM_ARCHIVE_QUERY)
        .put("accountId", account).put("room", newRoom()).put("max", 5));
    NodeHarness.assertFailure(e, FailureCode.IM_ERROR);
    assertTrue(e.getMessage().contains("room"), e::getMessage);
  }

  @Test
  void invitationsComeThroughTheRoomAndDirectlyAndGoOut() throws Exception {
    String room = newRoom();
    String alice = newUser("alice");
    String account = connect(alice);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD);
         Peer carol = Peer.login(server, newUser("carol"), PASSWORD)) {
      MultiUserChat muc = smackJoins(bob, room, "bob");
      // ejabberd lets participants invite only when the owner says so; Prosody's open rooms always do.
      FillableForm config = muc.getConfigurationForm().getFillableForm();
      if (config.getField("muc#roomconfig_allowinvites") != null) {
        config.setAnswer("muc#roomconfig_allowinvites", true);
        muc.sendConfigurationForm(config);
      }
      EntityBareJid aliceJid = JidCreate.entityBareFrom(server.jid(alice));
      muc.invite(aliceJid, "come and see");
      JsonObject mediated = node.awaitEvent(account, NodeEvent.ROOM_INVITATION, e -> !e.getBoolean("direct"));
      assertEquals(room, mediated.getString("room"));
      // Its address, or where the room hides addresses, its place in the room.
      assertTrue(bob.jid.equals(mediated.getString("from")) || (room + "/bob").equals(mediated.getString("from")),
          () -> "the inviter: " + mediated);
      assertEquals("come and see", mediated.getString("reason"));

      bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza().to(aliceJid)
          .addExtension(new GroupChatInvitation(room)).build());
      JsonObject direct = node.awaitEvent(account, NodeEvent.ROOM_INVITATION, e -> e.getBoolean("direct"));
      assertEquals(room, direct.getString("room"));
      assertEquals(bob.jid, direct.getString("from"));

      BlockingQueue<String> carolInvited = new LinkedBlockingQueue<>();
      MultiUserChatManager.getInstanceFor(carol.connection).addInvitationListener(
          (conn, r, inviter, reason, password, message, invitation) -> carolInvited.add(r.getRoom() + " " + reason));
      join(account, room, "alice");
      node.command(NodeCommand.INVITE_TO_ROOM, account, new JsonObject().put("room", room).put("jid", carol.jid)
          .put("reason", "you too"));
      assertEquals(room + " you too", carolInvited.poll(NodeHarness.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
  }

  @Test
  void refusalsAndRemovalsAreSaidInWords() throws Exception {
    String locked = newRoom();
    String membersOnly = newRoom();
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      MucConfigFormManager form = smackJoins(bob, locked, "bob").getConfigFormManager();
      // Prosody has no separate switch: a secret makes its room password-protected.
      (form.supportsPasswordProtected() ? form.setAndEnablePassword("secret") : form.setRoomSecret("secret"))
          .submitConfigurationForm();
      smackJoins(bob, membersOnly, "bob").getConfigFormManager().makeMembersOnly().submitConfigurationForm();
      String account = connect(newUser("alice"));

      ReplyException noPassword = joinFails(account, locked, "alice");
      assertEquals(locked + " needs a password.", noPassword.getMessage());
      ReplyException notMember = joinFails(account, membersOnly, "alice");
      assertEquals(membersOnly + " is for members only, and this account is not a member.", notMember.getMessage());
      JsonObject withPassword = node.command(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", locked)
          .put("nick", "alice").put("password", "secret"));
      assertEquals("alice", withPassword.getString("nick"));

      MultiUserChat muc = MultiUserChatManager.getInstanceFor(bob.connection).getMultiUserChat(JidCreate.entityBareFrom(locked));
      muc.kickParticipant(Resourcepart.from("alice"), "enough");
      JsonObject kicked = node.awaitEvent(account, NodeEvent.ROOM_STATE,
          e -> locked.equals(e.getString("room")) && "left".equals(e.getString("state"))
              && !e.getJsonObject("error").getString("text").contains("password"));
      assertEquals("A moderator removed you from " + locked + ".", kicked.getJsonObject("error").getString("text"));
    }
  }

  @Test
  void afterANewSessionTheRoomsAreJoinedAgain() {
    String account = connect(newUser("alice"));
    String room = newRoom();
    join(account, room, "alice");
    node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> room.equals(e.getString("room")) && "joined".equals(e.getString("state")));
    server.restart();
    // The first joined was claimed above: this one is the join after the new session.
    node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> room.equals(e.getString("room")) && "joined".equals(e.getString("state")));
    node.command(NodeCommand.SEND_ROOM_MESSAGE, account, new JsonObject().put("room", room).put("text", "back").put("messageId", "9"));
    assertEquals("9", node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "back".equals(e.getString("text"))).getString("messageId"));
  }

  @Test
  void bookmarksMadeOnAnotherClientComeAndParleysGoToTheServer() throws Exception {
    String alice = newUser("alice");
    String fromPhone = newRoom();
    String fromParley = newRoom();
    try (Peer phone = Peer.login(server, alice, PASSWORD)) {
      // Another client of the account bookmarks a room the XEP-0048 way, as Smack does.
      BookmarkManager.getBookmarkManager(phone.connection).addBookmarkedConference("Phone room",
          JidCreate.entityBareFrom(fromPhone), true, Resourcepart.from("ali"), null);
      String account = connect(alice);
      JsonObject first = node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> true);
      assertEquals(bookmarksOnPep(), first.getBoolean("pep"), "XEP-0402 where the server keeps it in step with XEP-0048");
      JsonObject bookmark = first.getJsonArray("rooms").stream().map(JsonObject.class::cast)
          .filter(b -> fromPhone.equals(b.getString("room"))).findFirst().orElseThrow(() -> new AssertionError("bookmarks " + first));
      assertTrue(bookmark.getBoolean("autojoin"));
      assertEquals("ali", bookmark.getString("nick"));
      assertEquals("Phone room", bookmark.getString("name"));

      node.command(NodeCommand.SET_BOOKMARK, account, new JsonObject().put("room", fromParley).put("nick", "alice").put("autojoin", true));
      node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> e.getJsonArray("rooms").size() == 2);
      assertEquals(java.util.Map.of(fromPhone, "ali", fromParley, "alice"), storedBookmarks(phone));

      node.command(NodeCommand.REMOVE_BOOKMARK, account, new JsonObject().put("room", fromPhone));
      node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> e.getJsonArray("rooms").size() == 1);
      assertEquals(java.util.Map.of(fromParley, "alice"), storedBookmarks(phone));
    }
  }

  @Test
  void aRoomsPasswordTravelsInItsBookmarkBothWays() throws Exception {
    String alice = newUser("alice");
    String fromPhone = newRoom();
    String fromParley = newRoom();
    try (Peer phone = Peer.login(server, alice, PASSWORD)) {
      BookmarkManager.getBookmarkManager(phone.connection).addBookmarkedConference("Phone room",
          JidCreate.entityBareFrom(fromPhone), true, Resourcepart.from("ali"), "phone secret");
      String account = connect(alice);
      JsonObject first = node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> true);
      JsonObject bookmark = first.getJsonArray("rooms").stream().map(JsonObject.class::cast)
          .filter(b -> fromPhone.equals(b.getString("room"))).findFirst().orElseThrow(() -> new AssertionError("bookmarks " + first));
      assertEquals("phone secret", bookmark.getString("password"), "the session joins with it");

      node.command(NodeCommand.SET_BOOKMARK, account, new JsonObject().put("room", fromParley).put("nick", "alice")
          .put("autojoin", true).put("password", "parley secret"));
      node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> e.getJsonArray("rooms").size() == 2);
      Bookmarks stored = (Bookmarks) PrivateDataManager.getInstanceFor(phone.connection).getPrivateData("storage", "storage:bookmarks");
      java.util.Map<String, String> passwords = new java.util.HashMap<>();
      stored.getBookmarkedConferences().forEach(c -> passwords.put(c.getJid().toString(), c.getPassword()));
      assertEquals(java.util.Map.of(fromPhone, "phone secret", fromParley, "parley secret"), passwords,
          "the phone joins with the password too");
    }
  }

  /**
   * Bookmarks changed on another client arrive at once, not at the next login: PEP notifications
   * (Parley's caps ask for them with +notify) of XEP-0402's node on Prosody, of the XEP-0048 document
   * ejabberd's mod_private publishes to PEP ({@code storage:bookmarks}) on ejabberd; a removed one is said so.
   */
  @Test
  void bookmarksChangedOnAnotherClientArriveAtOnce() throws Exception {
    String alice = newUser("alice");
    String room = newRoom();
    String account = connect(alice);
    node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> true);
    try (Peer phone = Peer.login(server, alice, PASSWORD)) {
      BookmarkManager bookmarks = BookmarkManager.getBookmarkManager(phone.connection);
      bookmarks.addBookmarkedConference("Phone room", JidCreate.entityBareFrom(room), true, Resourcepart.from("ali"), null);
      JsonObject added = node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> e.getJsonArray("rooms").stream()
          .map(JsonObject.class::cast).anyMatch(b -> room.equals(b.getString("room"))));
      assertEquals(new JsonArray(), added.getJsonArray("removed"));

      bookmarks.removeBookmarkedConference(JidCreate.entityBareFrom(room));
      JsonObject removed = node.awaitEvent(account, NodeEvent.BOOKMARKS, e -> e.getJsonArray("rooms").stream()
          .map(JsonObject.class::cast).noneMatch(b -> room.equals(b.getString("room"))));
      assertEquals(new JsonArray().add(room), removed.getJsonArray("removed"));
    }
  }

  /** Prosody (mod_bookmarks) keeps XEP-0402 in step with XEP-0048; ejabberd here has private storage only. */
  boolean bookmarksOnPep() {
    return true;
  }

  /** What another client of the account reads from private storage now (XEP-0048): room → nick. */
  private static java.util.Map<String, String> storedBookmarks(Peer phone) throws Exception {
    Bookmarks stored = (Bookmarks) PrivateDataManager.getInstanceFor(phone.connection).getPrivateData("storage", "storage:bookmarks");
    java.util.Map<String, String> rooms = new java.util.HashMap<>();
    stored.getBookmarkedConferences().forEach(c -> rooms.put(c.getJid().toString(), String.valueOf(c.getNickname())));
    return rooms;
  }

  @Test
  void theRoomSeesThePersonsPresenceChange() throws Exception {
    String room = newRoom();
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      MultiUserChat muc = smackJoins(bob, room, "bob");
      String account = connect(newUser("alice"));
      join(account, room, "alice");
      node.command(NodeCommand.SET_PRESENCE, account, new JsonObject().put("show", "away").put("status", "lunch"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS);
      org.jivesoftware.smack.packet.Presence seen = null;
      while (System.nanoTime() < deadline) {
        seen = muc.getOccupantPresence(JidCreate.entityFullFrom(room + "/alice"));
        if (seen != null && seen.getMode() == org.jivesoftware.smack.packet.Presence.Mode.away) {
          break;
        }
        Thread.sleep(100);
      }
      assertNotNull(seen, "alice is in the room");
      assertEquals(org.jivesoftware.smack.packet.Presence.Mode.away, seen.getMode());
      assertEquals("lunch", seen.getStatus());
    }
  }

  @Test
  void badRoomAddressesAndNicknamesAreRefusedInWords() {
    String account = connect(newUser("alice"));
    NodeHarness.assertFailure(joinFails(account, "not a room", "alice"), FailureCode.INVALID_JID);
    NodeHarness.assertFailure(joinFails(account, "conference." + server.domain(), "alice"), FailureCode.INVALID_JID);
    NodeHarness.assertFailure(joinFails(account, newRoom() + "/alice", "alice"), FailureCode.INVALID_JID);
    NodeHarness.assertFailure(joinFails(account, newRoom(), " "), FailureCode.INVALID_FIELD);
    NodeHarness.assertFailure(joinFails(account, newRoom(), "x".repeat(65)), FailureCode.INVALID_FIELD);
  }

  private static Message await(BlockingQueue<Message> queue, java.util.function.Predicate<Message> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS);
    while (true) {
      Message next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("No matching room message in time");
      }
      if (match.test(next)) {
        return next;
      }
    }
  }
}
