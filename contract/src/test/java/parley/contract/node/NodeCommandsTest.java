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
 * The typed node commands of accounts and 1:1 chats read the JSON the session sent before they
 * existed (fixtures as docs/bus-contract.md shows them, without the envelope) and write it back byte
 * for byte, so that an older node works with a newer session and the other way round in a rolling upgrade.
 */
class NodeCommandsTest {

  private static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }

  private static JsonObject json(String text) {
    return new JsonObject(text);
  }

  @Test
  void connectRoundTripsAndHidesThePassword() {
    roundTrips("{\"login\":\"alice@example.org\",\"password\":\"s3cret\",\"tls\":\"required\","
        + "\"presence\":{\"show\":\"available\",\"status\":\"\"},\"archiveAfter\":\"1f3c\"}", Connect::fromJson, Connect::toJson);
    roundTrips("{\"login\":\"alice\",\"host\":\"irc.example.org\",\"port\":6667,\"tls\":\"if-offered\","
        + "\"presence\":{\"show\":\"away\",\"status\":\"back soon\"}}", Connect::fromJson, Connect::toJson);
    // Today's session writes absent values as null and the envelope alongside: read as absent.
    Connect c = Connect.fromJson(json("{\"type\":\"connect\",\"accountId\":\"a1\",\"userId\":\"u1\",\"login\":\"bob\","
        + "\"password\":\"hunter2\",\"host\":null,\"port\":null,\"tls\":\"required\","
        + "\"presence\":{\"show\":\"dnd\",\"status\":\"busy\"},\"archiveAfter\":null}"));
    assertEquals(new Connect("bob", "hunter2", null, null, "required", new SetPresence("dnd", "busy"), null), c);
    assertTrue(c.tlsRequired());
    assertEquals(NodeCommand.CONNECT, c.type());
    assertFalse(c.toString().contains("hunter2"), c.toString());
    assertTrue(c.toString().contains("bob"), c.toString());
    // Absent tls is required and absent presence available, as the nodes always read them.
    Connect bare = Connect.fromJson(json("{\"login\":\"bob\"}"));
    assertEquals("required", bare.tls());
    assertEquals(SetPresence.AVAILABLE, bare.presence());
    assertNull(bare.password());
  }

  @Test
  void connectRefusesBadInputInWords() {
    fails(FailureCode.INVALID_FIELD, "The field 'login' is missing or invalid.", () -> Connect.fromJson(json("{\"password\":\"x\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'password' is missing or invalid.",
        () -> Connect.fromJson(new JsonObject().put("login", "bob").put("password", "p".repeat(1025))));
    fails(FailureCode.INVALID_FIELD, "The field 'port' is missing or invalid.",
        () -> Connect.fromJson(json("{\"login\":\"bob\",\"port\":70000}")));
    fails(FailureCode.INVALID_FIELD, "The field 'port' is missing or invalid.",
        () -> Connect.fromJson(json("{\"login\":\"bob\",\"port\":\"5222\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'tls' must be 'required' or 'if-offered'.",
        () -> Connect.fromJson(json("{\"login\":\"bob\",\"tls\":\"never\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'presence' is missing or invalid.",
        () -> Connect.fromJson(json("{\"login\":\"bob\",\"presence\":\"away\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'show' is missing or invalid.",
        () -> Connect.fromJson(json("{\"login\":\"bob\",\"presence\":{\"show\":\"unavailable\"}}")));
  }

  @Test
  void setPresenceRoundTripsAndRefusesInWords() {
    roundTrips("{\"show\":\"away\",\"status\":\"back soon\"}", SetPresence::fromJson, SetPresence::toJson);
    assertEquals(SetPresence.AVAILABLE, SetPresence.fromJson(new JsonObject()));
    assertEquals(NodeCommand.SET_PRESENCE, SetPresence.AVAILABLE.type());
    fails(FailureCode.INVALID_FIELD, "The field 'show' is missing or invalid.",
        () -> SetPresence.fromJson(json("{\"show\":\"invisible\"}")));
    fails(FailureCode.TEXT_TOO_LONG, "The status is longer than 500 characters.",
        () -> SetPresence.fromJson(new JsonObject().put("status", "s".repeat(501))));
  }

  @Test
  void contactCommandsRoundTripAndRefuseInWords() {
    roundTrips("{\"jid\":\"bob@example.org\",\"name\":\"Bob\",\"group\":\"Friends\"}", AddContact::fromJson, AddContact::toJson);
    roundTrips("{\"jid\":\"bob@example.org\"}", AddContact::fromJson, AddContact::toJson);
    // Today's session writes an absent name or group as null.
    assertEquals(new AddContact("bob", null, null), AddContact.fromJson(json("{\"jid\":\"bob\",\"name\":null,\"group\":null}")));
    roundTrips("{\"jid\":\"bob@example.org\"}", RemoveContact::fromJson, RemoveContact::toJson);
    roundTrips("{\"jid\":\"mallory@example.org\"}", Block::fromJson, Block::toJson);
    roundTrips("{\"jid\":\"mallory@example.org\"}", Unblock::fromJson, Unblock::toJson);
    roundTrips("{\"jid\":\"carol@example.org\",\"approve\":true}", AnswerSubscription::fromJson, AnswerSubscription::toJson);
    roundTrips("{\"jid\":\"carol@example.org\",\"approve\":false}", AnswerSubscription::fromJson, AnswerSubscription::toJson);
    assertEquals(NodeCommand.ADD_CONTACT, new AddContact("b", null, null).type());
    assertEquals(NodeCommand.REMOVE_CONTACT, new RemoveContact("b").type());
    assertEquals(NodeCommand.BLOCK, new Block("b").type());
    assertEquals(NodeCommand.UNBLOCK, new Unblock("b").type());
    assertEquals(NodeCommand.ANSWER_SUBSCRIPTION, new AnswerSubscription("b", true).type());

    fails(FailureCode.INVALID_JID, "The field 'jid' must name the contact to add.", () -> AddContact.fromJson(json("{\"name\":\"Bob\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'group' is missing or invalid.",
        () -> AddContact.fromJson(json("{\"jid\":\"bob\",\"group\":[\"a\"]}")));
    fails(FailureCode.INVALID_JID, "The field 'jid' must name the contact to remove.", () -> RemoveContact.fromJson(json("{\"jid\":\" \"}")));
    fails(FailureCode.INVALID_JID, "The field 'jid' must name whom to block.", () -> Block.fromJson(json("{\"jid\":7}")));
    fails(FailureCode.INVALID_JID, "The field 'jid' must name whom to unblock.", () -> Unblock.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_JID, "The field 'jid' must name whose request is answered.",
        () -> AnswerSubscription.fromJson(json("{\"approve\":true}")));
    fails(FailureCode.INVALID_FIELD, "The field 'approve' is missing or invalid.",
        () -> AnswerSubscription.fromJson(json("{\"jid\":\"carol\",\"approve\":\"yes\"}")));
  }

  @Test
  void chatCommandsRoundTripAndRefuseInWords() {
    roundTrips("{\"to\":\"bob@example.org\",\"id\":\"a1b2c3\"}", SendDisplayed::fromJson, SendDisplayed::toJson);
    roundTrips("{\"to\":\"bob@example.org\",\"messageId\":\"42\",\"text\":\"hello\"}", SendCorrection::fromJson, SendCorrection::toJson);
    roundTrips("{\"to\":\"bob@example.org\",\"messageId\":\"42\"}", SendRetraction::fromJson, SendRetraction::toJson);
    assertEquals(NodeCommand.SEND_DISPLAYED, new SendDisplayed("b", "1").type());
    assertEquals(NodeCommand.SEND_CORRECTION, new SendCorrection("b", "1", "x").type());
    assertEquals(NodeCommand.SEND_RETRACTION, new SendRetraction("b", "1").type());

    fails(FailureCode.INVALID_JID, "The field 'to' must name whom the marker is for.", () -> SendDisplayed.fromJson(json("{\"id\":\"1\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'id' is missing or invalid.", () -> SendDisplayed.fromJson(json("{\"to\":\"bob\"}")));
    fails(FailureCode.INVALID_JID, "The field 'to' must name whom the correction is for.",
        () -> SendCorrection.fromJson(json("{\"messageId\":\"42\",\"text\":\"x\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'messageId' is missing or invalid.",
        () -> SendCorrection.fromJson(json("{\"to\":\"bob\",\"messageId\":\"parley-42\",\"text\":\"x\"}")));
    fails(FailureCode.TEXT_TOO_LONG, FailureCode.TEXT_TOO_LONG.exception(null).getMessage(),
        () -> SendCorrection.fromJson(new JsonObject().put("to", "bob").put("messageId", "42").put("text", "x".repeat(10_001))));
    fails(FailureCode.INVALID_FIELD, "The field 'text' is missing or invalid.",
        () -> SendCorrection.fromJson(json("{\"to\":\"bob\",\"messageId\":\"42\"}")));
    fails(FailureCode.INVALID_JID, "The field 'to' must name whom the retraction is for.",
        () -> SendRetraction.fromJson(json("{\"messageId\":\"42\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'messageId' is missing or invalid.",
        () -> SendRetraction.fromJson(json("{\"to\":\"bob\",\"messageId\":\"1234567890123456789\"}")));
  }

  @Test
  void archiveQueryRoundTripsAndReadsAsTheNodeAlwaysDid() {
    roundTrips("{\"with\":\"bob@example.org\",\"max\":50,\"before\":\"1f3c\"}", ArchiveQuery::fromJson, ArchiveQuery::toJson);
    roundTrips("{\"with\":\"bob@example.org\",\"max\":20,\"end\":1764060000000}", ArchiveQuery::fromJson, ArchiveQuery::toJson);
    // Today's session writes the one it does not use as null; a max out of range is the nearest bound.
    assertEquals(new ArchiveQuery("bob", 200, null, 1764060000000L),
        ArchiveQuery.fromJson(json("{\"with\":\"bob\",\"max\":5000,\"before\":null,\"end\":1764060000000}")));
    assertEquals(new ArchiveQuery("bob", 1, null, null), ArchiveQuery.fromJson(json("{\"with\":\"bob\",\"max\":0,\"end\":-1}")));
    assertEquals(new ArchiveQuery("bob", ArchiveQuery.DEFAULT_MAX, null, null), ArchiveQuery.fromJson(json("{\"with\":\"bob\"}")));
    assertEquals(NodeCommand.ARCHIVE_QUERY, new ArchiveQuery("b", 1, null, null).type());

    fails(FailureCode.INVALID_JID, "The field 'with' must name whose chat to page through.", () -> ArchiveQuery.fromJson(json("{\"max\":5}")));
    fails(FailureCode.INVALID_FIELD, "The field 'before' is missing or invalid.",
        () -> ArchiveQuery.fromJson(json("{\"with\":\"bob\",\"before\":\"\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'end' is missing or invalid.",
        () -> ArchiveQuery.fromJson(json("{\"with\":\"bob\",\"end\":\"yesterday\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'max' is missing or invalid.",
        () -> ArchiveQuery.fromJson(json("{\"with\":\"bob\",\"max\":2.5}")));
  }

  @Test
  void uploadSlotAndAvatarRoundTripAndRefuseInWords() {
    roundTrips("{\"filename\":\"cat.png\",\"size\":123456,\"contentType\":\"image/png\"}", UploadSlot::fromJson, UploadSlot::toJson);
    roundTrips("{\"filename\":\"notes\",\"size\":1}", UploadSlot::fromJson, UploadSlot::toJson);
    assertEquals(new UploadSlot("a", 5, null), UploadSlot.fromJson(json("{\"filename\":\"a\",\"size\":5,\"contentType\":null}")));
    assertEquals(NodeCommand.UPLOAD_SLOT, new UploadSlot("a", 1, null).type());
    fails(FailureCode.INVALID_FIELD, "The field 'filename' is missing or invalid.", () -> UploadSlot.fromJson(json("{\"size\":5}")));
    fails(FailureCode.INVALID_FIELD, "The field 'size' is missing or invalid.",
        () -> UploadSlot.fromJson(json("{\"filename\":\"a\",\"size\":0}")));
    fails(FailureCode.INVALID_FIELD, "The field 'size' is missing or invalid.", () -> UploadSlot.fromJson(json("{\"filename\":\"a\"}")));
    fails(FailureCode.INVALID_FIELD, "The field 'contentType' is missing or invalid.",
        () -> UploadSlot.fromJson(json("{\"filename\":\"a\",\"size\":5,\"contentType\":3}")));

    roundTrips("{\"data\":\"iVBORw0KGgo=\"}", SetAvatar::fromJson, SetAvatar::toJson);
    assertEquals(NodeCommand.SET_AVATAR, new SetAvatar("x").type());
    assertFalse(new SetAvatar("iVBORw0KGgo=").toString().contains("iVBOR"));
    fails(FailureCode.INVALID_FIELD, "The field 'data' is missing or invalid.", () -> SetAvatar.fromJson(new JsonObject()));
  }

  @Test
  void commandsWithoutFieldsAreEmptyObjects() {
    // The envelope (type, accountId) is the sender's; these bodies add nothing and ignore the rest.
    roundTrips("{}", Disconnect::fromJson, Disconnect::toJson);
    roundTrips("{}", Resync::fromJson, Resync::toJson);
    roundTrips("{}", Drain::fromJson, Drain::toJson);
    roundTrips("{}", Ping::fromJson, Ping::toJson);
    assertEquals(new Disconnect(), Disconnect.fromJson(json("{\"type\":\"disconnect\",\"accountId\":\"a1\"}")));
    assertEquals(NodeCommand.DISCONNECT, new Disconnect().type());
    assertEquals(NodeCommand.RESYNC, new Resync().type());
    assertEquals(NodeCommand.DRAIN, new Drain().type());
    assertEquals(NodeCommand.PING, new Ping().type());
  }
}
