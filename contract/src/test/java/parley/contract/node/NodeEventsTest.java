package parley.contract.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.refusesField;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.NodeEvent;

/**
 * The node events typed after the first ones read the JSON the nodes sent before (fixtures as
 * docs/bus-contract.md and the nodes write them) and write it back byte for byte, so that an older
 * node works with a newer session and the other way round during a rolling upgrade.
 */
class NodeEventsTest {

  private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void ownMessageRoundTrips() {
    roundTrips("{\"to\":\"bob@example.org\",\"text\":\"hi\",\"ts\":1764060000000,\"remoteId\":\"r-1\",\"stanzaId\":\"s-1\"}",
        OwnMessage::fromJson, OwnMessage::toJson);
    roundTrips("{\"to\":\"bob@example.org\",\"text\":\"\"}", OwnMessage::fromJson, OwnMessage::toJson);
    // The XMPP node put absent values as null; an id too long to keep is left out, the message kept.
    OwnMessage m = OwnMessage.fromJson(new JsonObject("{\"to\":\"bob@example.org\",\"text\":\"hi\",\"ts\":null,"
        + "\"remoteId\":\"" + "r".repeat(257) + "\",\"stanzaId\":null}"));
    assertEquals(new OwnMessage("bob@example.org", "hi", null, null, null), m);
    assertEquals(NodeEvent.OWN_MESSAGE, m.type());
  }

  @Test
  void ownMessageRefusesBadInputInWords() {
    refusesField("to", () -> OwnMessage.fromJson(new JsonObject().put("text", "hi")));
    refusesField("text", () -> OwnMessage.fromJson(new JsonObject().put("to", "bob")));
    refusesField("ts", () -> OwnMessage.fromJson(new JsonObject().put("to", "bob").put("text", "hi").put("ts", "now")));
    refusesField("stanzaId", () -> OwnMessage.fromJson(new JsonObject().put("to", "bob").put("text", "hi").put("stanzaId", 3)));
  }

  @Test
  void correctionsAndRetractionsRoundTrip() {
    roundTrips("{\"from\":\"bob@example.org\",\"id\":\"m-1\",\"text\":\"fixed\",\"ts\":1764060000000}",
        MessageCorrected::fromJson, MessageCorrected::toJson);
    roundTrips("{\"to\":\"bob@example.org\",\"id\":\"m-1\",\"text\":\"fixed\"}", MessageCorrected::fromJson, MessageCorrected::toJson);
    roundTrips("{\"from\":\"bob@example.org\",\"id\":\"m-1\"}", MessageRetracted::fromJson, MessageRetracted::toJson);
    roundTrips("{\"to\":\"bob@example.org\",\"id\":\"m-1\"}", MessageRetracted::fromJson, MessageRetracted::toJson);
    assertTrue(MessageRetracted.fromJson(new JsonObject("{\"to\":\"bob\",\"id\":\"m\"}")).own());
    assertFalse(MessageCorrected.fromJson(new JsonObject("{\"from\":\"bob\",\"id\":\"m\",\"text\":\"x\",\"ts\":null}")).own());
    assertEquals(NodeEvent.MESSAGE_CORRECTED, new MessageCorrected("bob", false, "m", "x", null).type());
    assertEquals(NodeEvent.MESSAGE_RETRACTED, new MessageRetracted("bob", false, "m").type());
  }

  @Test
  void correctionsAndRetractionsRefuseBadInputInWords() {
    refusesField("from", () -> MessageRetracted.fromJson(new JsonObject().put("id", "m")));
    refusesField("to", () -> MessageRetracted.fromJson(new JsonObject().put("to", 5).put("id", "m")));
    refusesField("id", () -> MessageRetracted.fromJson(new JsonObject().put("from", "bob")));
    refusesField("id", () -> MessageRetracted.fromJson(new JsonObject().put("from", "bob").put("id", "i".repeat(257))));
    refusesField("text", () -> MessageCorrected.fromJson(new JsonObject().put("from", "bob").put("id", "m")));
    refusesField("id", () -> MessageCorrected.fromJson(new JsonObject().put("from", "bob").put("id", "").put("text", "x")));
  }

  @Test
  void avatarRoundTrips() {
    roundTrips("{\"jid\":\"bob@example.org\",\"hash\":\"" + HASH + "\",\"mediaType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}",
        AvatarChanged::fromJson, AvatarChanged::toJson);
    roundTrips("{\"jid\":\"bob@example.org\",\"hash\":\"\"}", AvatarChanged::fromJson, AvatarChanged::toJson);
    assertTrue(AvatarChanged.none("bob").removed());
    assertEquals(NodeEvent.AVATAR, AvatarChanged.none("bob").type());
  }

  @Test
  void avatarRefusesWhatIsNoCheckedImageInWords() {
    JsonObject good = new JsonObject().put("jid", "bob").put("hash", HASH).put("mediaType", "image/png").put("data", "AAAA");
    AvatarChanged.fromJson(good);
    refusesField("jid", () -> AvatarChanged.fromJson(good.copy().put("jid", "")));
    refusesField("hash", () -> AvatarChanged.fromJson(good.copy().put("hash", "ABC")));
    refusesField("hash", () -> AvatarChanged.fromJson(good.copy().putNull("hash")));
    refusesField("mediaType", () -> AvatarChanged.fromJson(good.copy().put("mediaType", "image/svg+xml")));
    refusesField("data", () -> AvatarChanged.fromJson(good.copy().put("data", "not base64!")));
    refusesField("data", () -> AvatarChanged.fromJson(good.copy().put("data", "A".repeat(AvatarChanged.MAX_DATA_CHARS + 4))));
  }

  @Test
  void moveAskedIsEmpty() {
    roundTrips("{}", MoveAsked::fromJson, MoveAsked::toJson);
    assertEquals(NodeEvent.MOVE_ASKED, new MoveAsked().type());
  }

  @Test
  void roomStateRoundTrips() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"state\":\"joined\",\"nick\":\"alice\",\"role\":\"participant\","
        + "\"affiliation\":\"member\",\"created\":false}", RoomState::fromJson, RoomState::toJson);
    roundTrips("{\"room\":\"#parley\",\"state\":\"left\",\"error\":{\"code\":\"IM_ERROR\",\"text\":\"You were kicked.\"}}",
        RoomState::fromJson, RoomState::toJson);
    roundTrips("{\"room\":\"#parley\",\"state\":\"left\"}", RoomState::fromJson, RoomState::toJson);
    assertEquals(RoomState.joined("r@c.example.org", "alice", "moderator", "owner", true),
        RoomState.fromJson(RoomState.joined("r@c.example.org", "alice", "moderator", "owner", true).toJson()));
    assertEquals(NodeEvent.ROOM_STATE, RoomState.left("#parley", null).type());
  }

  @Test
  void roomStateRefusesBadInputInWords() {
    refusesField("room", () -> RoomState.fromJson(new JsonObject().put("state", "left")));
    refusesField("room", () -> RoomState.fromJson(new JsonObject().put("room", "r".repeat(3072)).put("state", "left")));
    refusesField("state", () -> RoomState.fromJson(new JsonObject().put("room", "#parley").put("state", "banned")));
    refusesField("created", () -> RoomState.fromJson(new JsonObject().put("room", "#p").put("state", "joined").put("created", "no")));
    refusesField("error", () -> RoomState.fromJson(new JsonObject().put("room", "#p").put("state", "left").put("error", "kicked")));
  }

  @Test
  void roomOccupantRoundTrips() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"bob\",\"available\":true,\"role\":\"participant\","
        + "\"affiliation\":\"none\",\"jid\":\"bob@example.org\",\"show\":\"away\",\"status\":\"lunch\"}",
        RoomOccupant::fromJson, RoomOccupant::toJson);
    roundTrips("{\"room\":\"#parley\",\"nick\":\"bob\",\"available\":true,\"role\":\"moderator\",\"affiliation\":\"admin\"}",
        RoomOccupant::fromJson, RoomOccupant::toJson);
    roundTrips("{\"room\":\"#parley\",\"nick\":\"bob\",\"available\":false}", RoomOccupant::fromJson, RoomOccupant::toJson);
    assertEquals(RoomOccupant.gone("#parley", "bob"), RoomOccupant.fromJson(new JsonObject("{\"room\":\"#parley\",\"nick\":\"bob\"}")));
    assertEquals(NodeEvent.ROOM_OCCUPANT, RoomOccupant.gone("#parley", "bob").type());
  }

  @Test
  void roomOccupantRefusesBadInputInWords() {
    refusesField("nick", () -> RoomOccupant.fromJson(new JsonObject().put("room", "#parley")));
    refusesField("available", () -> RoomOccupant.fromJson(new JsonObject().put("room", "#p").put("nick", "bob").put("available", "yes")));
    refusesField("status", () -> RoomOccupant.fromJson(new JsonObject().put("room", "#p").put("nick", "bob").put("status", 1)));
  }

  @Test
  void roomSubjectRoundTrips() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"subject\":\"Release day\",\"nick\":\"bob\"}",
        RoomSubject::fromJson, RoomSubject::toJson);
    roundTrips("{\"room\":\"#parley\",\"subject\":\"\",\"nick\":\"\"}", RoomSubject::fromJson, RoomSubject::toJson);
    assertEquals(NodeEvent.ROOM_SUBJECT, new RoomSubject("#p", "", null).type());
    refusesField("subject", () -> RoomSubject.fromJson(new JsonObject().put("room", "#parley").putNull("subject")));
    refusesField("nick", () -> RoomSubject.fromJson(new JsonObject().put("room", "#parley").put("subject", "s").put("nick", 3)));
  }

  @Test
  void roomMessageRoundTrips() {
    // XMPP: from the room's history, and the account's own reflected; IRC (its fields in this order now); an IRC notice.
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"bob\",\"text\":\"hi\",\"ts\":1764060000000,"
        + "\"stanzaId\":\"s-1\",\"delayed\":true,\"remoteId\":\"o-1\"}", RoomMessage::fromJson, RoomMessage::toJson);
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"alice\",\"text\":\"hi\",\"ts\":1764060000000,"
        + "\"stanzaId\":\"s-2\",\"messageId\":\"42\",\"remoteId\":\"parley-42\"}", RoomMessage::fromJson, RoomMessage::toJson);
    roundTrips("{\"room\":\"#parley\",\"nick\":\"bob\",\"text\":\"hi\",\"ts\":1764060000000,\"stanzaId\":\"m1\",\"remoteId\":\"m1\"}",
        RoomMessage::fromJson, RoomMessage::toJson);
    roundTrips("{\"room\":\"#parley\",\"nick\":\"\",\"text\":\"Cannot send to channel\",\"ts\":1764060000000}",
        RoomMessage::fromJson, RoomMessage::toJson);
    // The IRC node wrote delayed after the ids; the same fields read the same.
    assertTrue(RoomMessage.fromJson(new JsonObject("{\"room\":\"#p\",\"nick\":\"b\",\"text\":\"x\",\"ts\":1,"
        + "\"stanzaId\":\"m1\",\"remoteId\":\"m1\",\"delayed\":true}")).delayed());
    assertEquals(NodeEvent.ROOM_MESSAGE, new RoomMessage("#p", "b", "x", null, null, false, null, null).type());
  }

  @Test
  void roomMessageRefusesBadInputInWords() {
    JsonObject good = new JsonObject().put("room", "#parley").put("nick", "bob").put("text", "hi");
    RoomMessage.fromJson(good);
    refusesField("room", () -> RoomMessage.fromJson(good.copy().put("room", "")));
    refusesField("nick", () -> RoomMessage.fromJson(good.copy().putNull("nick")));
    refusesField("text", () -> RoomMessage.fromJson(good.copy().put("text", 3)));
    refusesField("messageId", () -> RoomMessage.fromJson(good.copy().put("messageId", "abc")));
    refusesField("delayed", () -> RoomMessage.fromJson(good.copy().put("delayed", "yes")));
    refusesField("ts", () -> RoomMessage.fromJson(good.copy().put("ts", 1.5)));
  }

  @Test
  void roomInvitationRoundTrips() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"from\":\"bob@example.org\",\"direct\":false,"
        + "\"reason\":\"Join us\",\"password\":\"s3cret\"}", RoomInvitation::fromJson, RoomInvitation::toJson);
    roundTrips("{\"room\":\"#parley\",\"from\":\"bob\",\"direct\":true}", RoomInvitation::fromJson, RoomInvitation::toJson);
    assertEquals(NodeEvent.ROOM_INVITATION, new RoomInvitation("#p", "bob", true, null, null).type());
    refusesField("from", () -> RoomInvitation.fromJson(new JsonObject().put("room", "#parley")));
    refusesField("password", () -> RoomInvitation.fromJson(new JsonObject().put("room", "#p").put("from", "b").put("password", 5)));
  }

  @Test
  void bookmarksRoundTrip() {
    roundTrips("{\"rooms\":[{\"room\":\"lobby@conference.example.org\",\"name\":\"Lobby\",\"nick\":\"alice\",\"autojoin\":true,"
        + "\"password\":\"s3cret\"},{\"room\":\"dev@conference.example.org\",\"autojoin\":false}],\"pep\":true,"
        + "\"removed\":[\"old@conference.example.org\"]}", BookmarksChanged::fromJson, BookmarksChanged::toJson);
    roundTrips("{\"rooms\":[],\"pep\":false,\"removed\":[]}", BookmarksChanged::fromJson, BookmarksChanged::toJson);
    // The XMPP node wrote a bookmark's absent name and nick as null: they read as absent.
    BookmarksChanged b = BookmarksChanged.fromJson(new JsonObject("{\"rooms\":[{\"room\":\"r@c.example.org\",\"name\":null,"
        + "\"nick\":null,\"autojoin\":true}],\"pep\":false}"));
    assertEquals(new BookmarksChanged(java.util.List.of(new BookmarksChanged.Room("r@c.example.org", null, null, true, null)),
        false, java.util.List.of()), b);
    assertEquals(NodeEvent.BOOKMARKS, b.type());
  }

  @Test
  void bookmarksRefuseBadInputInWords() {
    refusesField("rooms", () -> BookmarksChanged.fromJson(new JsonObject().put("pep", true)));
    refusesField("rooms", () -> BookmarksChanged.fromJson(new JsonObject("{\"rooms\":[\"r@c.example.org\"]}")));
    refusesField("room", () -> BookmarksChanged.fromJson(new JsonObject("{\"rooms\":[{\"autojoin\":true}]}")));
    refusesField("autojoin", () -> BookmarksChanged.fromJson(new JsonObject("{\"rooms\":[{\"room\":\"r@c\",\"autojoin\":\"yes\"}]}")));
    refusesField("removed", () -> BookmarksChanged.fromJson(new JsonObject("{\"rooms\":[],\"removed\":[7]}")));
    io.vertx.core.json.JsonArray many = new io.vertx.core.json.JsonArray();
    for (int i = 0; i <= BookmarksChanged.MAX_ROOMS; i++) {
      many.add(new JsonObject().put("room", "r" + i + "@c.example.org"));
    }
    refusesField("rooms", () -> BookmarksChanged.fromJson(new JsonObject().put("rooms", many)));
  }
}
