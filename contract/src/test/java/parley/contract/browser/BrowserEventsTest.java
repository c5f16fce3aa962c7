package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * The browser events as types write the JSON the session sent the page before they were typed
 * (fixtures as the session built them, field for field and in the same order), and read it back, so
 * the page and the Java readers (bench) see the same events.
 */
class BrowserEventsTest {

  private static <T extends BrowserEventBody> void roundTrips(String type, String fixture, Function<JsonObject, T> fromJson) {
    T event = fromJson.apply(new JsonObject(fixture));
    assertEquals(type, event.type());
    assertEquals(fixture, event.toJson().encode());
  }

  /** Fails with INVALID_FIELD "The field '{@code field}' is missing or invalid." (StoredShapesTest too). */
  static void fails(String field, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(FailureCode.INVALID_FIELD, e.code());
    assertEquals("The field '" + field + "' is missing or invalid.", e.getMessage());
  }

  private static final String MESSAGE = "{\"message\":{\"id\":42,\"accountId\":\"a-1\",\"peer\":\"bob@example.org\","
      + "\"direction\":\"in\",\"text\":\"hi\",\"ts\":1764060000000,\"status\":\"sent\",\"error\":null}}";

  @Test
  void messageEventsRoundTrip() {
    roundTrips(BrowserEvent.MESSAGE, MESSAGE, MessageEvent::fromJson);
    roundTrips(BrowserEvent.MESSAGE_STATUS, MESSAGE, MessageStatusEvent::fromJson);
    roundTrips(BrowserEvent.MESSAGE_UPDATED, MESSAGE.replace("\"error\":null", "\"error\":null,\"edited\":true"),
        MessageUpdatedEvent::fromJson);
    assertEquals(42L, (long) MessageEvent.fromJson(new JsonObject(MESSAGE)).message().id());
  }

  @Test
  void messageEventsNeedAMessageWithItsId() {
    fails("message", () -> MessageEvent.fromJson(new JsonObject()));
    fails("message", () -> MessageStatusEvent.fromJson(new JsonObject("{\"message\":\"hi\"}")));
    fails("message.id", () -> MessageUpdatedEvent.fromJson(new JsonObject("{\"message\":{\"text\":\"hi\"}}")));
    fails("message.id", () -> MessageEvent.fromJson(new JsonObject("{\"message\":{\"id\":\"42\"}}")));
  }

  @Test
  void accountStateRoundTripsWithItsNullsKept() {
    roundTrips(BrowserEvent.ACCOUNT_STATE, "{\"accountId\":\"a-1\",\"state\":\"connected\",\"error\":null,"
        + "\"features\":[\"archive\",\"carbons\"]}", AccountStateEvent::fromJson);
    roundTrips(BrowserEvent.ACCOUNT_STATE, "{\"accountId\":\"a-1\",\"state\":\"failed\",\"error\":{\"code\":\"IM_AUTH_FAILED\","
        + "\"text\":\"The server refused the password.\"},\"features\":null}", AccountStateEvent::fromJson);
    // Absent reads as null and is written as null, as the session always sent both.
    AccountStateEvent e = AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"state\":\"connecting\"}"));
    assertNull(e.error());
    assertEquals("{\"accountId\":\"a-1\",\"state\":\"connecting\",\"error\":null,\"features\":null}", e.toJson().encode());
    fails("accountId", () -> AccountStateEvent.fromJson(new JsonObject("{\"state\":\"connected\"}")));
    fails("state", () -> AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\"}")));
    fails("error", () -> AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"state\":\"failed\",\"error\":\"x\"}")));
    fails("features", () -> AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"state\":\"x\",\"features\":{}}")));
    roundTrips(BrowserEvent.ACCOUNT_STATE, "{\"accountId\":\"a-1\",\"state\":\"connected\",\"error\":null,"
        + "\"features\":[\"upload\"],\"uploadMaxBytes\":4096}", AccountStateEvent::fromJson);
  }

  @Test
  void archiveGapRoundTrips() {
    roundTrips(BrowserEvent.ARCHIVE_GAP, "{\"accountId\":\"a-1\",\"reason\":\"no-archive\",\"text\":\"Messages sent to "
        + "alice while Parley was away may be missing.\"}", ArchiveGapEvent::fromJson);
    fails("reason", () -> ArchiveGapEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"text\":\"t\"}")));
    fails("text", () -> ArchiveGapEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"reason\":\"incomplete\"}")));
  }

  @Test
  void sessionMovedIsItsTypeAlone() {
    roundTrips(BrowserEvent.SESSION_MOVED, "{}", SessionMovedEvent::fromJson);
    assertEquals("{\"type\":\"session.moved\"}", new SessionMovedEvent().withType().encode());
  }

  @Test
  void contactEventsRoundTrip() {
    roundTrips(BrowserEvent.ROSTER, "{\"accountId\":\"a-1\",\"contacts\":[" + AccountShapesTest.CONTACT + "]}",
        RosterEvent::fromJson);
    roundTrips(BrowserEvent.CONTACT_UPDATED, "{\"accountId\":\"a-1\",\"contact\":" + AccountShapesTest.CONTACT + "}",
        ContactUpdatedEvent::fromJson);
    roundTrips(BrowserEvent.CONTACT_REMOVED, "{\"accountId\":\"a-1\",\"jid\":\"bob@example.org\"}", ContactRemovedEvent::fromJson);
    roundTrips(BrowserEvent.PRESENCE, "{\"accountId\":\"a-1\",\"jid\":\"bob@example.org\",\"presence\":{\"available\":true,"
        + "\"show\":\"away\",\"status\":\"\"}}", PresenceEvent::fromJson);
    roundTrips(BrowserEvent.TYPING, "{\"accountId\":\"a-1\",\"peer\":\"bob@example.org\",\"state\":\"composing\"}",
        TypingEvent::fromJson);
    roundTrips(BrowserEvent.SUBSCRIPTION_REQUEST, "{\"accountId\":\"a-1\",\"jid\":\"carol@example.org\"}",
        SubscriptionRequestEvent::fromJson);
    roundTrips(BrowserEvent.SUBSCRIPTION_ANSWERED, "{\"accountId\":\"a-1\",\"jid\":\"carol@example.org\",\"approve\":false}",
        SubscriptionAnsweredEvent::fromJson);
    roundTrips(BrowserEvent.BLOCKLIST, "{\"accountId\":\"a-1\",\"blocked\":[\"spam@example.org\",\"example.net\"]}",
        BlocklistEvent::fromJson);
    roundTrips(BrowserEvent.BLOCKLIST, "{\"accountId\":\"a-1\",\"blocked\":[]}", BlocklistEvent::fromJson);
    roundTrips(BrowserEvent.CHAT_READ, "{\"accountId\":\"a-1\",\"peer\":\"bob@example.org\"}", ChatReadEvent::fromJson);
  }

  @Test
  void contactEventsFailInWords() {
    fails("contacts", () -> RosterEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\"}")));
    fails("contact", () -> ContactUpdatedEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"contact\":[]}")));
    fails("jid", () -> ContactRemovedEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"jid\":\" \"}")));
    fails("presence", () -> PresenceEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"jid\":\"b@x\"}")));
    fails("accountId", () -> TypingEvent.fromJson(new JsonObject("{\"peer\":\"b@x\",\"state\":\"paused\"}")));
    fails("approve", () -> SubscriptionAnsweredEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"jid\":\"c@x\",\"approve\":\"yes\"}")));
    fails("blocked", () -> BlocklistEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"blocked\":[\"a@x\",7]}")));
    fails("peer", () -> ChatReadEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\"}")));
  }

  @Test
  void roomEventsRoundTrip() {
    roundTrips(BrowserEvent.ROOM, "{\"accountId\":\"a-1\",\"room\":" + AccountShapesTest.JOINED_ROOM + "}", RoomEvent::fromJson);
    roundTrips(BrowserEvent.ROOM, "{\"accountId\":\"a-1\",\"room\":{\"room\":\"tea@muc.example.org\",\"state\":\"gone\"}}",
        RoomEvent::fromJson);
    roundTrips(BrowserEvent.ROOM_OCCUPANT, "{\"accountId\":\"a-1\",\"room\":\"tea@muc.example.org\",\"occupant\":{\"nick\":\"bob\",\"available\":true,\"role\":\"moderator\"}}",
        RoomOccupantEvent::fromJson);
    roundTrips(BrowserEvent.ROOM_INVITATION, "{\"room\":\"tea@muc.example.org\",\"from\":\"bob@example.org\",\"reason\":null,\"password\":null,\"direct\":false,\"accountId\":\"a-1\"}",
        RoomInvitationEvent::fromJson);
    roundTrips(BrowserEvent.ROOM_INVITATION, "{\"room\":\"tea@muc.example.org\",\"from\":\"bob@example.org\",\"reason\":\"come\",\"password\":\"pw\",\"direct\":true,\"accountId\":\"a-1\"}",
        RoomInvitationEvent::fromJson);
    roundTrips(BrowserEvent.ROOM_INVITATION, "{\"accountId\":\"a-1\",\"room\":\"tea@muc.example.org\",\"declined\":true}",
        RoomInvitationDeclinedEvent::fromJson);
    assertEquals("{\"room\":\"r@m\",\"from\":\"b@x\",\"reason\":null,\"password\":null,\"direct\":true}",
        new RoomInvitationEvent("a-1", "r@m", "b@x", null, null, true).invitationJson().encode());
    fails("occupant", () -> RoomOccupantEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"room\":\"r@m\"}")));
    fails("direct", () -> RoomInvitationEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"room\":\"r@m\",\"from\":\"b@x\"}")));
    fails("reason", () -> RoomInvitationEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"room\":\"r@m\",\"from\":\"b@x\","
        + "\"reason\":1,\"direct\":true}")));
    fails("declined", () -> RoomInvitationDeclinedEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"room\":\"r@m\",\"declined\":false}")));
  }

  @Test
  void accountAndUserEventsRoundTrip() {
    roundTrips(BrowserEvent.ACCOUNT_ADDED, "{\"account\":" + AccountShapesTest.NEW_ACCOUNT + "}", AccountAddedEvent::fromJson);
    roundTrips(BrowserEvent.ACCOUNT_UPDATED, "{\"account\":" + AccountShapesTest.CONNECTED_ACCOUNT + "}",
        AccountUpdatedEvent::fromJson);
    roundTrips(BrowserEvent.ACCOUNT_REMOVED, "{\"accountId\":\"a-1\"}",
        AccountRemovedEvent::fromJson);
    roundTrips(BrowserEvent.OWN_PRESENCE, "{\"show\":\"away\",\"status\":\"\"}",
        OwnPresenceEvent::fromJson);
    roundTrips(BrowserEvent.PERSON_UPDATED, "{\"person\":{\"id\":\"p-1\",\"contacts\":[{\"accountId\":\"a-1\",\"jid\":\"bob@example.org\",\"network\":\"xmpp\"}],"
        + "\"presence\":{\"available\":false,\"show\":\"offline\",\"status\":\"\"}}}",
        PersonUpdatedEvent::fromJson);
    roundTrips(BrowserEvent.PERSON_REMOVED, "{\"personId\":\"p-1\"}",
        PersonRemovedEvent::fromJson);
    roundTrips(BrowserEvent.SEARCH_LANGUAGE, "{\"language\":\"english\"}", SearchLanguageEvent::fromJson);
    roundTrips(BrowserEvent.NETWORKS, "{\"networks\":[" + AccountShapesTest.XMPP_NETWORK + "]}", NetworksEvent::fromJson);
    roundTrips(BrowserEvent.SIGNED_OUT, "{}",
        SignedOutEvent::fromJson);
    roundTrips(BrowserEvent.STORAGE, "{\"available\":false,\"text\":\"Parley cannot store messages right now.\"}",
        StorageEvent::fromJson);
    roundTrips(BrowserEvent.STORAGE, "{\"available\":true}",
        StorageEvent::fromJson);
    fails("account", () -> AccountAddedEvent.fromJson(new JsonObject()));
    fails("status", () -> OwnPresenceEvent.fromJson(new JsonObject("{\"show\":\"away\"}")));
    fails("personId", () -> PersonRemovedEvent.fromJson(new JsonObject()));
    fails("networks", () -> NetworksEvent.fromJson(new JsonObject("{\"networks\":{}}")));
    fails("available", () -> StorageEvent.fromJson(new JsonObject("{\"text\":\"away\"}")));
  }

  /** A new push type gets its record: every constant of BrowserEvent is the type of one of these. */
  @Test
  void everyBrowserEventTypeHasItsRecord() throws IllegalAccessException {
    JsonObject o = new JsonObject();
    StoredMessage m = StoredMessage.of(1, "a", "p", StoredMessage.IN, "hi", 0, "sent", null);
    Person p = new Person("p", List.of(), PresenceView.OFFLINE);
    AccountView account = AccountView.fromJson(new JsonObject(AccountShapesTest.NEW_ACCOUNT));
    ContactView contact = ContactView.fromJson(new JsonObject(AccountShapesTest.CONTACT));
    List<BrowserEventBody> samples = List.of(new NetworksEvent(List.of()), new AccountAddedEvent(account),
        new AccountUpdatedEvent(account), new AccountRemovedEvent("a"), new AccountStateEvent("a", "s", null, null),
        new BlocklistEvent("a", List.of()), new RosterEvent("a", List.of()), new ContactUpdatedEvent("a", contact),
        new ContactRemovedEvent("a", "j"), new PresenceEvent("a", "j", PresenceView.OFFLINE), new OwnPresenceEvent("away", ""),
        new MessageEvent(m), new MessageStatusEvent(m), new MessageUpdatedEvent(m), new ArchiveGapEvent("a", "r", "t"),
        new StorageEvent(true, null), new TypingEvent("a", "p", "paused"), new SubscriptionRequestEvent("a", "j"),
        new SubscriptionAnsweredEvent("a", "j", true), new ChatReadEvent("a", "p"), new RoomEvent("a", RoomView.gone("r")),
        new RoomOccupantEvent("a", "r", new OccupantView("n", false, null, null, null, null, null)), new RoomInvitationEvent("a", "r", "f", null, null, false),
        new RoomInvitationDeclinedEvent("a", "r"), new PersonUpdatedEvent(p), new PersonRemovedEvent("p"), new SearchLanguageEvent("english"),
        new SignedOutEvent(), new SessionMovedEvent());
    Set<String> types = new TreeSet<>();
    for (Field f : BrowserEvent.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        types.add((String) f.get(null));
      }
    }
    assertEquals(types, samples.stream().map(BrowserEventBody::type).collect(Collectors.toCollection(TreeSet::new)));
  }
}
