package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.testing.TestNetworks;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.Presence;
import parley.contract.browser.Person;
import parley.contract.browser.PersonContact;
import parley.contract.browser.PersonSuggestion;
import parley.contract.browser.PersonSuggestionsReply;
import parley.contract.browser.PresenceView;
import parley.session.testing.Eventually;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * People across networks on a real PostgreSQL: merges the user makes (and Parley only suggests),
 * splits, one timeline, replies through the network last active, presence the best of the
 * contacts'. The test stands in for the web verticle and the XMPP and OSCAR nodes.
 */
@Timeout(120)
class PeopleTest {
  private SessionHarness session;
  private Vertx vertx;
  private Pool pool;
  private JsonObject config;
  private String alice;
  private String xmpp;
  private String aim;
  private final Map<String, BlockingQueue<JsonObject>> nodeCommands = new ConcurrentHashMap<>();
  private BlockingQueue<JsonObject> pushed;

  @BeforeEach
  void deploy() throws Exception {
    StandInNode xmppNode = new StandInNode(TestNetworks.XMPP, "node-" + TestNetworks.XMPP);
    StandInNode oscarNode = new StandInNode(TestNetworks.OSCAR, "node-" + TestNetworks.OSCAR);
    for (StandInNode node : List.of(xmppNode, oscarNode)) {
      nodeCommands.put(node.network, node.commands);
    }
    session = SessionHarness.start(new JsonObject().put("maxContactsPerPerson", 3).put("personMergesPerMinute", 1.0),
        xmppNode, oscarNode);
    vertx = session.vertx;
    config = session.config;
    pool = session.pool();

    alice = signUp("alice");
    pushed = session.events(alice);
    xmpp = addAccount(alice, new JsonObject().put("network", TestNetworks.XMPP).put("login", "alice@example.org"));
    aim = addAccount(alice, new JsonObject().put("network", TestNetworks.OSCAR).put("login", "AliceAim")
        .put("host", "127.0.0.1").put("port", 5190));
    connected(xmpp, TestNetworks.XMPP);
    connected(aim, TestNetworks.OSCAR);
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
        .add(contact("bob@example.org", "Bob")).add(contact("carol@example.org", "Carol Smith"))
        .add(contact("dan@example.org", "Danny"))));
    nextEvent(BrowserEvent.ROSTER);
    nodeEvent(aim, TestNetworks.OSCAR, NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
        .add(contact("bobaim", "Bob")).add(contact("carolsmith", null)).add(contact("dan", "Eve"))));
    nextEvent(BrowserEvent.ROSTER);
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void parleySuggestsAndTheUserMergesAndSplitsKeptForEveryDevice() throws Exception {
    List<PersonSuggestion> suggestions = suggestions();
    // Bob by the same name on both networks (and AIM's "Bob" is named like bob@'s address); Carol
    // because the user named her "Carol Smith", like AIM's carolsmith; dan@ and AIM's dan by the
    // same address's name. Eve and Danny: nothing alike.
    assertEquals(3, suggestions.size(), suggestions.toString());
    PersonSuggestion bob = suggestionWith(suggestions, "bobaim");
    assertEquals(List.of("named-alike", "same-name"), bob.reasons());
    assertEquals(List.of("named-alike"), suggestionWith(suggestions, "carolsmith").reasons());
    assertEquals(List.of(new Person.Member(xmpp, "bob@example.org", TestNetworks.XMPP),
        new Person.Member(aim, "bobaim", TestNetworks.OSCAR)), bob.contacts());
    PersonSuggestion dan = suggestionWith(suggestions, "dan");
    assertEquals(List.of("same-address"), dan.reasons());
    assertTrue(snapshot().getJsonArray("people").isEmpty(), "nothing is merged without the user");

    JsonObject person = command(alice, new JsonObject().put("type", BrowserCommand.PERSON_MERGE)
        .put("contacts", contactsOf(bob))).getJsonObject("person");
    String personId = person.getString("id");
    assertEquals(List.of("bob@example.org", "bobaim"), jids(person.getJsonArray("contacts")));
    assertEquals(personId, nextEvent(BrowserEvent.PERSON_UPDATED).getJsonObject("person").getString("id"));
    assertEquals(2, suggestions().size(), "a merged person is no longer suggested");
    // Carol merged the other way round (AIM first): each person keeps the order the user merged in.
    JsonObject carol = command(alice, new JsonObject().put("type", BrowserCommand.PERSON_MERGE)
        .put("contacts", new JsonArray().add(new JsonObject().put("accountId", aim).put("jid", "carolsmith"))
            .add(new JsonObject().put("accountId", xmpp).put("jid", "carol@example.org")))).getJsonObject("person");
    assertEquals(List.of("carolsmith", "carol@example.org"), jids(carol.getJsonArray("contacts")));
    nextEvent(BrowserEvent.PERSON_UPDATED);

    // Kept on the server: a new session process (another device's page) has the person.
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await();
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    JsonArray people = snapshotOnceServed().getJsonArray("people");
    assertEquals(2, people.size());
    JsonObject bobAgain = personWithId(people, personId);
    assertEquals(List.of("bob@example.org", "bobaim"), jids(bobAgain.getJsonArray("contacts")));
    assertEquals(List.of(TestNetworks.XMPP, TestNetworks.OSCAR), bobAgain.getJsonArray("contacts").stream()
        .map(c -> ((JsonObject) c).getString("network")).toList());
    assertEquals(List.of("carolsmith", "carol@example.org"),
        jids(personWithId(people, carol.getString("id")).getJsonArray("contacts")));

    // Split: a person of one contact is just a contact again.
    JsonObject split = command(alice, new JsonObject().put("type", BrowserCommand.PERSON_SPLIT).put("personId", personId)
        .put("accountId", aim).put("jid", "bobaim"));
    assertNull(split.getJsonObject("person"));
    assertEquals(personId, nextEvent(BrowserEvent.PERSON_REMOVED).getString("personId"));
    assertEquals(List.of(carol.getString("id")), snapshot().getJsonArray("people").stream()
        .map(p -> ((JsonObject) p).getString("id")).toList());
    assertEquals(2, rows(), "only Carol's two contacts are left in a person");
  }

  private static JsonObject personWithId(JsonArray people, String id) {
    return people.stream().map(JsonObject.class::cast).filter(p -> id.equals(p.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no person " + id + " in " + people.encode()));
  }

  @Test
  void anotherUsersContactsAndTooManyAreRefusedInWords() throws Exception {
    String mallory = signUp("mallory");
    String hers = addAccount(mallory, new JsonObject().put("network", TestNetworks.XMPP).put("login", "mallory@example.org"));
    ReplyException notHers = refusal(merge(pair(xmpp, "bob@example.org"), pair(hers, "bob@example.org")));
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), notHers.failureCode());
    ReplyException stranger = refusal(merge(pair(xmpp, "bob@example.org"), pair(xmpp, "zed@example.org")));
    assertEquals(FailureCode.INVALID_FIELD.code(), stranger.failureCode());
    assertEquals("zed@example.org is not a contact of alice@example.org.", stranger.getMessage());
    assertEquals("Pick at least two contacts to merge into one person.",
        refusal(merge(pair(xmpp, "bob@example.org"))).getMessage());
    assertEquals("A person may have at most 3 contacts.", refusal(merge(pair(xmpp, "bob@example.org"),
        pair(aim, "bobaim"), pair(xmpp, "carol@example.org"), pair(aim, "dan"))).getMessage());
    ReplyException badJid = refusal(merge(pair(xmpp, "bob@example.org"), pair(aim, "not a screen name!")));
    assertEquals(FailureCode.INVALID_JID.code(), badJid.failureCode());
    // Mallory cannot split or read Alice's person.
    String personId = command(alice, merge(pair(xmpp, "bob@example.org"), pair(aim, "bobaim")))
        .getJsonObject("person").getString("id");
    ReplyException notMine = refusal(mallory, new JsonObject().put("type", BrowserCommand.PERSON_HISTORY)
        .put("personId", personId));
    assertEquals("There is no such person (it may have been split in another tab).", notMine.getMessage());
    assertEquals(2, rows());
    // Merges are limited per user: the bucket (10 at once) runs dry.
    ReplyException limited = null;
    for (int i = 0; i < 12 && limited == null; i++) {
      try {
        command(alice, merge(pair(xmpp, "carol@example.org"), pair(aim, "carolsmith")));
      } catch (ReplyException e) {
        limited = e;
      }
    }
    assertNotNull(limited, "merges were never limited");
    assertEquals(FailureCode.RATE_LIMITED.code(), limited.failureCode());
    assertEquals("Too many merges at once; wait a minute and merge again.", limited.getMessage());
  }

  @Test
  void oneTimelineAndRepliesThroughTheNetworkLastActiveOrPicked() throws Exception {
    String personId = command(alice, merge(pair(xmpp, "bob@example.org"), pair(aim, "bobaim")))
        .getJsonObject("person").getString("id");
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bob@example.org").put("text", "hi on xmpp"));
    stored("hi on xmpp");
    nodeEvent(aim, TestNetworks.OSCAR, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bobaim").put("text", "hi on aim"));
    stored("hi on aim");
    // Another chat, not the person's: not in the timeline.
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "carol@example.org").put("text", "not bob"));
    stored("not bob");

    JsonObject page = history(personId);
    assertEquals(List.of("hi on xmpp", "hi on aim"), texts(page));
    assertEquals(List.of(TestNetworks.XMPP, TestNetworks.OSCAR), page.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("network")).toList());
    assertEquals(via(aim, "bobaim", "last-active"), page.getJsonObject("via"));

    JsonObject sent = command(alice, new JsonObject().put("type", BrowserCommand.PERSON_SEND).put("personId", personId)
        .put("text", "answer"));
    assertEquals(via(aim, "bobaim", "last-active"), sent.getJsonObject("via"));
    assertEquals("bobaim", nextNodeCommand(TestNetworks.OSCAR, NodeCommand.SEND_MESSAGE).getString("to"));
    assertEquals(aim, sent.getJsonObject("message").getString("accountId"));

    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bob@example.org").put("text", "back on xmpp"));
    stored("back on xmpp");
    assertEquals(via(xmpp, "bob@example.org", "last-active"), history(personId).getJsonObject("via"));
    assertEquals(List.of("hi on xmpp", "hi on aim", "answer", "back on xmpp"), texts(history(personId)));
    assertEquals(List.of("answer", "back on xmpp"), texts(command(alice, new JsonObject()
        .put("type", BrowserCommand.PERSON_HISTORY).put("personId", personId).put("limit", 2))));

    // The user picks the network.
    JsonObject picked = command(alice, new JsonObject().put("type", BrowserCommand.PERSON_SEND).put("personId", personId)
        .put("text", "via aim please").put("accountId", aim).put("jid", "bobaim"));
    assertEquals(via(aim, "bobaim", "picked"), picked.getJsonObject("via"));
    assertEquals("via aim please", nextNodeCommand(TestNetworks.OSCAR, NodeCommand.SEND_MESSAGE).getString("text"));
    ReplyException notHis = refusal(new JsonObject().put("type", BrowserCommand.PERSON_SEND).put("personId", personId)
        .put("text", "x").put("accountId", xmpp).put("jid", "carol@example.org"));
    assertEquals("That contact is not part of this person.", notHis.getMessage());

    // The last active network's account is offline: the reply goes through one that is connected.
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.DISCONNECTED));
    Eventually.awaitUntil(() -> via(aim, "bobaim", "last-active").equals(history(personId).getJsonObject("via")), 10_000,
        "the reply goes through AIM while XMPP is offline");
  }

  @Test
  void aPersonsExportHasEveryNetworksMessagesInOrderAndNoOneElses() throws Exception {
    String personId = command(alice, merge(pair(xmpp, "bob@example.org"), pair(aim, "bobaim")))
        .getJsonObject("person").getString("id");
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bob@example.org").put("text", "one"));
    stored("one");
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "carol@example.org").put("text", "not bob"));
    stored("not bob");
    nodeEvent(aim, TestNetworks.OSCAR, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bobaim").put("text", "two"));
    stored("two");

    JsonObject page = command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT).put("personId", personId));
    assertEquals(List.of("one", "two"), texts(page));
    assertEquals(List.of(TestNetworks.XMPP, TestNetworks.OSCAR), page.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("network")).toList());
    assertNull(page.getLong("next"));
    long first = page.getJsonArray("messages").getJsonObject(0).getLong("id");
    assertEquals(List.of("two"), texts(command(alice, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT)
        .put("personId", personId).put("after", first))));

    // A person and a chat at once, or a person not hers: refused in words.
    assertEquals("Export a person or one chat (accountId and peer), not both.", refusal(new JsonObject()
        .put("type", BrowserCommand.HISTORY_EXPORT).put("personId", personId).put("accountId", xmpp)
        .put("peer", "bob@example.org")).getMessage());
    String mallory = signUp("mallory");
    assertEquals("There is no such person (it may have been split in another tab).", refusal(mallory, new JsonObject()
        .put("type", BrowserCommand.HISTORY_EXPORT).put("personId", personId)).getMessage());
  }

  @Test
  void aDismissedSuggestionIsNoLongerSuggestedOnAnyDevice() throws Exception {
    PersonSuggestion bob = suggestionWith(suggestions(), "bobaim");
    // Named in either order: the same suggestion.
    JsonArray reversed = new JsonArray().add(pair(aim, "bobaim")).add(pair(xmpp, "bob@example.org"));
    command(alice, new JsonObject().put("type", BrowserCommand.PERSON_DISMISS).put("contacts", reversed));
    List<PersonSuggestion> left = suggestions();
    assertEquals(2, left.size(), left.toString());
    assertTrue(left.stream().noneMatch(s -> jids(s).contains("bobaim")), left.toString());

    // Kept on the server: a new session process (another device's page) does not suggest Bob either.
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await();
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    snapshotOnceServed();
    // The nodes tell the new process the rosters again (as they do when a user's shard moves).
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
        .add(contact("bob@example.org", "Bob")).add(contact("carol@example.org", "Carol Smith"))
        .add(contact("dan@example.org", "Danny"))));
    nextEvent(BrowserEvent.ROSTER);
    nodeEvent(aim, TestNetworks.OSCAR, NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
        .add(contact("bobaim", "Bob")).add(contact("carolsmith", null)).add(contact("dan", "Eve"))));
    nextEvent(BrowserEvent.ROSTER);
    left = suggestions();
    assertEquals(2, left.size(), left.toString());
    assertEquals(1, pool.preparedQuery("select count(*) from session.dismissed_suggestions where user_id = $1")
        .execute(Tuple.of(UUID.fromString(alice))).await().iterator().next().getInteger(0));
    // Merging by hand is still possible.
    command(alice, new JsonObject().put("type", BrowserCommand.PERSON_MERGE).put("contacts", contactsOf(bob)));

    // Refused in words: one contact, a contact of another user's account.
    assertEquals("A suggestion has at least two contacts.", refusal(new JsonObject().put("type", BrowserCommand.PERSON_DISMISS)
        .put("contacts", new JsonArray().add(pair(xmpp, "carol@example.org")))).getMessage());
    String mallory = signUp("mallory");
    String hers = addAccount(mallory, new JsonObject().put("network", TestNetworks.XMPP).put("login", "mallory@example.org"));
    assertEquals(FailureCode.NO_SUCH_ACCOUNT.code(), refusal(new JsonObject().put("type", BrowserCommand.PERSON_DISMISS)
        .put("contacts", new JsonArray().add(pair(xmpp, "carol@example.org")).add(pair(hers, "x@example.org")))).failureCode());
    // Limited per user like merges (session.personMergesPerMinute): the bucket of 10 runs dry.
    ReplyException limited = null;
    for (int i = 0; i < 12 && limited == null; i++) {
      try {
        command(alice, new JsonObject().put("type", BrowserCommand.PERSON_DISMISS).put("contacts", new JsonArray()
            .add(pair(xmpp, "dan@example.org")).add(pair(aim, "dan"))));
      } catch (ReplyException e) {
        limited = e;
      }
    }
    assertNotNull(limited, "dismissals were never limited");
    assertEquals(FailureCode.RATE_LIMITED.code(), limited.failureCode());
    assertEquals("Too many suggestions dismissed at once; wait a minute and try again.", limited.getMessage());
  }

  @Test
  void aPersonsPresenceIsTheBestOfTheirContacts() throws Exception {
    String personId = command(alice, merge(pair(xmpp, "bob@example.org"), pair(aim, "bobaim")))
        .getJsonObject("person").getString("id");
    assertEquals(Presence.OFFLINE, presenceOf(personId).show());
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.PRESENCE, new JsonObject().put("jid", "bob@example.org")
        .put("available", true).put("show", Presence.DND));
    nextEvent(BrowserEvent.PRESENCE);
    assertEquals(Presence.DND, presenceOf(personId).show());
    nodeEvent(aim, TestNetworks.OSCAR, NodeEvent.PRESENCE, new JsonObject().put("jid", "bobaim")
        .put("available", true).put("show", Presence.AWAY));
    nextEvent(BrowserEvent.PRESENCE);
    assertEquals(Presence.AWAY, presenceOf(personId).show());
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.PRESENCE, new JsonObject().put("jid", "bob@example.org")
        .put("available", true).put("show", Presence.AVAILABLE).put("status", "here"));
    nextEvent(BrowserEvent.PRESENCE);
    assertEquals(new PresenceView(true, Presence.AVAILABLE, "here"), presenceOf(personId));
  }

  @Test
  void removingAContactOrAnAccountLeavesThePersonConsistent() throws Exception {
    String personId = command(alice, merge(pair(xmpp, "bob@example.org"), pair(aim, "bobaim"), pair(xmpp, "dan@example.org")))
        .getJsonObject("person").getString("id");
    nextEvent(BrowserEvent.PERSON_UPDATED);
    // dan@ leaves the roster (removed on another client): he leaves the person.
    nodeEvent(xmpp, TestNetworks.XMPP, NodeEvent.CONTACT_REMOVED, new JsonObject().put("jid", "dan@example.org"));
    JsonObject updated = nextEvent(BrowserEvent.PERSON_UPDATED).getJsonObject("person");
    assertEquals(List.of("bob@example.org", "bobaim"), jids(updated.getJsonArray("contacts")));
    Eventually.awaitUntil(() -> rows() == 2, 10_000, "dan@ is out of the person in the database");

    // The AIM account goes: Bob on XMPP alone is just a contact.
    command(alice, new JsonObject().put("type", BrowserCommand.ACCOUNT_REMOVE).put("accountId", aim));
    assertEquals(personId, nextEvent(BrowserEvent.PERSON_REMOVED).getString("personId"));
    assertTrue(snapshot().getJsonArray("people").isEmpty());
    Eventually.awaitUntil(() -> rows() == 0, 10_000, "Bob alone is no person in the database");
  }

  // --- helpers ---

  /** The person's presence in a new snapshot. */
  private PresenceView presenceOf(String personId) {
    for (Object o : snapshot().getJsonArray("people")) {
      Person person = Person.fromJson((JsonObject) o);
      if (personId.equals(person.id())) {
        return person.presence();
      }
    }
    throw new AssertionError("no person " + personId);
  }

  private JsonObject history(String personId) {
    return command(alice, new JsonObject().put("type", BrowserCommand.PERSON_HISTORY).put("personId", personId));
  }

  private static JsonObject via(String accountId, String jid, String why) {
    return new JsonObject().put("accountId", accountId).put("jid", jid)
        .put("network", jid.contains("@") ? TestNetworks.XMPP : TestNetworks.OSCAR).put("why", why);
  }

  private static List<String> texts(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }

  /** Parley's suggestions for Alice, read as any Java reader reads the reply. */
  private List<PersonSuggestion> suggestions() {
    return PersonSuggestionsReply.fromJson(command(alice, new JsonObject().put("type", BrowserCommand.PERSON_SUGGESTIONS)))
        .suggestions();
  }

  private static PersonSuggestion suggestionWith(List<PersonSuggestion> suggestions, String jid) {
    for (PersonSuggestion s : suggestions) {
      if (jids(s).contains(jid)) {
        return s;
      }
    }
    throw new AssertionError("no suggestion with " + jid + ": " + suggestions);
  }

  private static List<String> jids(PersonSuggestion suggestion) {
    return suggestion.contacts().stream().map(Person.Member::jid).toList();
  }

  /** The suggestion's contacts as the page names them in a merge or a dismissal. */
  private static JsonArray contactsOf(PersonSuggestion suggestion) {
    JsonArray contacts = new JsonArray();
    suggestion.contacts().forEach(c -> contacts.add(new PersonContact(c.accountId(), c.jid()).toJson()));
    return contacts;
  }

  private static List<String> jids(JsonArray contacts) {
    List<String> out = new ArrayList<>();
    contacts.forEach(c -> out.add(((JsonObject) c).getString("jid")));
    return out;
  }

  private static JsonObject pair(String accountId, String jid) {
    return new JsonObject().put("accountId", accountId).put("jid", jid);
  }

  private static JsonObject merge(JsonObject... contacts) {
    return new JsonObject().put("type", BrowserCommand.PERSON_MERGE).put("contacts", new JsonArray(List.of((Object[]) contacts)));
  }

  private static JsonObject contact(String jid, String name) {
    return new JsonObject().put("jid", jid).put("name", name).put("groups", new JsonArray()).put("subscription", "both");
  }

  private int rows() {
    return pool.preparedQuery("select count(*) from session.person_contacts where user_id = $1")
        .execute(Tuple.of(UUID.fromString(alice))).await().iterator().next().getInteger(0);
  }

  /** The snapshot from a session process that has just started (and takes the user's shard meanwhile). */
  private JsonObject snapshotOnceServed() throws InterruptedException {
    long end = System.nanoTime() + 40_000_000_000L;
    while (true) {
      try {
        return snapshot();
      } catch (ReplyException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private JsonObject snapshot() {
    return command(alice, new JsonObject().put("type", BrowserCommand.ATTACH)).getJsonObject("state");
  }

  private void connected(String accountId, String network) throws InterruptedException {
    nodeEvent(accountId, network, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    while (true) {
      JsonObject e = nextEvent(BrowserEvent.ACCOUNT_STATE);
      if (accountId.equals(e.getString("accountId")) && ConnectionState.CONNECTED.equals(e.getString("state"))) {
        return;
      }
    }
  }

  private void nodeEvent(String accountId, String network, String type, JsonObject body) {
    session.nodeEvent("node-" + network, alice, accountId, type, body);
  }

  private JsonObject nextNodeCommand(String network, String type) throws InterruptedException {
    return SessionHarness.next(nodeCommands.get(network), type, "the " + network + " node never received ");
  }

  /** Waits until the received message with that text is stored (its event published); other events are passed over. */
  private void stored(String text) throws InterruptedException {
    while (!text.equals(nextEvent(BrowserEvent.MESSAGE).getJsonObject("message").getString("text"))) {
      // another message's event (our own sends publish theirs too)
    }
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    return SessionHarness.nextEvent(pushed, type);
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

  private ReplyException refusal(JsonObject body) {
    return refusal(alice, body);
  }

  private ReplyException refusal(String userId, JsonObject body) {
    return session.refusal(userId, body);
  }
}
