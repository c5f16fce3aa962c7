package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.testing.TestNetworks;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NodeEvent;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * chats.recent on a real PostgreSQL (migration V13's table and trigger): newest chat first, unread
 * counts, the last message, only the asking user's chats, a bounded page. The test stands in for
 * the web verticle and the XMPP node.
 */
@Timeout(120)
class RecentChatsTest {
  private static final String NODE_ID = "recent-node";

  private SessionHarness session;
  private Vertx vertx;
  private Pool pool;
  private String alice;
  private String aliceAccount;
  private BlockingQueue<JsonObject> pushed;

  @BeforeEach
  void deploy() throws Exception {
    session = SessionHarness.start(new StandInNode(TestNetworks.XMPP, NODE_ID));
    vertx = session.vertx;
    pool = session.pool();

    alice = signUp("alice");
    aliceAccount = addAccount(alice, "alice@example.org");
    pushed = session.events(alice);
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
  }

  @AfterEach
  void close() {
    session.close();
  }

  private String signUp(String name) {
    return session.signUp(name);
  }

  private String addAccount(String userId, String login) {
    return session.addAccount(userId, new JsonObject().put("network", TestNetworks.XMPP).put("login", login));
  }

  private JsonObject command(String userId, JsonObject body) {
    return session.command(userId, body);
  }

  private JsonObject recent(String userId, JsonObject page) {
    return command(userId, page.copy().put("type", BrowserCommand.CHATS_RECENT));
  }

  private void nodeEvent(String type, JsonObject body) {
    session.nodeEvent(NODE_ID, alice, aliceAccount, type, body);
  }

  /** A message from {@code from} to alice through the session's own path (stored, counted unread). */
  private void receive(String from, String text) throws InterruptedException {
    nodeEvent(NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", from).put("text", text));
    published(from, text);
  }

  /** A message from {@code nick} in the group chat {@code room}, as the node reports it (stored, counted unread). */
  private void receiveInRoom(String room, String nick, String text, String stanzaId) throws InterruptedException {
    nodeEvent(NodeEvent.ROOM_MESSAGE, new JsonObject().put("room", room).put("nick", nick).put("text", text)
        .put("stanzaId", stanzaId));
    published(room, text);
  }

  /** Waits until the message {@code text} of the chat with {@code from} is pushed to alice's pages. */
  private void published(String from, String text) throws InterruptedException {
    while (true) {
      JsonObject e = pushed.poll(5, TimeUnit.SECONDS);
      assertNotNull(e, "the message from " + from + " was never published");
      if (BrowserEvent.MESSAGE.equals(e.getString("type"))
          && text.equals(e.getJsonObject("message").getString("text"))) {
        return;
      }
    }
  }

  /** Stores a message straight into history (the storage path is tested elsewhere). */
  private long store(String userId, String accountId, String peer, String direction, String text) {
    return pool.preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body)"
            + " values ($1, $2, $3, $4, $5) returning id")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, direction, text))
        .await().iterator().next().getLong("id");
  }

  private static List<String> peers(JsonObject reply) {
    List<String> peers = new ArrayList<>();
    reply.getJsonArray("chats").forEach(c -> peers.add(((JsonObject) c).getString("peer")));
    return peers;
  }

  @Test
  void newestChatFirstWithUnreadCountsAndTheLastMessage() throws Exception {
    receive("bob@example.org", "one");
    receive("carol@example.org", "two");
    receive("bob@example.org", "three");
    long sent = command(alice, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", aliceAccount)
        .put("to", "dave@example.org").put("text", "hello dave")).getJsonObject("message").getLong("id");

    JsonObject reply = recent(alice, new JsonObject());
    assertEquals(List.of("dave@example.org", "bob@example.org", "carol@example.org"), peers(reply));
    assertFalse(reply.getBoolean("more"));
    JsonObject dave = reply.getJsonArray("chats").getJsonObject(0);
    assertEquals(aliceAccount, dave.getString("accountId"));
    assertEquals(TestNetworks.XMPP, dave.getString("network"));
    assertEquals(0, dave.getInteger("unread"));
    assertEquals(sent, dave.getJsonObject("message").getLong("id"));
    assertEquals("out", dave.getJsonObject("message").getString("direction"));
    assertEquals("hello dave", dave.getJsonObject("message").getString("text"));
    JsonObject bob = reply.getJsonArray("chats").getJsonObject(1);
    assertEquals(2, bob.getInteger("unread"));
    assertEquals("three", bob.getJsonObject("message").getString("text"));
    assertEquals("in", bob.getJsonObject("message").getString("direction"));
    assertTrue(bob.getJsonObject("message").getLong("ts") > System.currentTimeMillis() - 60_000);
    assertEquals(1, reply.getJsonArray("chats").getJsonObject(2).getInteger("unread"));

    // Read in any tab: no longer unread. A new message moves its chat to the top.
    command(alice, new JsonObject().put("type", BrowserCommand.CHAT_READ).put("accountId", aliceAccount)
        .put("peer", "bob@example.org"));
    receive("carol@example.org", "four");
    reply = recent(alice, new JsonObject());
    assertEquals(List.of("carol@example.org", "dave@example.org", "bob@example.org"), peers(reply));
    assertEquals(2, reply.getJsonArray("chats").getJsonObject(0).getInteger("unread"));
    assertEquals("four", reply.getJsonArray("chats").getJsonObject(0).getJsonObject("message").getString("text"));
    assertEquals(0, reply.getJsonArray("chats").getJsonObject(2).getInteger("unread"));
  }

  @Test
  void aGroupChatIsListedAtItsNewestMessageWithItsUnreadCountAndWhoSaidIt() throws Exception {
    String room = "lobby@conference.example.org";
    receive("bob@example.org", "one");
    nodeEvent(NodeEvent.ROOM_STATE, new JsonObject().put("room", room).put("state", "joined").put("nick", "alice")
        .put("role", "participant").put("affiliation", "none"));
    receiveInRoom(room, "carol", "hello all", "r-1");
    receiveInRoom(room, "dave", "hi carol", "r-2");

    JsonObject reply = recent(alice, new JsonObject());
    assertEquals(List.of(room, "bob@example.org"), peers(reply));
    JsonObject lobby = reply.getJsonArray("chats").getJsonObject(0);
    assertEquals(aliceAccount, lobby.getString("accountId"));
    assertEquals(TestNetworks.XMPP, lobby.getString("network"));
    assertEquals(2, lobby.getInteger("unread"));
    assertEquals("hi carol", lobby.getJsonObject("message").getString("text"));
    assertEquals("dave", lobby.getJsonObject("message").getString("nick"));
    assertEquals("in", lobby.getJsonObject("message").getString("direction"));

    // Bob writes again: his chat goes back on top; the room keeps its place after it, unread until read.
    receive("bob@example.org", "two");
    reply = recent(alice, new JsonObject());
    assertEquals(List.of("bob@example.org", room), peers(reply));
    assertEquals(2, reply.getJsonArray("chats").getJsonObject(1).getInteger("unread"));
    command(alice, new JsonObject().put("type", BrowserCommand.CHAT_READ).put("accountId", aliceAccount).put("peer", room));
    assertEquals(0, recent(alice, new JsonObject()).getJsonArray("chats").getJsonObject(1).getInteger("unread"));
  }

  @Test
  void anotherUsersChatsAreNeverShown() throws Exception {
    String carol = signUp("carol");
    String carolAccount = addAccount(carol, "carol@example.org");
    store(carol, carolAccount, "mallory@example.org", "in", "carol's secret");
    receive("bob@example.org", "for alice");
    store(carol, carolAccount, "zed@example.org", "out", "carol's newer secret");

    assertEquals(List.of("bob@example.org"), peers(recent(alice, new JsonObject())));
    JsonObject theirs = recent(carol, new JsonObject());
    assertEquals(List.of("zed@example.org", "mallory@example.org"), peers(theirs));
    // Paging on with another user's message id shows nothing of theirs either.
    assertEquals(List.of("bob@example.org"), peers(recent(alice, new JsonObject().put("before", Long.MAX_VALUE))));
  }

  @Test
  void aPageIsBoundedAndPagesGoOnWithoutGapsOrRepeats() {
    for (int i = 0; i < 130; i++) {
      store(alice, aliceAccount, "peer" + i + "@example.org", "in", "message " + i);
    }
    // Another message in an old chat: that chat counts once, at its newest message.
    store(alice, aliceAccount, "peer0@example.org", "out", "back to you");

    JsonObject first = recent(alice, new JsonObject());
    assertEquals(RecentChats.DEFAULT_LIMIT, first.getJsonArray("chats").size());
    assertTrue(first.getBoolean("more"));
    assertEquals("peer0@example.org", peers(first).get(0));
    assertEquals("back to you", first.getJsonArray("chats").getJsonObject(0).getJsonObject("message").getString("text"));
    assertEquals("peer129@example.org", peers(first).get(1));

    JsonObject big = recent(alice, new JsonObject().put("limit", 1000));
    assertEquals(Limits.MAX_RECENT_CHATS, big.getJsonArray("chats").size());
    assertTrue(big.getBoolean("more"));
    assertEquals(1, recent(alice, new JsonObject().put("limit", 0)).getJsonArray("chats").size());

    // Every chat once over the pages, each page after the last one's newest message id.
    Set<String> seen = new HashSet<>();
    Long before = null;
    int pages = 0;
    while (true) {
      JsonObject page = recent(alice, before == null ? new JsonObject() : new JsonObject().put("before", before));
      JsonArray chats = page.getJsonArray("chats");
      for (String peer : peers(page)) {
        assertTrue(seen.add(peer), peer + " twice");
      }
      pages++;
      if (!page.getBoolean("more")) {
        break;
      }
      before = chats.getJsonObject(chats.size() - 1).getJsonObject("message").getLong("id");
    }
    assertEquals(130, seen.size());
    assertEquals(5, pages);
  }

  @Test
  void askingTooOftenIsRefusedInWords() {
    // session.recentChatsPerMinute: 60 a minute by default, in bursts of 20.
    int served = 0;
    ReplyException limited = null;
    while (limited == null && served < 40) {
      try {
        recent(alice, new JsonObject());
        served++;
      } catch (ReplyException e) {
        limited = e;
      }
    }
    assertNotNull(limited, "chats.recent was never limited");
    assertTrue(served >= 20, "a burst of 20 is served: " + served);
    assertEquals(FailureCode.RATE_LIMITED.code(), limited.failureCode());
    assertEquals("Too many requests for recent conversations at once; wait a few seconds and try again.", limited.getMessage());
  }

  @Test
  void aCursorThatIsNotANumberIsRefusedInWords() {
    ReplyException e = null;
    try {
      recent(alice, new JsonObject().put("before", "yesterday"));
    } catch (ReplyException refused) {
      e = refused;
    }
    assertNotNull(e);
    assertEquals(FailureCode.INVALID_FIELD.code(), e.failureCode());
    assertEquals("before must be a whole number.", e.getMessage());
  }
}
