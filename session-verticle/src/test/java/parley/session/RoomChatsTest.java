package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.browser.AccountReply;
import parley.contract.browser.AccountView;
import parley.contract.browser.OccupantView;
import parley.contract.browser.RoomEvent;
import parley.contract.browser.RoomOccupantEvent;
import parley.contract.browser.RoomView;
import parley.contract.testing.TestNetworks;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * Group chats (XEP-0045) through the session, on a real PostgreSQL: the rooms kept and joined again,
 * their messages stored once per room, the person's own shown sent only when the room reflected it.
 * The test stands in for the web verticle and the XMPP node.
 */
class RoomChatsTest {
  private static final String NODE_ID = "rooms-node";
  private static final String ROOM = "lobby@conference.example.org";

  private SessionHarness session;
  private StandInNode node;
  private Vertx vertx;
  private JsonObject db;
  private BlockingQueue<JsonObject> nodeCommands;
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;
  private JsonObject connectedState;
  /** What the node answers a {@code room-archive-query}. */
  private volatile JsonObject roomArchivePage = new JsonObject();

  @BeforeEach
  void deploy() throws Exception {
    node = new StandInNode(TestNetworks.XMPP, NODE_ID, command -> {
      String type = command.getString("type");
      return Future.succeededFuture(NodeCommand.JOIN_ROOM.equals(type)
          ? new JsonObject().put("room", command.getString("room")).put("nick", command.getString("nick")).put("created", false)
          : NodeCommand.ROOM_ARCHIVE_QUERY.equals(type) ? roomArchivePage : new JsonObject());
    });
    session = SessionHarness.start(node);
    vertx = session.vertx;
    db = session.db;
    nodeCommands = node.commands;
    userId = session.signUp("alice");
    SessionHarness.Connected account = session.connectedAccount(userId, node, "alice@example.org",
        new JsonArray().add("carbons").add("rooms"));
    accountId = account.accountId();
    pushed = account.events();
    connectedState = account.state();
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

  private ReplyException refusal(JsonObject body) {
    return session.refusal(userId, body);
  }

  private AccountView accountInSnapshot() {
    JsonObject attached = command(new JsonObject().put("type", BrowserCommand.ATTACH));
    return attached.getJsonObject("state").getJsonArray("accounts").stream().map(a -> AccountView.fromJson((JsonObject) a))
        .filter(a -> accountId.equals(a.id())).findFirst().orElseThrow();
  }

  private JsonObject snapshot() {
    return command(new JsonObject().put("type", BrowserCommand.ATTACH)).getJsonObject("state");
  }

  private void joined(String room, String nick) throws InterruptedException {
    command(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", accountId).put("room", room).put("nick", nick));
    nextNodeCommand(NodeCommand.JOIN_ROOM);
    nodeEvent(NodeEvent.ROOM_STATE, new JsonObject().put("room", room).put("state", "joined").put("nick", nick)
        .put("role", "participant").put("affiliation", "none"));
    nextEvent(BrowserEvent.ROOM);
  }

  private JsonArray history(String peer) {
    return command(new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId).put("peer", peer))
        .getJsonArray("messages");
  }

  private void roomMessage(String room, String nick, String text, String stanzaId) {
    nodeEvent(NodeEvent.ROOM_MESSAGE, new JsonObject().put("room", room).put("nick", nick).put("text", text)
        .put("ts", 1764060000000L).put("stanzaId", stanzaId));
  }

  @Test
  void aJoinedRoomIsShownKeptAndJoinedAgainAfterEachConnectUntilLeft() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", accountId).put("room", "Lobby@Conference.Example.org")
        .put("nick", "alice"));
    JsonObject join = nextNodeCommand(NodeCommand.JOIN_ROOM);
    assertEquals(ROOM, join.getString("room"));
    assertEquals("alice", join.getString("nick"));
    nodeEvent(NodeEvent.ROOM_STATE, new JsonObject().put("room", ROOM).put("state", "joined").put("nick", "alice")
        .put("role", "participant").put("affiliation", "member"));
    RoomView room = RoomEvent.fromJson(nextEvent(BrowserEvent.ROOM)).room();
    assertEquals("joined", room.state());
    assertEquals("member", room.affiliation());
    nodeEvent(NodeEvent.ROOM_OCCUPANT, new JsonObject().put("room", ROOM).put("nick", "bob").put("available", true)
        .put("role", "moderator").put("affiliation", "owner"));
    assertEquals("bob", RoomOccupantEvent.fromJson(nextEvent(BrowserEvent.ROOM_OCCUPANT)).occupant().nick());
    nodeEvent(NodeEvent.ROOM_SUBJECT, new JsonObject().put("room", ROOM).put("subject", "Friday").put("nick", "bob"));
    assertEquals("Friday", RoomEvent.fromJson(nextEvent(BrowserEvent.ROOM)).room().subject());
    JsonObject inSnapshot = snapshot().getJsonArray("rooms").getJsonObject(0);
    assertEquals(ROOM, RoomView.fromJson(inSnapshot).room());
    assertEquals("Friday", RoomView.fromJson(inSnapshot).subject());
    assertEquals("bob", OccupantView.fromJson(inSnapshot.getJsonArray("occupants").getJsonObject(0)).nick());

    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("rooms")));
    JsonObject again = nextNodeCommand(NodeCommand.JOIN_ROOM);
    assertEquals(ROOM, again.getString("room"));
    assertEquals("alice", again.getString("nick"));

    command(new JsonObject().put("type", BrowserCommand.ROOM_LEAVE).put("accountId", accountId).put("room", ROOM));
    assertEquals(ROOM, nextNodeCommand(NodeCommand.LEAVE_ROOM).getString("room"));
    assertEquals(new JsonArray(), snapshot().getJsonArray("rooms"));
    nodeCommands.clear();
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("rooms")));
    nextEvent(BrowserEvent.ACCOUNT_STATE);
    JsonObject next;
    while ((next = nodeCommands.poll(500, TimeUnit.MILLISECONDS)) != null) {
      assertTrue(!NodeCommand.JOIN_ROOM.equals(next.getString("type")), "a left room is not joined again: " + next);
    }
  }

  @Test
  void aRoomsMessagesAreStoredOncePerRoomByTheRoomsStanzaId() throws Exception {
    joined(ROOM, "alice");
    joined("other@conference.example.org", "alice");
    roomMessage(ROOM, "bob", "hello @alice", "r-1");
    JsonObject shown = nextEvent(BrowserEvent.MESSAGE).getJsonObject("message");
    assertEquals("bob", shown.getString("nick"));
    assertEquals(ROOM, shown.getString("peer"));
    assertEquals("in", shown.getString("direction"));
    // As the history shows it: the page pages the room's archive from it and drops what it has shown.
    assertEquals("r-1", shown.getString("stanzaId"));
    // The room's history on the next join brings it again; another room may use the same id for its own.
    roomMessage(ROOM, "bob", "hello @alice", "r-1");
    roomMessage("other@conference.example.org", "carol", "elsewhere", "r-1");
    assertEquals("elsewhere", nextEvent(BrowserEvent.MESSAGE).getJsonObject("message").getString("text"));
    JsonArray stored = history(ROOM);
    assertEquals(1, stored.size(), () -> "stored once: " + stored);
    assertEquals("bob", stored.getJsonObject(0).getString("nick"));
    assertEquals(1, history("other@conference.example.org").size());
    JsonObject unread = snapshot().getJsonArray("unread").stream().map(JsonObject.class::cast)
        .filter(u -> ROOM.equals(u.getString("peer"))).findFirst().orElseThrow();
    assertEquals(1, unread.getInteger("count"));
  }

  /**
   * "Older messages" in a room asks the ROOM's archive (not the account's), before the oldest shown
   * room stanza id, with a bounded page; the page comes back in order with each sender's nick.
   */
  @Test
  void olderMessagesOfARoomComeFromTheRoomsArchiveInOrderWithTheirNicks() throws Exception {
    joined(ROOM, "alice");
    roomMessage(ROOM, "bob", "the oldest kept", "r-9");
    nextEvent(BrowserEvent.MESSAGE);
    assertEquals("r-9", history(ROOM).getJsonObject(0).getString("stanzaId"),
        "a stored room message carries the room's stanza id: the page asks the room's archive before it");
    roomArchivePage = new JsonObject().put("complete", false).put("messages", new JsonArray()
        .add(new JsonObject().put("stanzaId", "r-7").put("nick", "carol").put("text", "first").put("ts", 1764050000000L))
        .add(new JsonObject().put("stanzaId", "r-8").put("nick", "bob").put("text", "second").put("ts", 1764050001000L))
        .add(new JsonObject().put("nick", "bob").put("text", "no ts: dropped"))
        .add(new JsonObject().put("stanzaId", "r-x").put("text", "no nick: dropped").put("ts", 1764050002000L)));
    nodeCommands.clear();
    JsonObject page = command(new JsonObject().put("type", BrowserCommand.HISTORY_ARCHIVE).put("accountId", accountId)
        .put("peer", ROOM).put("before", "r-9").put("limit", 100000));
    JsonObject asked = nextNodeCommand(NodeCommand.ROOM_ARCHIVE_QUERY);
    assertEquals(ROOM, asked.getString("room"));
    assertEquals("r-9", asked.getString("before"));
    assertEquals(parley.contract.Limits.MAX_HISTORY_PAGE, asked.getInteger("max"), "the page size is bounded");
    JsonArray messages = page.getJsonArray("messages");
    assertEquals(2, messages.size(), () -> "only whole messages: " + messages);
    assertEquals("first", messages.getJsonObject(0).getString("text"));
    assertEquals("carol", messages.getJsonObject(0).getString("nick"));
    assertEquals("r-7", messages.getJsonObject(0).getString("stanzaId"));
    assertEquals(ROOM, messages.getJsonObject(0).getString("peer"));
    assertEquals("in", messages.getJsonObject(0).getString("direction"));
    assertTrue(messages.getJsonObject(0).getBoolean("archived"));
    assertEquals("second", messages.getJsonObject(1).getString("text"));
    assertEquals(false, page.getBoolean("complete"));
  }

  /** Each page costs the room's server a disco and a query: a user gets a burst of 10, then a steady rate. */
  @Test
  void pagesOfARoomsArchiveAreLimitedPerUser() throws Exception {
    joined(ROOM, "alice");
    JsonObject ask = new JsonObject().put("type", BrowserCommand.HISTORY_ARCHIVE).put("accountId", accountId).put("peer", ROOM);
    for (int i = 0; i < 10; i++) {
      command(ask);
    }
    ReplyException refused = refusal(ask);
    assertEquals(FailureCode.RATE_LIMITED.code(), refused.failureCode());
    assertTrue(refused.getMessage().contains("older messages"), refused::getMessage);
  }

  @Test
  void aMessageToARoomIsSentOnlyWhenTheRoomReflectsIt() throws Exception {
    joined(ROOM, "alice");
    JsonObject reply = command(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId)
        .put("to", ROOM).put("text", "hi all"));
    JsonObject pending = reply.getJsonObject("message");
    assertEquals(MessageStatus.PENDING, pending.getString("status"), "the server took it; the room has not reflected it yet");
    JsonObject send = nextNodeCommand(NodeCommand.SEND_ROOM_MESSAGE);
    assertEquals(ROOM, send.getString("room"));
    String messageId = String.valueOf(pending.getLong("id"));
    assertEquals(messageId, send.getString("messageId"));
    assertEquals(MessageStatus.PENDING, history(ROOM).getJsonObject(0).getString("status"));

    nodeEvent(NodeEvent.ROOM_MESSAGE, new JsonObject().put("room", ROOM).put("nick", "alice").put("text", "hi all")
        .put("ts", 1764060000000L).put("stanzaId", "r-9").put("messageId", messageId));
    JsonObject sent = nextEvent(BrowserEvent.MESSAGE_STATUS).getJsonObject("message");
    assertEquals(MessageStatus.SENT, sent.getString("status"));
    assertEquals(pending.getLong("id"), sent.getLong("id"));
    assertEquals("r-9", sent.getString("stanzaId"), "the room's id of the reflected message, as the history shows it");
    // In the room's history on a later join: known, nothing new.
    nodeEvent(NodeEvent.ROOM_MESSAGE, new JsonObject().put("room", ROOM).put("nick", "alice").put("text", "hi all")
        .put("ts", 1764060000000L).put("stanzaId", "r-9").put("messageId", messageId).put("delayed", true));
    roomMessage(ROOM, "bob", "after", "r-10");
    assertEquals("after", nextEvent(BrowserEvent.MESSAGE).getJsonObject("message").getString("text"));
    JsonArray stored = history(ROOM);
    assertEquals(2, stored.size(), () -> "the own message once: " + stored);
    assertEquals(MessageStatus.SENT, stored.getJsonObject(0).getString("status"));
  }

  @Test
  void aServerWithoutRoomsIsNotAskedAndTheRefusalSaysWhy() throws Exception {
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("carbons")));
    nextEvent(BrowserEvent.ACCOUNT_STATE);
    nodeCommands.clear();
    ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", accountId)
        .put("room", ROOM).put("nick", "alice"));
    assertEquals(FailureCode.IM_ERROR.code(), r.failureCode());
    assertEquals("The server of alice@example.org offers no group chats (it lists no XEP-0045 service), "
        + "so rooms cannot be joined from this account.", r.getMessage());
    assertNull(nodeCommands.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  void invitationsAreShownKeptForLaterPagesAndDeclined() throws Exception {
    nodeEvent(NodeEvent.ROOM_INVITATION, new JsonObject().put("room", ROOM).put("from", "bob@example.org")
        .put("reason", "come").put("direct", true));
    JsonObject invitation = nextEvent(BrowserEvent.ROOM_INVITATION);
    assertEquals(ROOM, invitation.getString("room"));
    assertEquals("bob@example.org", invitation.getString("from"));
    assertEquals("come", snapshot().getJsonArray("invitations").getJsonObject(0).getString("reason"));

    command(new JsonObject().put("type", BrowserCommand.ROOM_DECLINE).put("accountId", accountId).put("room", ROOM)
        .put("jid", "bob@example.org"));
    JsonObject decline = nextNodeCommand(NodeCommand.DECLINE_INVITATION);
    assertEquals("bob@example.org", decline.getString("jid"));
    assertEquals(new JsonArray(), snapshot().getJsonArray("invitations"));
  }

  @Test
  void joinedRoomsAreBookmarkedAndBookmarkedOnesJoined() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", accountId).put("room", ROOM).put("nick", "alice"));
    nextNodeCommand(NodeCommand.JOIN_ROOM);
    JsonObject bookmark = nextNodeCommand(NodeCommand.SET_BOOKMARK);
    assertEquals(ROOM, bookmark.getString("room"));
    assertEquals("alice", bookmark.getString("nick"));
    assertTrue(bookmark.getBoolean("autojoin"));
    command(new JsonObject().put("type", BrowserCommand.ROOM_LEAVE).put("accountId", accountId).put("room", ROOM));
    nextNodeCommand(NodeCommand.LEAVE_ROOM);
    assertEquals(ROOM, nextNodeCommand(NodeCommand.REMOVE_BOOKMARK).getString("room"));

    // Bookmarked on another client: joined here too, and kept, with the bookmark's nickname.
    nodeEvent(NodeEvent.BOOKMARKS, new JsonObject().put("rooms", new JsonArray()
        .add(new JsonObject().put("room", "phone@conference.example.org").put("nick", "ali").put("autojoin", true))
        .add(new JsonObject().put("room", "later@conference.example.org").put("autojoin", false))));
    JsonObject join = nextNodeCommand(NodeCommand.JOIN_ROOM);
    assertEquals("phone@conference.example.org", join.getString("room"));
    assertEquals("ali", join.getString("nick"));
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("rooms")));
    JsonObject again = nextNodeCommand(NodeCommand.JOIN_ROOM);
    assertEquals("phone@conference.example.org", again.getString("room"));
    JsonObject next;
    while ((next = nodeCommands.poll(500, TimeUnit.MILLISECONDS)) != null) {
      assertTrue(!"later@conference.example.org".equals(next.getString("room")), "not autojoin: not joined " + next);
    }
  }

  /**
   * A room joined with its password is joined with it again after every connect (and by another session
   * process: it is read from the database), bookmarked with it for the person's other clients; kept
   * encrypted as IM passwords are, and never shown to a page. A password from a bookmark is used and kept too.
   */
  @Test
  void aRoomsPasswordIsKeptEncryptedForTheNextJoinAndNeverShown() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", accountId).put("room", ROOM)
        .put("nick", "alice").put("password", "room secret"));
    assertEquals("room secret", nextNodeCommand(NodeCommand.JOIN_ROOM).getString("password"));
    assertEquals("room secret", nextNodeCommand(NodeCommand.SET_BOOKMARK).getString("password"), "for the other clients");
    nodeEvent(NodeEvent.ROOM_STATE, new JsonObject().put("room", ROOM).put("state", "joined").put("nick", "alice")
        .put("role", "participant").put("affiliation", "none"));
    assertTrue(!nextEvent(BrowserEvent.ROOM).encode().contains("room secret"));
    assertTrue(!snapshot().encode().contains("room secret"), "never sent to a page");

    nodeEvent(NodeEvent.BOOKMARKS, new JsonObject().put("rooms", new JsonArray()
        .add(new JsonObject().put("room", "phone@conference.example.org").put("nick", "ali").put("autojoin", true)
            .put("password", "phone secret"))));
    JsonObject fromBookmark = nextNodeCommand(NodeCommand.JOIN_ROOM);
    assertEquals("phone@conference.example.org", fromBookmark.getString("room"));
    assertEquals("phone secret", fromBookmark.getString("password"));

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    List<byte[]> kept = new java.util.ArrayList<>();
    pool.query("select password from session.rooms").execute().await().forEach(r -> kept.add(r.getBuffer(0).getBytes()));
    assertEquals(2, kept.size());
    for (byte[] sealed : kept) {
      String raw = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(!raw.contains("room secret") && !raw.contains("phone secret"), "kept encrypted");
    }
    pool.close().await();

    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("rooms")));
    // Both rooms are joined again, each with its own password.
    java.util.Map<String, String> again = new java.util.HashMap<>();
    for (int i = 0; i < 2; i++) {
      JsonObject join = nextNodeCommand(NodeCommand.JOIN_ROOM);
      again.put(join.getString("room"), join.getString("password"));
    }
    assertEquals(java.util.Map.of(ROOM, "room secret", "phone@conference.example.org", "phone secret"), again);
  }

  /** A room whose bookmark another client removed (the person left it on the phone) is left here too, and gone from the page. */
  @Test
  void aRoomWhoseBookmarkIsRemovedElsewhereIsLeft() throws Exception {
    joined(ROOM, "alice");
    joined("other@conference.example.org", "alice");
    nodeCommands.clear();
    nodeEvent(NodeEvent.BOOKMARKS, new JsonObject().put("rooms", new JsonArray()
            .add(new JsonObject().put("room", "other@conference.example.org").put("nick", "alice").put("autojoin", true)))
        .put("removed", new JsonArray().add(ROOM).add("never@conference.example.org")));
    assertEquals(ROOM, nextNodeCommand(NodeCommand.LEAVE_ROOM).getString("room"));
    RoomView gone = RoomEvent.fromJson(nextEvent(BrowserEvent.ROOM)).room();
    assertEquals(RoomView.gone(ROOM), gone);
    assertEquals(List.of("other@conference.example.org"), snapshot().getJsonArray("rooms").stream()
        .map(r -> RoomView.fromJson((JsonObject) r).room()).toList());
    // Not joined again after the next connect, and its bookmark is not written back.
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("rooms")));
    assertEquals("other@conference.example.org", nextNodeCommand(NodeCommand.JOIN_ROOM).getString("room"));
    JsonObject next;
    while ((next = nodeCommands.poll(500, TimeUnit.MILLISECONDS)) != null) {
      assertTrue(!ROOM.equals(next.getString("room")), "left for good: " + next);
    }
  }

  @Test
  void aBadRoomAddressIsRefusedInWords() {
    ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", accountId)
        .put("room", "not a room").put("nick", "alice"));
    assertEquals(FailureCode.INVALID_JID.code(), r.failureCode());
  }

  /** A network with its own room rule (IRC: channels) is checked by it, and gets no bookmark commands it does not take. */
  @Test
  void roomsOfANetworkWithItsOwnRoomRuleFollowItsDescriptor() throws Exception {
    vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect(TestNetworks.IRC), msg -> {
      nodeCommands.add(msg.body());
      msg.reply(new JsonObject().put("nodeId", NODE_ID));
    }).completion().await();
    String irc = AccountReply.fromJson(command(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.IRC).put("login", "Alice")
        .put("password", "irc-secret").put("host", "127.0.0.1").put("port", 6667).put("tls", "if-offered"))).account().id();
    nextNodeCommand(NodeCommand.CONNECT);
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, new JsonObject().put("type", NodeEvent.CONNECTION_STATE)
        .put("state", ConnectionState.CONNECTED).put("nodeId", NODE_ID).put("userId", userId).put("accountId", irc));
    JsonObject state;
    do {
      state = nextEvent(BrowserEvent.ACCOUNT_STATE);
    } while (!(irc.equals(state.getString("accountId")) && ConnectionState.CONNECTED.equals(state.getString("state"))));

    // A nickname is a fine contact on IRC, but not a room; nor is an XMPP room address.
    for (String notAChannel : new String[] {"bob", ROOM}) {
      ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", irc)
          .put("room", notAChannel).put("nick", "Alice"));
      assertEquals(FailureCode.INVALID_JID.code(), r.failureCode());
      assertTrue(r.getMessage().contains("is not an IRC channel name"), r.getMessage());
    }
    nodeCommands.clear();
    command(new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("accountId", irc).put("room", "#Parley").put("nick", "Alice"));
    assertEquals("#parley", nextNodeCommand(NodeCommand.JOIN_ROOM).getString("room"));
    command(new JsonObject().put("type", BrowserCommand.ROOM_LEAVE).put("accountId", irc).put("room", "#parley"));
    assertEquals("#parley", nextNodeCommand(NodeCommand.LEAVE_ROOM).getString("room"));
    JsonObject next;
    while ((next = nodeCommands.poll(500, TimeUnit.MILLISECONDS)) != null) {
      assertTrue(!next.getString("type").endsWith("bookmark"), "IRC's descriptor lists no bookmark commands: " + next);
    }
  }
}
