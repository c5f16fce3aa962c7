package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.browser.SearchLanguageSet;
import parley.contract.testing.TestNetworks;
import parley.session.testing.TestDatabase;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * history.search, history.get around a message, and history.export pages, on a real PostgreSQL
 * (the migration's GIN index included); the test stands in for the web verticle and the nodes.
 */
@Timeout(120)
class HistorySearchTest {
  private static final long DAY = 86_400_000L;
  private static final long T0 = 1_764_000_000_000L;

  private SessionHarness session;
  private Vertx vertx;
  private Pool pool;
  private String alice;
  private String xmpp;
  private String aim;
  private String carol;
  private String carolAccount;

  @BeforeEach
  void deploy() throws Exception {
    session = SessionHarness.start(new JsonObject().put("searchesPerMinute", 6.0).put("exportsPerHour", 1.0),
        new StandInNode(TestNetworks.XMPP, "node-" + TestNetworks.XMPP), new StandInNode(TestNetworks.OSCAR, "node-" + TestNetworks.OSCAR));
    vertx = session.vertx;
    pool = session.pool();

    alice = signUp("alice");
    xmpp = addAccount(alice, new JsonObject().put("network", TestNetworks.XMPP).put("login", "alice@example.org"));
    aim = addAccount(alice, new JsonObject().put("network", TestNetworks.OSCAR).put("login", "AliceAim")
        .put("host", "127.0.0.1").put("port", 5190));
    carol = signUp("carol");
    carolAccount = addAccount(carol, new JsonObject().put("network", TestNetworks.XMPP).put("login", "carol@example.org"));
  }

  @AfterEach
  void close() {
    session.close();
  }

  private String signUp(String name) {
    return session.signUp(name);
  }

  private String addAccount(String userId, JsonObject fields) {
    return session.addAccount(userId, fields);
  }

  private JsonObject command(String userId, JsonObject body) {
    return session.command(userId, body);
  }

  private JsonObject search(String text, JsonObject filters) {
    return command(alice, filters.copy().put("type", BrowserCommand.HISTORY_SEARCH).put("text", text));
  }

  private ReplyException refusal(String userId, JsonObject body) {
    return session.refusal(userId, body);
  }

  /** Stores a message as the session would have (the storage path is tested elsewhere); answers its id. */
  private long store(String userId, String accountId, String peer, String direction, String text, long ts) {
    Row row = pool.preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body, sent_at)"
            + " values ($1, $2, $3, $4, $5, timestamptz 'epoch' + $6 * interval '1 millisecond') returning id")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, direction, text, ts))
        .await().iterator().next();
    return row.getLong("id");
  }

  private static List<Long> ids(JsonObject reply) {
    List<Long> ids = new ArrayList<>();
    reply.getJsonArray("results").forEach(r -> ids.add(((JsonObject) r).getLong("id")));
    return ids;
  }

  @Test
  void findsMatchesAcrossNetworksNewestFirstWithTheWordsMarked() {
    long first = store(alice, xmpp, "bob@example.org", "in", "Shall we meet tomorrow?", T0);
    store(alice, xmpp, "bob@example.org", "out", "Nothing to see here", T0 + 1000);
    long second = store(alice, aim, "bobsmith", "out", "The MEETING is at noon, Bob", T0 + 2000);
    // Another language, same rules: prefix matching stands in for stemming in any of them.
    long third = store(alice, aim, "bobsmith", "in", "Wir treffen uns zum Meeting in München", T0 + 3000);

    JsonObject reply = search("meet", new JsonObject());
    assertEquals(List.of(third, second, first), ids(reply));
    assertFalse(reply.getBoolean("more"));
    JsonObject top = reply.getJsonArray("results").getJsonObject(0);
    assertEquals(aim, top.getString("accountId"));
    assertEquals("bobsmith", top.getString("peer"));
    assertEquals(TestNetworks.OSCAR, top.getString("network"));
    assertEquals("in", top.getString("direction"));
    assertEquals(T0 + 3000, top.getLong("ts"));
    assertEquals(new JsonArray().add("Wir treffen uns zum ").add("Meeting").add(" in München"), top.getJsonArray("snippet"));
    JsonObject last = reply.getJsonArray("results").getJsonObject(2);
    assertEquals(TestNetworks.XMPP, last.getString("network"));
    assertEquals(new JsonArray().add("Shall we ").add("meet").add(" tomorrow?"), last.getJsonArray("snippet"));

    // A corrected text is found by its new words only (the database keeps the words with the text).
    pool.preparedQuery("update session.messages set body = 'Shall we gather tomorrow?' where id = $1")
        .execute(Tuple.of(first)).await();
    assertEquals(List.of(third, second), ids(search("meet", new JsonObject())));
    assertEquals(List.of(first), ids(search("gather", new JsonObject())));

    // Every word must be found; non-Latin letters are words too.
    assertEquals(List.of(third), ids(search("münchen MEET", new JsonObject())));
    assertEquals(List.of(), ids(search("meet nowhere", new JsonObject())));
  }

  @Test
  void filtersByAccountNetworkContactDateAndPages() {
    long a1 = store(alice, xmpp, "bob@example.org", "in", "lunch plans", T0);
    long a2 = store(alice, xmpp, "dave@example.org", "in", "lunch with dave", T0 + DAY);
    long a3 = store(alice, aim, "bobsmith", "in", "lunch on aim", T0 + 2 * DAY);
    long a4 = store(alice, xmpp, "bob@example.org", "out", "lunch again", T0 + 3 * DAY);

    assertEquals(List.of(a4, a2, a1), ids(search("lunch", new JsonObject().put("network", TestNetworks.XMPP))));
    assertEquals(List.of(a3), ids(search("lunch", new JsonObject().put("network", TestNetworks.OSCAR))));
    assertEquals(List.of(a3), ids(search("lunch", new JsonObject().put("accountId", aim))));
    assertEquals(List.of(a4, a1), ids(search("lunch", new JsonObject().put("accountId", xmpp).put("peer", "Bob@Example.org"))));
    assertEquals(List.of(a3, a2), ids(search("lunch", new JsonObject().put("from", T0 + DAY).put("to", T0 + 3 * DAY))));
    // An account filter and another network: nothing, without asking the database.
    assertEquals(List.of(), ids(search("lunch", new JsonObject().put("accountId", aim).put("network", TestNetworks.XMPP))));

    JsonObject page1 = search("lunch", new JsonObject().put("limit", 2));
    assertEquals(List.of(a4, a3), ids(page1));
    assertTrue(page1.getBoolean("more"));
    JsonObject page2 = search("lunch", new JsonObject().put("limit", 2).put("before", a3));
    assertEquals(List.of(a2, a1), ids(page2));
    assertFalse(page2.getBoolean("more"));
  }

  @Test
  void filtersByPersonAcrossAccountsAndNetworks() throws Exception {
    BlockingQueue<JsonObject> pushed = session.events(alice);
    roster(pushed, xmpp, TestNetworks.XMPP, "bob@example.org", "dave@example.org");
    roster(pushed, aim, TestNetworks.OSCAR, "bobsmith", "davesmith");
    String bob = merge(xmpp, "bob@example.org", aim, "bobsmith");
    String dave = merge(xmpp, "dave@example.org", aim, "davesmith");
    long b1 = store(alice, xmpp, "bob@example.org", "in", "lunch at noon?", T0);
    store(alice, xmpp, "dave@example.org", "in", "lunch with dave", T0 + 1);
    long b2 = store(alice, aim, "bobsmith", "out", "lunch is fine", T0 + 2);
    long d2 = store(alice, aim, "davesmith", "in", "lunch on aim, dave", T0 + 3);
    store(alice, xmpp, "erin@example.org", "in", "lunch with someone not merged", T0 + 4);

    // Every contact of the person, on both networks; another person's and other chats' not.
    assertEquals(List.of(b2, b1), ids(search("lunch", new JsonObject().put("personId", bob))));
    assertEquals(List.of(d2), ids(search("aim", new JsonObject().put("personId", dave))));
    assertEquals(List.of(), ids(search("dave", new JsonObject().put("personId", bob))));
    // With a network: that network's contacts of the person only.
    assertEquals(List.of(b1), ids(search("lunch", new JsonObject().put("personId", bob).put("network", TestNetworks.XMPP))));

    // A person id that is not one of the user's (unknown, or another user's) is refused in words.
    assertRefused("There is no such person (it may have been split in another tab).",
        new JsonObject().put("text", "lunch").put("personId", UUID.randomUUID().toString()));
    String carols = UUID.randomUUID().toString();
    pool.preparedQuery("insert into session.person_contacts (user_id, person_id, account_id, jid) values ($1, $2, $3, 'bob@example.org')")
        .execute(Tuple.of(UUID.fromString(carol), UUID.fromString(carols), UUID.fromString(carolAccount))).await();
    assertRefused("There is no such person (it may have been split in another tab).",
        new JsonObject().put("text", "lunch").put("personId", carols));
    assertRefused("Search one person (personId) or one account (accountId), not both.",
        new JsonObject().put("text", "lunch").put("personId", bob).put("accountId", xmpp));
  }

  /** The account connected, with these contacts on its roster (as its node reports them). */
  private void roster(BlockingQueue<JsonObject> pushed, String accountId, String network, String... jids) throws Exception {
    session.nodeEvent("node-" + network, alice, accountId, NodeEvent.CONNECTION_STATE,
        new JsonObject().put("state", ConnectionState.CONNECTED));
    JsonArray contacts = new JsonArray();
    for (String jid : jids) {
      contacts.add(new JsonObject().put("jid", jid).put("name", jid).put("groups", new JsonArray()).put("subscription", "both"));
    }
    session.nodeEvent("node-" + network, alice, accountId, NodeEvent.ROSTER, new JsonObject().put("contacts", contacts));
    while (!accountId.equals(SessionHarness.nextEvent(pushed, BrowserEvent.ROSTER).getString("accountId"))) {
      // the other account's roster
    }
  }

  /** Merges the two contacts into one person; answers its id. */
  private String merge(String account1, String jid1, String account2, String jid2) {
    return command(alice, new JsonObject().put("type", BrowserCommand.PERSON_MERGE).put("contacts", new JsonArray()
        .add(new JsonObject().put("accountId", account1).put("jid", jid1))
        .add(new JsonObject().put("accountId", account2).put("jid", jid2)))).getJsonObject("person").getString("id");
  }

  @Test
  void aSearchLanguageFindsOtherFormsOfAWordInMessagesStoredFromThenOn() throws Exception {
    long older = store(alice, xmpp, "bob@example.org", "in", "I was running late", T0);
    // No language (every user at first): words as written, and prefixes.
    assertEquals(List.of(), ids(search("runs", new JsonObject())));
    assertEquals(List.of(older), ids(search("run", new JsonObject())));
    assertEquals(SearchLanguageSet.NONE, snapshot(alice).getString("searchLanguage"));

    BlockingQueue<JsonObject> pushed = session.events(alice);
    JsonObject reply = command(alice, new JsonObject().put("type", BrowserCommand.SEARCH_LANGUAGE_SET).put("language", "english"));
    assertEquals("english", reply.getString("language"));
    assertEquals("english", SessionHarness.nextEvent(pushed, BrowserEvent.SEARCH_LANGUAGE).getString("language"));
    assertEquals("english", snapshot(alice).getString("searchLanguage"));

    long runs = store(alice, aim, "bobsmith", "in", "She runs every morning", T0 + 1);
    long running = store(alice, xmpp, "bob@example.org", "out", "Running again tomorrow", T0 + 2);
    long german = store(alice, aim, "bobsmith", "in", "Wir treffen uns in München", T0 + 3);
    long the = store(alice, aim, "bobsmith", "in", "the plan", T0 + 4);
    // English forms of a word find each other in messages stored since (the older one keeps its words as written).
    JsonObject found = search("runs", new JsonObject());
    assertEquals(List.of(running, runs), ids(found));
    assertEquals(new JsonArray().add("").add("Running").add(" again tomorrow"),
        found.getJsonArray("results").getJsonObject(0).getJsonArray("snippet"));
    assertEquals(List.of(running, runs, older), ids(search("running", new JsonObject())));
    // Everything found before is found still: other languages' words, prefixes, English stop words.
    assertEquals(List.of(german), ids(search("treff münchen", new JsonObject())));
    assertEquals(List.of(running, runs, older), ids(search("run", new JsonObject())));
    JsonObject stopWord = search("the", new JsonObject());
    assertEquals(List.of(the), ids(stopWord));
    assertEquals(new JsonArray().add("").add("the").add(" plan"), stopWord.getJsonArray("results").getJsonObject(0).getJsonArray("snippet"));

    // Back to none: words as written (and prefixes) only, as before.
    command(alice, new JsonObject().put("type", BrowserCommand.SEARCH_LANGUAGE_SET).put("language", "none"));
    assertEquals(List.of(running, older), ids(search("running", new JsonObject())));
  }

  @Test
  void aGermanUserFindsHaeuserByHausAndOtherUsersAreUnchanged() {
    command(carol, new JsonObject().put("type", BrowserCommand.SEARCH_LANGUAGE_SET).put("language", "german"));
    long houses = store(carol, carolAccount, "bob@example.org", "in", "Die Häuser am See", T0);
    store(alice, xmpp, "bob@example.org", "in", "Die Häuser am See", T0);
    JsonObject found = command(carol, new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH).put("text", "Haus"));
    assertEquals(List.of(houses), ids(found));
    assertEquals(new JsonArray().add("Die ").add("Häuser").add(" am See"),
        found.getJsonArray("results").getJsonObject(0).getJsonArray("snippet"));
    // Alice chose no language: her copy is found as written only.
    assertEquals(List.of(), ids(search("Haus", new JsonObject())));
    assertEquals(1, ids(search("Häuser", new JsonObject())).size());
    assertRefusedCommand("language must be none or one of danish, dutch, english, finnish, french, german, hungarian, italian,"
        + " norwegian, portuguese, romanian, russian, spanish, swedish, turkish.",
        new JsonObject().put("type", BrowserCommand.SEARCH_LANGUAGE_SET).put("language", "klingon"));
  }

  private JsonObject snapshot(String userId) {
    return command(userId, new JsonObject().put("type", BrowserCommand.ATTACH)).getJsonObject("state");
  }

  private void assertRefusedCommand(String sentence, JsonObject body) {
    ReplyException e = refusal(alice, body);
    assertEquals(FailureCode.INVALID_FIELD.code(), e.failureCode(), e.getMessage());
    assertEquals(sentence, e.getMessage());
  }

  @Test
  void snippetsAreTheTextAsWrittenWithTagsKept() {
    String text = "<b>meet</b> & <script>alert(1)</script> meet \"quoted\"";
    store(alice, xmpp, "bob@example.org", "in", text, T0);
    JsonArray snippet = search("meet", new JsonObject()).getJsonArray("results").getJsonObject(0).getJsonArray("snippet");
    // The parts put together are the text itself (nothing dropped, nothing turned into markup);
    // the odd parts are the matches. The page shows every part as text.
    StringBuilder whole = new StringBuilder();
    snippet.forEach(p -> whole.append(p));
    assertEquals(text, whole.toString());
    for (int i = 1; i < snippet.size(); i += 2) {
      assertEquals("meet", snippet.getString(i));
    }
    assertEquals(5, snippet.size());

    // A long text is cut around the first match.
    String longText = "word ".repeat(400) + "needle in the haystack " + "word ".repeat(400);
    store(alice, xmpp, "bob@example.org", "in", longText, T0 + 1);
    JsonArray cut = search("needle", new JsonObject()).getJsonArray("results").getJsonObject(0).getJsonArray("snippet");
    assertEquals("needle", cut.getString(1));
    assertTrue(cut.getString(0).startsWith("…"), cut.encode());
    assertTrue(cut.getString(2).endsWith("…"), cut.encode());
    int length = cut.stream().mapToInt(p -> ((String) p).length()).sum();
    assertTrue(length <= HistorySearch.SNIPPET_CHARS + 2, "snippet of " + length + " chars");
  }

  @Test
  void anotherUsersMessagesAreNeverFound() {
    store(carol, carolAccount, "bob@example.org", "in", "carol's secret plan", T0);
    store(alice, xmpp, "bob@example.org", "in", "alice's plan", T0);
    assertEquals(0, search("secret", new JsonObject()).getJsonArray("results").size());
    assertEquals(1, search("plan", new JsonObject()).getJsonArray("results").size());
    ReplyException e = refusal(alice, new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH).put("text", "secret")
        .put("accountId", carolAccount));
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), e.failureCode());
    // Nor through a history page or an export page naming her account.
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), refusal(alice, new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", carolAccount).put("peer", "bob@example.org").put("around", 1)).failureCode());
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), refusal(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT)
        .put("accountId", carolAccount).put("peer", "bob@example.org")).failureCode());
    JsonArray all = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT)).getJsonArray("messages");
    assertEquals(1, all.size());
    assertEquals("alice's plan", all.getJsonObject(0).getString("text"));
  }

  @Test
  void badInputIsRefusedInWords() {
    assertRefused("Type at least one word to search for.", new JsonObject());
    assertRefused("Type at least one word to search for (letters or digits).", new JsonObject().put("text", " ?! -- "));
    assertRefused("The search text is longer than 200 characters.", new JsonObject().put("text", "a".repeat(201)));
    assertRefused("Search for at most 8 words at a time.", new JsonObject().put("text", "a b c d e f g h i"));
    assertRefused("A word to search for is longer than 64 characters.", new JsonObject().put("text", "x".repeat(65)));
    // The networks the nodes describe (xmpp, oscar and irc here), and those the user has accounts on.
    assertRefused("network must be irc or oscar or xmpp.", new JsonObject().put("text", "hi").put("network", "msn"));
    assertRefused("To search one contact's messages, name its account (accountId) too.",
        new JsonObject().put("text", "hi").put("peer", "bob@example.org"));
    assertRefused("The search's start date (from) must be before its end date (to).",
        new JsonObject().put("text", "hi").put("from", T0).put("to", T0));
    assertRefused("from must be a time in milliseconds since 1970 (before the year 10000).",
        new JsonObject().put("text", "hi").put("from", Long.MAX_VALUE));
    assertRefused("limit must be a whole number.", new JsonObject().put("text", "hi").put("limit", "ten"));
    assertRefused("The search text contains a character that cannot be sent (U+0001 at position 3).",
        new JsonObject().put("text", "hi\u0001"));
    // tsquery syntax typed by the user is only punctuation between words, never an operator.
    store(alice, xmpp, "bob@example.org", "in", "tea or coffee", T0);
    assertEquals(1, search("tea | !coffee & (or:*", new JsonObject()).getJsonArray("results").size());
    ReplyException e = refusal(alice, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", xmpp)
        .put("peer", "bob@example.org").put("around", 1).put("before", 5));
    assertEquals(FailureCode.INVALID_FIELD.code(), e.failureCode());
  }

  private void assertRefused(String sentence, JsonObject body) {
    ReplyException e = refusal(alice, body.put("type", BrowserCommand.HISTORY_SEARCH));
    assertEquals(FailureCode.INVALID_FIELD.code(), e.failureCode(), e.getMessage());
    assertEquals(sentence, e.getMessage());
  }

  @Test
  void searchesAndExportsAreLimitedPerUser() {
    store(alice, xmpp, "bob@example.org", "in", "hello", T0);
    // searchesPerMinute 6 here: a burst of 10, then refused.
    for (int i = 0; i < 10; i++) {
      search("hello", new JsonObject());
    }
    ReplyException e = refusal(alice, new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH).put("text", "hello"));
    assertEquals(FailureCode.RATE_LIMITED.code(), e.failureCode());
    assertEquals("Too many searches at once; wait a few seconds and search again.", e.getMessage());
    // Another user has a budget of their own; bad input costs nothing.
    command(carol, new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH).put("text", "hello"));

    // Three exports in a burst; pages after the first cost nothing.
    for (int i = 0; i < 3; i++) {
      command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT));
      command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT).put("after", 1));
    }
    e = refusal(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT));
    assertEquals(FailureCode.RATE_LIMITED.code(), e.failureCode());
    assertEquals("Too many exports lately; wait a few minutes and export again.", e.getMessage());
  }

  @Test
  void historyAroundAMessageAndAfterIt() {
    List<Long> chat = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      chat.add(store(alice, xmpp, "bob@example.org", i % 2 == 0 ? "in" : "out", "line " + i, T0 + i));
      store(alice, xmpp, "dave@example.org", "in", "other chat " + i, T0 + i);
    }
    JsonObject around = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", xmpp)
        .put("peer", "bob@example.org").put("around", chat.get(10)).put("limit", 6));
    assertEquals(List.of(chat.get(8), chat.get(9), chat.get(10), chat.get(11), chat.get(12), chat.get(13)),
        around.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("id")).toList());
    assertTrue(around.getBoolean("newer"));
    JsonObject end = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", xmpp)
        .put("peer", "bob@example.org").put("around", chat.get(28)).put("limit", 6));
    assertEquals(List.of(chat.get(26), chat.get(27), chat.get(28), chat.get(29)),
        end.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("id")).toList());
    assertFalse(end.getBoolean("newer"));
    JsonObject after = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", xmpp)
        .put("peer", "bob@example.org").put("after", chat.get(26)).put("limit", 50));
    assertEquals(List.of(chat.get(27), chat.get(28), chat.get(29)),
        after.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("id")).toList());
  }

  @Test
  void exportPagesCoverAllHistoryOrOneChatInOrder() {
    List<Long> bob = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      long id = store(alice, i % 3 == 0 ? aim : xmpp, i % 3 == 0 ? "bobsmith" : "bob@example.org", "in", "m" + i, T0 + i);
      all.add(id);
      if (i % 3 != 0) {
        bob.add(id);
      }
    }
    List<Long> seen = new ArrayList<>();
    JsonObject page = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT));
    JsonObject firstAim = page.getJsonArray("messages").getJsonObject(0);
    assertEquals(TestNetworks.OSCAR, firstAim.getString("network"));
    assertEquals("aliceaim", firstAim.getString("account"));
    while (true) {
      page.getJsonArray("messages").forEach(m -> seen.add(((JsonObject) m).getLong("id")));
      if (page.getLong("next") == null) {
        break;
      }
      page = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT).put("after", page.getLong("next")));
    }
    assertEquals(all, seen);

    JsonObject chat = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT).put("accountId", xmpp)
        .put("peer", "bob@example.org").put("after", bob.get(99)));
    assertEquals(bob.subList(100, bob.size()),
        chat.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("id")).toList());
    assertNull(chat.getLong("next"));
  }

  @Test
  void theMigrationBuiltValidIndexesOutsideATransaction() {
    Row row = pool.query("select count(*) filter (where i.indisvalid) as valid, count(*) as total from pg_index i"
        + " join pg_class c on c.oid = i.indexrelid where c.relname in ('messages_search', 'messages_by_user')")
        .execute().await().iterator().next();
    assertEquals(2L, row.getLong("total"));
    assertEquals(2L, row.getLong("valid"));
    Row v9 = pool.query("select success from session.flyway_schema_history where version = '9'").execute().await()
        .iterator().next();
    assertTrue(v9.getBoolean("success"));
  }
}
