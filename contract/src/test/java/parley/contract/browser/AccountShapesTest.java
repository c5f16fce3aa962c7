package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.node.Contact;
import parley.contract.node.Failure;
import parley.contract.testing.TestNetworks;

/**
 * The shapes inside the browser events (account, contact, presence, room, occupant) write the JSON the
 * session built for the page before they were typed (fixtures as it built them: same fields, same order,
 * nulls kept), read it back, and refuse what is not one of them in words.
 */
class AccountShapesTest {
  /** An account just added: never connected, so no features, no error, no one blocked. */
  static final String NEW_ACCOUNT = "{\"id\":\"5b0c-1\",\"network\":\"xmpp\",\"login\":\"alice@example.org\","
      + "\"host\":null,\"port\":null,\"tls\":\"required\",\"state\":\"disconnected\",\"error\":null,\"features\":null,"
      + "\"blocked\":[]}";
  /** An account that connected once and was refused its password at the next login. */
  static final String CONNECTED_ACCOUNT = "{\"id\":\"5b0c-2\",\"network\":\"oscar\",\"login\":\"123456789\","
      + "\"host\":\"127.0.0.1\",\"port\":5190,\"tls\":\"if-offered\",\"state\":\"failed\",\"error\":{\"code\":"
      + "\"IM_AUTH_FAILED\",\"text\":\"The IM server refused the username or password.\"},"
      + "\"features\":[\"archive\",\"carbons\",\"blocking\"],\"blocked\":[\"mallory@example.org\"]}";
  /** A roster contact: the node's contact, then accountId, presence and the avatar's hash. */
  static final String CONTACT = "{\"jid\":\"bob@example.org\",\"name\":\"Bob\",\"groups\":[\"Friends\"],"
      + "\"subscription\":\"both\",\"accountId\":\"a-1\",\"presence\":{\"available\":true,\"show\":\"away\","
      + "\"status\":\"lunch\"},\"avatar\":\"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\"}";
  /** A contact the roster names not and no presence came from: no name field, offline, no avatar. */
  static final String UNNAMED_CONTACT = "{\"jid\":\"carol@example.org\",\"groups\":[],\"subscription\":\"none\","
      + "\"accountId\":\"a-1\",\"presence\":{\"available\":false,\"show\":\"offline\",\"status\":\"\"},\"avatar\":null}";
  /** A room joined, then given a subject by bob. */
  static final String JOINED_ROOM = "{\"room\":\"tea@muc.example.org\",\"subject\":\"Friday\",\"state\":\"joined\","
      + "\"nick\":\"alice\",\"role\":\"participant\",\"affiliation\":\"member\",\"error\":null,\"subjectBy\":\"bob\"}";
  /** The same room after a moderator put the account out. */
  static final String KICKED_ROOM = "{\"room\":\"tea@muc.example.org\",\"subject\":\"Friday\",\"state\":\"left\","
      + "\"nick\":\"alice\",\"role\":\"participant\",\"affiliation\":\"member\",\"error\":{\"code\":\"IM_ERROR\","
      + "\"text\":\"A moderator removed you from tea@muc.example.org.\"},\"subjectBy\":\"bob\"}";
  static final String GONE_ROOM = "{\"room\":\"tea@muc.example.org\",\"state\":\"gone\"}";
  static final String OCCUPANT = "{\"nick\":\"bob\",\"available\":true,\"role\":\"moderator\",\"affiliation\":\"owner\","
      + "\"jid\":\"bob@example.org/phone\",\"show\":\"away\",\"status\":\"lunch\"}";
  static final String OCCUPANT_GONE = "{\"nick\":\"bob\",\"available\":false}";
  /** The XMPP node's descriptor as the session passes it on. */
  static final String XMPP_NETWORK = TestNetworks.of(TestNetworks.XMPP).toJson().encode();

  private static <T> T roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    T value = fromJson.apply(new JsonObject(fixture));
    assertEquals(fixture, toJson.apply(value).encode());
    return value;
  }

  private static void fails(String field, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(FailureCode.INVALID_FIELD, e.code());
    assertEquals("The field '" + field + "' is missing or invalid.", e.getMessage());
  }

  private static JsonObject without(String fixture, String field) {
    JsonObject json = new JsonObject(fixture);
    json.remove(field);
    return json;
  }

  private static JsonObject with(String fixture, String field, Object value) {
    return new JsonObject(fixture).put(field, value);
  }

  @Test
  void accountsRoundTrip() {
    AccountView fresh = roundTrips(NEW_ACCOUNT, AccountView::fromJson, AccountView::toJson);
    assertNull(fresh.features());
    assertNull(fresh.port());
    AccountView failed = roundTrips(CONNECTED_ACCOUNT, AccountView::fromJson, AccountView::toJson);
    assertEquals(new Failure("IM_AUTH_FAILED", "The IM server refused the username or password."), failed.error());
    assertEquals(5190, failed.port());
    roundTrips("{\"account\":" + CONNECTED_ACCOUNT + "}", AccountReply::fromJson, AccountReply::toJson);
  }

  @Test
  void anAccountNeverShowsAPasswordItDoesNotHave() {
    assertFalse(new JsonObject(NEW_ACCOUNT).containsKey("password"));
    assertFalse(AccountView.fromJson(new JsonObject(CONNECTED_ACCOUNT).put("password", "secret")).toJson()
        .containsKey("password"));
  }

  @Test
  void accountsRefuseInWords() {
    fails("id", () -> AccountView.fromJson(without(NEW_ACCOUNT, "id")));
    fails("login", () -> AccountView.fromJson(with(NEW_ACCOUNT, "login", 7)));
    fails("state", () -> AccountView.fromJson(without(NEW_ACCOUNT, "state")));
    fails("port", () -> AccountView.fromJson(with(NEW_ACCOUNT, "port", "5222")));
    fails("port", () -> AccountView.fromJson(with(NEW_ACCOUNT, "port", 5222.5)));
    fails("error", () -> AccountView.fromJson(with(NEW_ACCOUNT, "error", "refused")));
    fails("error", () -> AccountView.fromJson(with(NEW_ACCOUNT, "error", new JsonObject().put("code", "IM_ERROR"))));
    fails("features", () -> AccountView.fromJson(with(NEW_ACCOUNT, "features", new JsonObject())));
    fails("blocked", () -> AccountView.fromJson(without(NEW_ACCOUNT, "blocked")));
    fails("blocked", () -> AccountView.fromJson(with(NEW_ACCOUNT, "blocked", new io.vertx.core.json.JsonArray().add(1))));
    fails("account", () -> AccountReply.fromJson(new JsonObject().put("account", "5b0c-1")));
  }

  @Test
  void contactsAndPresenceRoundTrip() {
    ContactView bob = roundTrips(CONTACT, ContactView::fromJson, ContactView::toJson);
    assertEquals(new Contact("bob@example.org", "Bob", List.of("Friends"), "both"), bob.contact());
    assertEquals(new PresenceView(true, "away", "lunch"), bob.presence());
    ContactView carol = roundTrips(UNNAMED_CONTACT, ContactView::fromJson, ContactView::toJson);
    assertNull(carol.contact().name());
    assertNull(carol.avatar());
    assertEquals(PresenceView.OFFLINE, carol.presence());
    roundTrips("{\"available\":true,\"show\":\"dnd\",\"status\":\"busy\"}", PresenceView::fromJson, PresenceView::toJson);
  }

  @Test
  void contactsAndPresenceRefuseInWords() {
    fails("jid", () -> ContactView.fromJson(without(CONTACT, "jid")));
    fails("groups", () -> ContactView.fromJson(with(CONTACT, "groups", "Friends")));
    fails("accountId", () -> ContactView.fromJson(without(CONTACT, "accountId")));
    fails("presence", () -> ContactView.fromJson(without(CONTACT, "presence")));
    fails("avatar", () -> ContactView.fromJson(with(CONTACT, "avatar", 1)));
    fails("available", () -> PresenceView.fromJson(new JsonObject("{\"show\":\"away\",\"status\":\"\"}")));
    fails("show", () -> PresenceView.fromJson(new JsonObject("{\"available\":true,\"status\":\"\"}")));
    fails("status", () -> PresenceView.fromJson(new JsonObject("{\"available\":true,\"show\":\"away\"}")));
    fails("contacts", () -> RosterEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"contacts\":[\"bob@example.org\"]}")));
  }

  @Test
  void roomsAndOccupantsRoundTrip() {
    RoomView joined = roundTrips(JOINED_ROOM, RoomView::fromJson, RoomView::toJson);
    assertEquals(joined, RoomView.heard("tea@muc.example.org").joinedAs("alice", "participant", "member")
        .withSubject("Friday", "bob"));
    Failure kicked = new Failure("IM_ERROR", "A moderator removed you from tea@muc.example.org.");
    assertEquals(KICKED_ROOM, joined.left(kicked).toJson().encode());
    roundTrips(KICKED_ROOM, RoomView::fromJson, RoomView::toJson);
    roundTrips(GONE_ROOM, RoomView::fromJson, RoomView::toJson);
    assertEquals(GONE_ROOM, RoomView.gone("tea@muc.example.org").toJson().encode());
    OccupantView bob = roundTrips(OCCUPANT, OccupantView::fromJson, OccupantView::toJson);
    roundTrips(OCCUPANT_GONE, OccupantView::fromJson, OccupantView::toJson);
    assertEquals(JOINED_ROOM.replaceFirst("}$", ",\"accountId\":\"a-1\",\"occupants\":[" + OCCUPANT + "]}"),
        joined.toSnapshotJson("a-1", List.of(bob)).encode());
  }

  /**
   * The one change from before the shapes were typed: a room's every field is written, null when
   * unknown, where the session left out {@code subjectBy} before the room said a subject, and nick,
   * role and affiliation for a room the account was never in. The page reads them alike.
   */
  @Test
  void aRoomWritesEveryFieldNullOrNot() {
    assertEquals("{\"room\":\"tea@muc.example.org\",\"subject\":\"\",\"state\":\"joined\",\"nick\":\"alice\","
        + "\"role\":null,\"affiliation\":null,\"error\":null,\"subjectBy\":null}",
        RoomView.heard("tea@muc.example.org").joinedAs("alice", null, null).toJson().encode());
    assertEquals("{\"room\":\"tea@muc.example.org\",\"subject\":\"\",\"state\":\"left\",\"nick\":null,\"role\":null,"
        + "\"affiliation\":null,\"error\":{\"code\":\"IM_ERROR\",\"text\":\"tea@muc.example.org needs a password.\"},"
        + "\"subjectBy\":null}", RoomView.heard("tea@muc.example.org")
        .left(new Failure("IM_ERROR", "tea@muc.example.org needs a password.")).toJson().encode());
  }

  @Test
  void roomsAndOccupantsRefuseInWords() {
    fails("room", () -> RoomView.fromJson(without(JOINED_ROOM, "room")));
    fails("state", () -> RoomView.fromJson(with(JOINED_ROOM, "state", "kicked")));
    fails("subject", () -> RoomView.fromJson(without(JOINED_ROOM, "subject")));
    fails("nick", () -> RoomView.fromJson(with(JOINED_ROOM, "nick", 3)));
    fails("error", () -> RoomView.fromJson(with(KICKED_ROOM, "error", "kicked")));
    fails("nick", () -> OccupantView.fromJson(without(OCCUPANT, "nick")));
    fails("available", () -> OccupantView.fromJson(without(OCCUPANT, "available")));
    fails("status", () -> OccupantView.fromJson(with(OCCUPANT, "status", false)));
    fails("room", () -> RoomEvent.fromJson(new JsonObject().put("accountId", "a-1").put("room", "tea@muc.example.org")));
  }

  @Test
  void networksRoundTripAndRefuseABadDescriptor() {
    NetworksEvent e = NetworksEvent.fromJson(new JsonObject("{\"networks\":[" + XMPP_NETWORK + "]}"));
    assertEquals(List.of(TestNetworks.of(TestNetworks.XMPP)), e.networks());
    assertEquals("{\"networks\":[" + XMPP_NETWORK + "]}", e.toJson().encode());
    fails("networks", () -> NetworksEvent.fromJson(new JsonObject("{\"networks\":[{\"network\":\"xmpp\"}]}")));
    fails("networks", () -> NetworksEvent.fromJson(new JsonObject("{\"networks\":[\"xmpp\"]}")));
  }
}
