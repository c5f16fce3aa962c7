package parley.contract.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.ParleyException;

/**
 * The room and bookmark node commands read the JSON the session sent before they were types
 * (fixtures as docs/bus-contract.md and the session write them) and write it back byte for byte, so
 * an older node works with a newer session and the other way round during a rolling upgrade; a bad
 * one is refused once, in words.
 */
class RoomCommandsTest {

  private static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }

  private static final String NO_ROOM = "The field 'room' must name the room.";

  @Test
  void joinRoomRoundTripsAndHidesThePassword() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"alice\",\"password\":\"secret\"}",
        JoinRoom::fromJson, JoinRoom::toJson);
    roundTrips("{\"room\":\"#parley\",\"nick\":\"alice\"}", JoinRoom::fromJson, JoinRoom::toJson);
    // The session used to write a missing password as null, and an empty one means none.
    assertNull(JoinRoom.fromJson(new JsonObject("{\"room\":\"#parley\",\"nick\":\"alice\",\"password\":null}")).password());
    assertNull(JoinRoom.fromJson(new JsonObject("{\"room\":\"#parley\",\"nick\":\"alice\",\"password\":\"\"}")).password());
    assertEquals(NodeCommand.JOIN_ROOM, new JoinRoom("#parley", "alice", null).type());
    String shown = new JoinRoom("#parley", "alice", "sesame").toString();
    assertFalse(shown.contains("sesame"), shown);
    assertTrue(shown.contains("#parley") && shown.contains("alice"), shown);
  }

  @Test
  void joinRoomRefusesInWords() {
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> JoinRoom.fromJson(new JsonObject().put("nick", "alice")));
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> JoinRoom.fromJson(new JsonObject().put("room", 7).put("nick", "alice")));
    fails(FailureCode.INVALID_FIELD, "The nickname must not be empty.",
        () -> JoinRoom.fromJson(new JsonObject().put("room", "#parley").put("nick", " ")));
    fails(FailureCode.INVALID_FIELD, "A nickname may have at most 64 characters.",
        () -> JoinRoom.fromJson(new JsonObject().put("room", "#parley").put("nick", "n".repeat(65))));
    fails(FailureCode.INVALID_FIELD, "A room password may have at most 256 characters.",
        () -> JoinRoom.fromJson(new JsonObject().put("room", "#parley").put("nick", "alice").put("password", "p".repeat(257))));
    fails(FailureCode.INVALID_FIELD, "The field 'password' is missing or invalid.",
        () -> JoinRoom.fromJson(new JsonObject().put("room", "#parley").put("nick", "alice").put("password", 1234)));
  }

  @Test
  void leaveRoomAndRemoveBookmarkRoundTrip() {
    roundTrips("{\"room\":\"lobby@conference.example.org\"}", LeaveRoom::fromJson, LeaveRoom::toJson);
    roundTrips("{\"room\":\"lobby@conference.example.org\"}", RemoveBookmark::fromJson, RemoveBookmark::toJson);
    assertEquals(NodeCommand.LEAVE_ROOM, new LeaveRoom("#parley").type());
    assertEquals(NodeCommand.REMOVE_BOOKMARK, new RemoveBookmark("#parley").type());
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> LeaveRoom.fromJson(new JsonObject().put("room", "")));
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> RemoveBookmark.fromJson(new JsonObject()));
  }

  @Test
  void sendRoomMessageRoundTripsAndRefuses() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"text\":\"hi\",\"messageId\":\"42\"}",
        SendRoomMessage::fromJson, SendRoomMessage::toJson);
    roundTrips("{\"room\":\"#parley\",\"text\":\"hi\"}", SendRoomMessage::fromJson, SendRoomMessage::toJson);
    assertEquals(NodeCommand.SEND_ROOM_MESSAGE, new SendRoomMessage("#parley", "hi", null).type());
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> SendRoomMessage.fromJson(new JsonObject().put("text", "hi")));
    fails(FailureCode.INVALID_FIELD, "The field 'text' is missing or invalid.",
        () -> SendRoomMessage.fromJson(new JsonObject().put("room", "#parley").put("text", " ")));
    assertEquals(FailureCode.TEXT_TOO_LONG, assertThrows(ParleyException.class, () -> SendRoomMessage.fromJson(
        new JsonObject().put("room", "#parley").put("text", "x".repeat(10_001)))).code());
    fails(FailureCode.INVALID_FIELD, "The field 'messageId' is missing or invalid.",
        () -> SendRoomMessage.fromJson(new JsonObject().put("room", "#parley").put("text", "hi").put("messageId", 42)));
  }

  @Test
  void setRoomSubjectRoundTripsAndRefuses() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"subject\":\"Plans for Friday\"}",
        SetRoomSubject::fromJson, SetRoomSubject::toJson);
    roundTrips("{\"room\":\"#parley\",\"subject\":\"\"}", SetRoomSubject::fromJson, SetRoomSubject::toJson);
    assertEquals("", SetRoomSubject.fromJson(new JsonObject().put("room", "#parley")).subject(), "absent: cleared");
    assertEquals(NodeCommand.SET_ROOM_SUBJECT, new SetRoomSubject("#parley", "").type());
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> SetRoomSubject.fromJson(new JsonObject().put("subject", "x")));
    fails(FailureCode.TEXT_TOO_LONG, "A room's subject may have at most 1000 characters.",
        () -> SetRoomSubject.fromJson(new JsonObject().put("room", "#parley").put("subject", "s".repeat(1001))));
    fails(FailureCode.INVALID_FIELD, "The field 'subject' is missing or invalid.",
        () -> SetRoomSubject.fromJson(new JsonObject().put("room", "#parley").put("subject", true)));
  }

  @Test
  void invitationsRoundTripAndRefuse() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"jid\":\"bob@example.org\",\"reason\":\"you too\"}",
        InviteToRoom::fromJson, InviteToRoom::toJson);
    roundTrips("{\"room\":\"#parley\",\"jid\":\"ivy\"}", InviteToRoom::fromJson, InviteToRoom::toJson);
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"jid\":\"bob@example.org\",\"reason\":\"busy\"}",
        DeclineInvitation::fromJson, DeclineInvitation::toJson);
    roundTrips("{\"room\":\"#parley\",\"jid\":\"ivy\"}", DeclineInvitation::fromJson, DeclineInvitation::toJson);
    assertEquals(NodeCommand.INVITE_TO_ROOM, new InviteToRoom("#parley", "ivy", null).type());
    assertEquals(NodeCommand.DECLINE_INVITATION, new DeclineInvitation("#parley", "ivy", null).type());
    fails(FailureCode.INVALID_JID, "The field 'jid' must name whom to invite.",
        () -> InviteToRoom.fromJson(new JsonObject().put("room", "#parley")));
    fails(FailureCode.INVALID_JID, "The field 'jid' must name who sent the invitation.",
        () -> DeclineInvitation.fromJson(new JsonObject().put("room", "#parley").put("jid", " ")));
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> DeclineInvitation.fromJson(new JsonObject().put("jid", "ivy")));
    fails(FailureCode.TEXT_TOO_LONG, "A reason may have at most 500 characters.",
        () -> InviteToRoom.fromJson(new JsonObject().put("room", "#parley").put("jid", "ivy").put("reason", "r".repeat(501))));
  }

  @Test
  void setBookmarkRoundTripsAndHidesThePassword() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"alice\",\"name\":\"Lobby\",\"autojoin\":true,"
        + "\"password\":\"secret\"}", SetBookmark::fromJson, SetBookmark::toJson);
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"alice\",\"autojoin\":true}",
        SetBookmark::fromJson, SetBookmark::toJson);
    SetBookmark bare = SetBookmark.fromJson(new JsonObject("{\"room\":\"r@c.example.org\",\"password\":null}"));
    assertNull(bare.nick());
    assertFalse(bare.autojoin(), "absent autojoin: false");
    assertNull(bare.password());
    assertEquals(NodeCommand.SET_BOOKMARK, bare.type());
    String shown = new SetBookmark("r@c.example.org", "alice", null, true, "sesame").toString();
    assertFalse(shown.contains("sesame"), shown);
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> SetBookmark.fromJson(new JsonObject().put("nick", "alice")));
    fails(FailureCode.INVALID_FIELD, "The nickname must not be empty.",
        () -> SetBookmark.fromJson(new JsonObject().put("room", "r@c.example.org").put("nick", "")));
    fails(FailureCode.INVALID_FIELD, "A bookmark's name may have at most 200 characters.",
        () -> SetBookmark.fromJson(new JsonObject().put("room", "r@c.example.org").put("name", "n".repeat(201))));
    fails(FailureCode.INVALID_FIELD, "The field 'autojoin' is missing or invalid.",
        () -> SetBookmark.fromJson(new JsonObject().put("room", "r@c.example.org").put("autojoin", "yes")));
  }

  @Test
  void roomArchiveQueryRoundTripsAndRefuses() {
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"before\":\"r-9\",\"max\":5}",
        RoomArchiveQuery::fromJson, RoomArchiveQuery::toJson);
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"max\":50}", RoomArchiveQuery::fromJson, RoomArchiveQuery::toJson);
    RoomArchiveQuery newest = RoomArchiveQuery.fromJson(new JsonObject("{\"room\":\"r@c.example.org\",\"before\":null}"));
    assertNull(newest.before());
    assertEquals(RoomArchiveQuery.DEFAULT_PAGE, newest.pageSize());
    assertEquals(200, RoomArchiveQuery.fromJson(new JsonObject().put("room", "r").put("max", 100_000)).pageSize());
    assertEquals(1, RoomArchiveQuery.fromJson(new JsonObject().put("room", "r").put("max", -3)).pageSize());
    assertEquals(NodeCommand.ROOM_ARCHIVE_QUERY, newest.type());
    fails(FailureCode.INVALID_JID, NO_ROOM, () -> RoomArchiveQuery.fromJson(new JsonObject().put("max", 5)));
    fails(FailureCode.INVALID_FIELD, "The field 'before' must be a stanza id of 1 to 200 characters.",
        () -> RoomArchiveQuery.fromJson(new JsonObject().put("room", "r").put("before", "")));
    fails(FailureCode.INVALID_FIELD, "The field 'max' is missing or invalid.",
        () -> RoomArchiveQuery.fromJson(new JsonObject().put("room", "r").put("max", 2.5)));
  }
}
