package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.browser.BrowserEventsTest.fails;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.MessageStatus;
import parley.contract.node.Failure;

/**
 * The stored message, the person and the merge suggestions, as types, write the JSON the session
 * wrote before they were typed (fixtures as the session's HistoryStore, BrowserCommands, RoomChats,
 * People and PersonSuggestions built them, field for field and in the same order), and read it
 * back, refusing a bad field in words.
 */
class StoredShapesTest {

  private static <T> void roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    assertEquals(fixture, toJson.apply(fromJson.apply(new JsonObject(fixture))).encode());
  }

  /** A history page's received message with the IM server's id (HistoryStore.pageMessage). */
  private static final String RECEIVED = "{\"id\":42,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\",\"direction\":\"in\","
      + "\"text\":\"hi\",\"ts\":1764060000000,\"status\":\"sent\",\"error\":null,\"stanzaId\":\"0a1b\"}";
  /** An outgoing message the IM server bounced (HistoryStore.markFailed). */
  private static final String FAILED = "{\"id\":43,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\",\"direction\":\"out\","
      + "\"text\":\"hi\",\"ts\":1764060000000,\"status\":\"failed\","
      + "\"error\":{\"code\":\"IM_ERROR\",\"text\":\"bob@example.org does not exist on that server.\"}}";
  /** The user's own message, pending (HistoryStore.storePending). */
  private static final String PENDING = "{\"id\":44,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\",\"direction\":\"out\","
      + "\"text\":\"hello\",\"ts\":1764060000000,\"status\":\"pending\",\"error\":null}";
  /** Corrected by its sender (HistoryStore.edit, message.correct). */
  private static final String EDITED = "{\"id\":45,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\",\"direction\":\"in\","
      + "\"text\":\"hi again\",\"ts\":1764060000000,\"status\":\"sent\",\"error\":null,\"edited\":true}";
  /** Taken back on another client of the person's, seen in history (pageMessage: removed, stanzaId, elsewhere). */
  private static final String REMOVED_ELSEWHERE = "{\"id\":46,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\","
      + "\"direction\":\"out\",\"text\":\"\",\"ts\":1764060000000,\"status\":\"sent\",\"error\":null,\"removed\":true,"
      + "\"stanzaId\":\"9f8e\",\"elsewhere\":true}";
  /** A group chat's message in history (pageMessage: stanzaId, then nick). */
  private static final String ROOM = "{\"id\":47,\"accountId\":\"5b0c\",\"peer\":\"lobby@conference.example.org\","
      + "\"direction\":\"in\",\"text\":\"hi @alice\",\"ts\":1764060000000,\"status\":\"read\",\"error\":null,"
      + "\"stanzaId\":\"r-1\",\"nick\":\"bob\"}";
  /** A 1:1 chat's older message from the IM server's archive (BrowserCommands.archivePage): no id. */
  private static final String ARCHIVED = "{\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\",\"direction\":\"in\","
      + "\"text\":\"old\",\"ts\":1764050000000,\"status\":\"sent\",\"error\":null,\"stanzaId\":\"0a1a\",\"archived\":true}";
  /** The same without an archive id the session could keep: {@code stanzaId} null, not left out. */
  private static final String ARCHIVED_WITHOUT_ID = ARCHIVED.replace("\"0a1a\"", "null");

  @Test
  void storedMessagesRoundTrip() {
    for (String fixture : List.of(RECEIVED, FAILED, PENDING, EDITED, REMOVED_ELSEWHERE, ROOM, ARCHIVED, ARCHIVED_WITHOUT_ID)) {
      roundTrips(fixture, StoredMessage::fromJson, StoredMessage::toJson);
    }
    StoredMessage failed = StoredMessage.fromJson(new JsonObject(FAILED));
    assertEquals(new Failure("IM_ERROR", "bob@example.org does not exist on that server."), failed.error());
    assertTrue(failed.outgoing());
    StoredMessage archived = StoredMessage.fromJson(new JsonObject(ARCHIVED_WITHOUT_ID));
    assertNull(archived.id());
    assertNull(archived.stanzaId());
    assertTrue(archived.archived());
  }

  /** The session builds them as it built the JSON: the same bytes for the same message. */
  @Test
  void theSessionsBuildersWriteTheSameJson() {
    StoredMessage pending = StoredMessage.of(44, "5b0c", "bob@example.org", StoredMessage.OUT, "hello", 1764060000000L,
        "pending", null);
    assertEquals(PENDING, pending.toJson().encode());
    assertEquals(FAILED, StoredMessage.of(43, "5b0c", "bob@example.org", StoredMessage.OUT, "hi", 1764060000000L, "pending",
        null).settled(MessageStatus.FAILED, Failure.of(FailureCode.IM_ERROR, "bob@example.org does not exist on that server.")).toJson().encode());
    assertEquals(PENDING.replace("pending", "sent"), pending.withStatus("sent").toJson().encode());
    assertEquals(EDITED, StoredMessage.of(45, "5b0c", "bob@example.org", StoredMessage.IN, "hi", 1764060000000L, "sent", null)
        .changed("hi again", true, false).toJson().encode());
    assertEquals(ARCHIVED, StoredMessage.archived("5b0c", "bob@example.org", StoredMessage.IN, null, "old", 1764050000000L,
        "0a1a").toJson().encode());
    // Taken back wins over corrected, as history shows it.
    assertTrue(StoredMessage.fromJson(new JsonObject(REMOVED_ELSEWHERE)).changed("", true, true).toJson().getBoolean("removed"));
    assertFalse(StoredMessage.fromJson(new JsonObject(REMOVED_ELSEWHERE)).changed("", true, true).toJson().containsKey("edited"));
  }

  /**
   * Three senders put the fields in another order (a live room message: nick before stanzaId; a
   * message from another client: elsewhere before stanzaId; a room's archive: nick before text):
   * the same fields and values, now in history's order, which the page reads alike.
   */
  @Test
  void sendersThatOrderedFieldsOtherwiseGiveTheSameFields() {
    String liveRoom = "{\"id\":47,\"accountId\":\"5b0c\",\"peer\":\"lobby@conference.example.org\",\"direction\":\"in\","
        + "\"text\":\"hi @alice\",\"ts\":1764060000000,\"status\":\"sent\",\"error\":null,\"nick\":\"bob\",\"stanzaId\":\"r-1\"}";
    String own = "{\"id\":48,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\",\"direction\":\"out\",\"text\":\"from my phone\","
        + "\"ts\":1764060000000,\"status\":\"sent\",\"error\":null,\"elsewhere\":true,\"stanzaId\":\"9f8f\"}";
    String roomArchive = "{\"accountId\":\"5b0c\",\"peer\":\"lobby@conference.example.org\",\"direction\":\"in\",\"nick\":\"bob\","
        + "\"text\":\"old\",\"ts\":1764050000000,\"status\":\"sent\",\"error\":null,\"stanzaId\":\"r-0\",\"archived\":true}";
    assertEquals(new JsonObject(liveRoom), StoredMessage.of(47, "5b0c", "lobby@conference.example.org", StoredMessage.IN,
        "hi @alice", 1764060000000L, "sent", null).withNick("bob").withStanzaId("r-1").toJson());
    assertEquals(new JsonObject(own), StoredMessage.of(48, "5b0c", "bob@example.org", StoredMessage.OUT, "from my phone",
        1764060000000L, "sent", null).fromElsewhere().withStanzaId("9f8f").toJson());
    assertEquals(new JsonObject(roomArchive), StoredMessage.archived("5b0c", "lobby@conference.example.org", StoredMessage.IN,
        "bob", "old", 1764050000000L, "r-0").toJson());
  }

  @Test
  void messagesWithTheirNetworkRoundTrip() {
    String inTimeline = RECEIVED.replace("}", ",\"network\":\"xmpp\"}");
    roundTrips(inTimeline, PersonMessage::fromJson, PersonMessage::toJson);
    roundTrips(RECEIVED.replace("}", ",\"network\":null}"), PersonMessage::fromJson, PersonMessage::toJson);
    assertEquals("xmpp", PersonMessage.fromJson(new JsonObject(inTimeline)).network());
    String exported = FAILED.substring(0, FAILED.length() - 1) + ",\"network\":\"xmpp\",\"account\":\"alice@example.org\"}";
    roundTrips(exported, ExportedMessage::fromJson, ExportedMessage::toJson);
    String page = "{\"messages\":[" + exported + "," + EDITED.replace("}", ",\"network\":null,\"account\":null}")
        + "],\"next\":45}";
    roundTrips(page, HistoryExportPage::fromJson, HistoryExportPage::toJson);
    roundTrips("{\"messages\":[],\"next\":null}", HistoryExportPage::fromJson, HistoryExportPage::toJson);
    assertEquals("alice@example.org", HistoryExportPage.fromJson(new JsonObject(page)).messages().get(0).account());
  }

  @Test
  void aStoredMessageWithABadFieldIsRefusedInWords() {
    fails("accountId", () -> StoredMessage.fromJson(new JsonObject(RECEIVED).put("accountId", "")));
    fails("peer", () -> StoredMessage.fromJson(without(RECEIVED, "peer")));
    fails("direction", () -> StoredMessage.fromJson(new JsonObject(RECEIVED).put("direction", "sideways")));
    fails("text", () -> StoredMessage.fromJson(without(RECEIVED, "text")));
    fails("ts", () -> StoredMessage.fromJson(new JsonObject(RECEIVED).put("ts", "yesterday")));
    fails("ts", () -> StoredMessage.fromJson(new JsonObject(RECEIVED).put("ts", 1.5)));
    fails("status", () -> StoredMessage.fromJson(without(RECEIVED, "status")));
    fails("error", () -> StoredMessage.fromJson(new JsonObject(FAILED).put("error", "bounced")));
    fails("error", () -> StoredMessage.fromJson(new JsonObject(FAILED).put("error", new JsonObject().put("code", "IM_ERROR"))));
    fails("edited", () -> StoredMessage.fromJson(new JsonObject(EDITED).put("edited", "yes")));
    fails("stanzaId", () -> StoredMessage.fromJson(new JsonObject(RECEIVED).put("stanzaId", 7)));
    fails("id", () -> StoredMessage.fromJson(without(RECEIVED, "id")));
    fails("id", () -> StoredMessage.fromJson(new JsonObject(RECEIVED).put("id", "42")));
    fails("messages", () -> HistoryExportPage.fromJson(new JsonObject("{\"next\":null}")));
    fails("next", () -> HistoryExportPage.fromJson(new JsonObject("{\"messages\":[],\"next\":\"45\"}")));
    fails("network", () -> PersonMessage.fromJson(new JsonObject(RECEIVED).put("network", 1)));
  }

  /** A {@code history.search} result as HistorySearch built it, with the network BrowserCommands added last. */
  private static final String SEARCH_RESULT = "{\"id\":43,\"accountId\":\"5b0c\",\"peer\":\"bob@example.org\","
      + "\"direction\":\"in\",\"ts\":1764060001000,\"snippet\":[\"Shall we \",\"meet\",\" \",\"tomorrow\",\"?\"],"
      + "\"network\":\"xmpp\"}";

  @Test
  void aSearchResultRoundTrips() {
    roundTrips(SEARCH_RESULT, SearchResult::fromJson, SearchResult::toJson);
    roundTrips(SEARCH_RESULT.replace("\"xmpp\"", "null"), SearchResult::fromJson, SearchResult::toJson);
    assertEquals(List.of("Shall we ", "meet", " ", "tomorrow", "?"), SearchResult.fromJson(new JsonObject(SEARCH_RESULT)).snippet());
    fails("snippet", () -> SearchResult.fromJson(new JsonObject(SEARCH_RESULT).put("snippet", "meet")));
    fails("id", () -> SearchResult.fromJson(without(SEARCH_RESULT, "id")));
  }

  private static final String PERSON = "{\"id\":\"p-1\",\"contacts\":[{\"accountId\":\"a-1\",\"jid\":\"bob@example.org\","
      + "\"network\":\"xmpp\"},{\"accountId\":\"a-2\",\"jid\":\"bobjones\",\"network\":null}],"
      + "\"presence\":{\"available\":true,\"show\":\"away\",\"status\":\"lunch\"}}";

  @Test
  void aPersonRoundTrips() {
    roundTrips(PERSON, Person::fromJson, Person::toJson);
    Person person = Person.fromJson(new JsonObject(PERSON));
    assertEquals(List.of(new Person.Member("a-1", "bob@example.org", "xmpp"), new Person.Member("a-2", "bobjones", null)),
        person.contacts());
    roundTrips("{\"person\":" + PERSON + "}", PersonUpdatedEvent::fromJson, PersonUpdatedEvent::toJson);
  }

  @Test
  void aPersonWithABadFieldIsRefusedInWords() {
    fails("id", () -> Person.fromJson(without(PERSON, "id")));
    fails("contacts", () -> Person.fromJson(new JsonObject(PERSON).put("contacts", "bob")));
    fails("contacts", () -> Person.fromJson(new JsonObject(PERSON).put("contacts", new io.vertx.core.json.JsonArray().add(1))));
    fails("jid", () -> Person.fromJson(new JsonObject(PERSON.replace("\"jid\":\"bobjones\",", ""))));
    fails("presence", () -> Person.fromJson(without(PERSON, "presence")));
    fails("show", () -> Person.fromJson(new JsonObject(PERSON.replace("\"show\":\"away\",", ""))));
    fails("available", () -> Person.fromJson(new JsonObject(PERSON.replace("true", "\"yes\""))));
    fails("person", () -> PersonUpdatedEvent.fromJson(new JsonObject()));
  }

  /** A person as People built it: the best presence of the contacts, the same bytes as before it was typed. */
  @Test
  void aPersonsPresenceIsAPresenceView() {
    Person person = new Person("p-1", List.of(new Person.Member("a-1", "bob@example.org", "xmpp"),
        new Person.Member("a-2", "bobjones", null)), new PresenceView(true, "away", "lunch"));
    assertEquals(PERSON, person.toJson().encode());
    assertEquals(new PresenceView(true, "away", "lunch"), Person.fromJson(new JsonObject(PERSON)).presence());
    assertEquals("{\"id\":\"p-2\",\"contacts\":[],\"presence\":{\"available\":false,\"show\":\"offline\",\"status\":\"\"}}",
        new Person("p-2", List.of(), PresenceView.OFFLINE).toJson().encode());
  }

  /** The {@code via} as People built it (accountId, jid, network, why), and a person's timeline page and merge/split answers around it. */
  private static final String VIA = "{\"accountId\":\"a-1\",\"jid\":\"bob@example.org\",\"network\":\"xmpp\",\"why\":\"last-active\"}";

  @Test
  void aPersonsTimelineAndAnswersRoundTrip() {
    roundTrips(VIA, PersonVia::fromJson, PersonVia::toJson);
    roundTrips(VIA.replace("\"xmpp\"", "null"), PersonVia::fromJson, PersonVia::toJson);
    String page = "{\"personId\":\"p-1\",\"messages\":[" + RECEIVED.replace("}", ",\"network\":\"xmpp\"}") + "],\"via\":" + VIA + "}";
    roundTrips(page, PersonHistoryPage::fromJson, PersonHistoryPage::toJson);
    roundTrips("{\"personId\":\"p-1\",\"messages\":[],\"via\":" + VIA + "}", PersonHistoryPage::fromJson, PersonHistoryPage::toJson);
    roundTrips("{\"person\":" + PERSON + "}", PersonReply::fromJson, PersonReply::toJson);
    roundTrips("{\"person\":null}", PersonReply::fromJson, PersonReply::toJson);
    assertEquals(new PersonReply(null), PersonReply.fromJson(new JsonObject()));
  }

  @Test
  void aPersonsTimelineRefusesBadFieldsInWords() {
    fails("why", () -> PersonVia.fromJson(without(VIA, "why")));
    fails("network", () -> PersonVia.fromJson(new JsonObject(VIA).put("network", 3)));
    String page = "{\"personId\":\"p-1\",\"messages\":[],\"via\":" + VIA + "}";
    fails("via", () -> PersonHistoryPage.fromJson(without(page, "via")));
    fails("messages", () -> PersonHistoryPage.fromJson(new JsonObject(page).put("messages", "none")));
    fails("person", () -> PersonReply.fromJson(new JsonObject().put("person", "p-1")));
  }

  /** The reply of {@code person.suggestions} as the session's PersonSuggestions built it (reasons sorted). */
  private static final String SUGGESTIONS = "{\"suggestions\":[{\"contacts\":[{\"accountId\":\"a-1\",\"jid\":\"bob@example.org\","
      + "\"network\":\"xmpp\"},{\"accountId\":\"a-2\",\"jid\":\"bobaim\",\"network\":\"oscar\"}],"
      + "\"reasons\":[\"named-alike\",\"same-name\"]},{\"contacts\":[{\"accountId\":\"a-1\",\"jid\":\"dan@example.org\","
      + "\"network\":\"xmpp\"},{\"accountId\":\"a-2\",\"jid\":\"dan\",\"network\":\"oscar\"}],\"reasons\":[\"same-address\"]}]}";

  @Test
  void suggestionsRoundTrip() {
    roundTrips(SUGGESTIONS, PersonSuggestionsReply::fromJson, PersonSuggestionsReply::toJson);
    roundTrips("{\"suggestions\":[]}", PersonSuggestionsReply::fromJson, PersonSuggestionsReply::toJson);
    PersonSuggestion bob = PersonSuggestionsReply.fromJson(new JsonObject(SUGGESTIONS)).suggestions().get(0);
    assertEquals(List.of(new Person.Member("a-1", "bob@example.org", "xmpp"), new Person.Member("a-2", "bobaim", "oscar")),
        bob.contacts());
    assertEquals(List.of("named-alike", "same-name"), bob.reasons());
    assertEquals(new JsonObject(SUGGESTIONS).getJsonArray("suggestions").getJsonObject(0).encode(),
        new PersonSuggestion(bob.contacts(), List.of("named-alike", "same-name")).toJson().encode());
  }

  @Test
  void aSuggestionWithABadFieldIsRefusedInWords() {
    fails("suggestions", () -> PersonSuggestionsReply.fromJson(new JsonObject()));
    fails("suggestions", () -> PersonSuggestionsReply.fromJson(new JsonObject("{\"suggestions\":[1]}")));
    String bob = new JsonObject(SUGGESTIONS).getJsonArray("suggestions").getJsonObject(0).encode();
    fails("contacts", () -> PersonSuggestion.fromJson(without(bob, "contacts")));
    fails("contacts", () -> PersonSuggestion.fromJson(new JsonObject(bob).put("contacts", new io.vertx.core.json.JsonArray().add("bob"))));
    fails("accountId", () -> PersonSuggestion.fromJson(new JsonObject(bob.replace("\"accountId\":\"a-2\",", ""))));
    fails("network", () -> PersonSuggestion.fromJson(new JsonObject(bob.replace("\"oscar\"", "7"))));
    fails("reasons", () -> PersonSuggestion.fromJson(without(bob, "reasons")));
    fails("reasons", () -> PersonSuggestion.fromJson(new JsonObject(bob).put("reasons", new io.vertx.core.json.JsonArray().add(1))));
  }

  private static JsonObject without(String fixture, String field) {
    JsonObject json = new JsonObject(fixture);
    json.remove(field);
    return json;
  }
}
