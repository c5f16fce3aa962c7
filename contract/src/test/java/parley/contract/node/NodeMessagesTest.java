package parley.contract.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.ParleyException;

/**
 * The typed bodies read the JSON the nodes and the session sent before they existed (fixtures as
 * docs/bus-contract.md and the nodes write them) and write it back byte for byte, so that an older
 * node works with a newer session and the other way round during a rolling upgrade.
 */
class NodeMessagesTest {

  private static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }

  @Test
  void messageReceivedRoundTrips() {
    // XMPP live, with every id; OSCAR and IRC (no ids); an archived message the account sent.
    roundTrips("{\"from\":\"bob@example.org\",\"text\":\"hi\",\"ts\":1764060000000,\"markerId\":\"a1b2c3\","
        + "\"remoteId\":\"b-1\",\"stanzaId\":\"1f3c\",\"archiveId\":\"1f3c\"}", MessageReceived::fromJson, MessageReceived::toJson);
    roundTrips("{\"from\":\"bob\",\"text\":\"hi\",\"ts\":1764060000000}", MessageReceived::fromJson, MessageReceived::toJson);
    roundTrips("{\"from\":\"bob@example.org\",\"text\":\"\",\"ts\":1764060000000,\"stanzaId\":\"s1\",\"archiveId\":\"s1\","
        + "\"direction\":\"out\"}", MessageReceived::fromJson, MessageReceived::toJson);
    roundTrips("{\"from\":\"#parley\",\"text\":\"<bob> hi\"}", MessageReceived::fromJson, MessageReceived::toJson);
    assertEquals(NodeEvent.MESSAGE_RECEIVED, new MessageReceived("bob", "hi", 1L).type());
  }

  @Test
  void messageReceivedReadsAsTheSessionAlwaysDid() {
    // The XMPP node puts absent ids as null; an id too long to keep is left out, the message kept.
    MessageReceived m = MessageReceived.fromJson(new JsonObject("{\"from\":\"bob@example.org\",\"text\":\"hi\","
        + "\"ts\":5,\"markerId\":null,\"remoteId\":\"" + "r".repeat(257) + "\",\"stanzaId\":\"" + "s".repeat(201)
        + "\",\"direction\":\"in\"}"));
    assertEquals(new MessageReceived("bob@example.org", "hi", 5L), m);
    assertEquals("{\"from\":\"bob@example.org\",\"text\":\"hi\",\"ts\":5}", m.toJson().encode());
    assertTrue(MessageReceived.fromJson(new JsonObject().put("from", "b").put("text", "x").put("direction", "out")).outgoing());
    assertFalse(MessageReceived.fromJson(new JsonObject().put("from", "b").put("text", "x")).outgoing());
  }

  @Test
  void messageReceivedRefusesBadInputInWords() {
    fails(FailureCode.INVALID_FIELD, "The field 'from' is missing or invalid.",
        () -> MessageReceived.fromJson(new JsonObject().put("text", "hi")));
    fails(FailureCode.INVALID_FIELD, "The field 'text' is missing or invalid.",
        () -> MessageReceived.fromJson(new JsonObject().put("from", "bob").put("text", 5)));
    fails(FailureCode.INVALID_FIELD, "The field 'ts' is missing or invalid.",
        () -> MessageReceived.fromJson(new JsonObject().put("from", "bob").put("text", "hi").put("ts", "yesterday")));
    fails(FailureCode.INVALID_FIELD, "The field 'direction' is missing or invalid.",
        () -> MessageReceived.fromJson(new JsonObject().put("from", "bob").put("text", "hi").put("direction", "sideways")));
    fails(FailureCode.INVALID_FIELD, "The field 'stanzaId' is missing or invalid.",
        () -> MessageReceived.fromJson(new JsonObject().put("from", "bob").put("text", "hi").put("stanzaId", 7)));
  }

  @Test
  void sendMessageRoundTrips() {
    roundTrips("{\"to\":\"bob@example.org\",\"text\":\"hi\",\"messageId\":\"42\"}", SendMessage::fromJson, SendMessage::toJson);
    roundTrips("{\"to\":\"bob\",\"text\":\"hi\"}", SendMessage::fromJson, SendMessage::toJson);
    assertEquals(NodeCommand.SEND_MESSAGE, new SendMessage("bob", "hi", null).type());
  }

  @Test
  void sendMessageRefusesBadInputInWords() {
    fails(FailureCode.INVALID_JID, "The field 'to' must name whom the message is for.",
        () -> SendMessage.fromJson(new JsonObject().put("text", "hi")));
    fails(FailureCode.INVALID_FIELD, "The field 'text' is missing or invalid.",
        () -> SendMessage.fromJson(new JsonObject().put("to", "bob").put("text", " ")));
    fails(FailureCode.TEXT_TOO_LONG, FailureCode.TEXT_TOO_LONG.defaultText(),
        () -> SendMessage.fromJson(new JsonObject().put("to", "bob").put("text", "x".repeat(10_001))));
    fails(FailureCode.INVALID_FIELD, "The field 'messageId' is missing or invalid.",
        () -> SendMessage.fromJson(new JsonObject().put("to", "bob").put("text", "hi").put("messageId", 42)));
  }

  @Test
  void presenceRoundTrips() {
    roundTrips("{\"jid\":\"bob@example.org\",\"available\":true,\"show\":\"away\",\"status\":\"lunch\"}",
        ContactPresence::fromJson, ContactPresence::toJson);
    roundTrips("{\"jid\":\"bob\",\"available\":false,\"show\":\"offline\",\"status\":\"\"}",
        ContactPresence::fromJson, ContactPresence::toJson);
    assertEquals(ContactPresence.offline("bob"), ContactPresence.fromJson(new JsonObject().put("jid", "bob")));
    assertEquals(new ContactPresence("bob", true, "available", ""),
        ContactPresence.fromJson(new JsonObject().put("jid", "bob").put("available", true)));
    fails(FailureCode.INVALID_FIELD, "The field 'jid' is missing or invalid.",
        () -> ContactPresence.fromJson(new JsonObject().put("available", true)));
    fails(FailureCode.INVALID_FIELD, "The field 'available' is missing or invalid.",
        () -> ContactPresence.fromJson(new JsonObject().put("jid", "bob").put("available", "yes")));
  }

  @Test
  void rosterRoundTrips() {
    roundTrips("{\"contacts\":[{\"jid\":\"bob@example.org\",\"name\":\"Bob\",\"groups\":[\"Friends\"],\"subscription\":\"both\"},"
        + "{\"jid\":\"carol@example.org\",\"groups\":[],\"subscription\":\"none\"}]}", Roster::fromJson, Roster::toJson);
    roundTrips("{\"contacts\":[]}", Roster::fromJson, Roster::toJson);
    assertEquals(new Roster(List.of(new Contact("bob", null, List.of(), "none"))),
        Roster.fromJson(new JsonObject("{\"contacts\":[{\"jid\":\"bob\",\"name\":null}]}")));
    fails(FailureCode.INVALID_FIELD, "The field 'jid' is missing or invalid.",
        () -> Roster.fromJson(new JsonObject("{\"contacts\":[{\"name\":\"Bob\"}]}")));
    fails(FailureCode.INVALID_FIELD, "The field 'groups' is missing or invalid.",
        () -> Roster.fromJson(new JsonObject("{\"contacts\":[{\"jid\":\"bob\",\"groups\":[1]}]}")));
  }

  @Test
  void connectionStateRoundTrips() {
    roundTrips("{\"state\":\"connected\",\"features\":[\"archive\",\"carbons\",\"blocking\",\"rooms\"]}",
        ConnectionStateChanged::fromJson, ConnectionStateChanged::toJson);
    roundTrips("{\"state\":\"failed\",\"error\":{\"code\":\"IM_AUTH_FAILED\",\"text\":\"Wrong password.\"}}",
        ConnectionStateChanged::fromJson, ConnectionStateChanged::toJson);
    roundTrips("{\"state\":\"connecting\"}", ConnectionStateChanged::fromJson, ConnectionStateChanged::toJson);
    // A code this contract does not know (a newer node's) still passes through.
    assertEquals("SOMETHING_NEW", ConnectionStateChanged.fromJson(new JsonObject(
        "{\"state\":\"failed\",\"error\":{\"code\":\"SOMETHING_NEW\",\"text\":\"…\"}}")).error().code());
    assertNull(ConnectionStateChanged.fromJson(new JsonObject().put("state", "connected")).features());
    fails(FailureCode.INVALID_FIELD, "The field 'state' is missing or invalid.",
        () -> ConnectionStateChanged.fromJson(new JsonObject().put("state", "sleeping")));
    fails(FailureCode.INVALID_FIELD, "The field 'error' is missing or invalid.",
        () -> ConnectionStateChanged.fromJson(new JsonObject().put("state", "failed").put("error", "bad")));
    assertEquals("{\"code\":\"IM_KICKED\",\"text\":\"" + FailureCode.IM_KICKED.defaultText() + "\"}",
        Failure.of(FailureCode.IM_KICKED, null).toJson().encode());
  }

  @Test
  void contactUpdatedAndRemovedRoundTrip() {
    roundTrips("{\"contact\":{\"jid\":\"bob@example.org\",\"name\":\"Bob\",\"groups\":[\"Friends\"],\"subscription\":\"to\"}}",
        ContactUpdated::fromJson, ContactUpdated::toJson);
    roundTrips("{\"contact\":{\"jid\":\"amy@example.org\",\"groups\":[],\"subscription\":\"none\"}}",
        ContactUpdated::fromJson, ContactUpdated::toJson);
    roundTrips("{\"jid\":\"bob@example.org\"}", ContactRemoved::fromJson, ContactRemoved::toJson);
    assertEquals(NodeEvent.CONTACT_UPDATED, new ContactUpdated(new Contact("bob", null, List.of(), "to")).type());
    assertEquals(NodeEvent.CONTACT_REMOVED, new ContactRemoved("bob").type());
    fails(FailureCode.INVALID_FIELD, "The field 'contact' is missing or invalid.",
        () -> ContactUpdated.fromJson(new JsonObject().put("contact", "bob")));
    fails(FailureCode.INVALID_FIELD, "The field 'jid' is missing or invalid.",
        () -> ContactUpdated.fromJson(new JsonObject("{\"contact\":{\"name\":\"Bob\"}}")));
    fails(FailureCode.INVALID_FIELD, "The field 'jid' is missing or invalid.",
        () -> ContactRemoved.fromJson(new JsonObject().put("jid", 5)));
  }

  @Test
  void typingAndSubscriptionRequestRoundTrip() {
    roundTrips("{\"from\":\"bob@example.org\",\"state\":\"composing\"}", Typing::fromJson, Typing::toJson);
    roundTrips("{\"from\":\"bob\",\"state\":\"active\"}", Typing::fromJson, Typing::toJson);
    roundTrips("{\"from\":\"bob@example.org\"}", SubscriptionRequest::fromJson, SubscriptionRequest::toJson);
    assertEquals(NodeEvent.TYPING, new Typing("bob", "paused").type());
    assertEquals(NodeEvent.SUBSCRIPTION_REQUEST, new SubscriptionRequest("bob").type());
    fails(FailureCode.INVALID_FIELD, "The field 'state' is missing or invalid.",
        () -> Typing.fromJson(new JsonObject().put("from", "bob").put("state", "dancing")));
    fails(FailureCode.INVALID_FIELD, "The field 'from' is missing or invalid.",
        () -> Typing.fromJson(new JsonObject().put("state", "composing")));
    fails(FailureCode.INVALID_FIELD, "The field 'from' is missing or invalid.",
        () -> SubscriptionRequest.fromJson(new JsonObject().put("from", "")));
  }

  @Test
  void messageFailedRoundTrips() {
    roundTrips("{\"messageId\":\"42\",\"to\":\"bob@example.org\",\"error\":{\"code\":\"IM_ERROR\","
        + "\"text\":\"bob@example.org does not exist.\"}}", MessageFailed::fromJson, MessageFailed::toJson);
    assertEquals("{\"messageId\":\"7\",\"to\":\"#parley\",\"error\":" + FailureCode.IM_ERROR.toJson("No such channel.").encode()
        + "}", MessageFailed.of("7", "#parley", FailureCode.IM_ERROR, "No such channel.").toJson().encode());
    assertEquals(NodeEvent.MESSAGE_FAILED, MessageFailed.fromJson(new JsonObject().put("messageId", "7")).type());
    fails(FailureCode.INVALID_FIELD, "The field 'messageId' is missing or invalid.",
        () -> MessageFailed.fromJson(new JsonObject().put("messageId", 42)));
    fails(FailureCode.INVALID_FIELD, "The field 'error' is missing or invalid.",
        () -> MessageFailed.fromJson(new JsonObject().put("messageId", "42").put("error", new JsonObject().put("text", "x"))));
  }

  @Test
  void messageStatusRoundTrips() {
    roundTrips("{\"messageId\":\"42\",\"from\":\"bob@example.org\",\"status\":\"delivered\"}",
        MessageStatusChanged::fromJson, MessageStatusChanged::toJson);
    roundTrips("{\"messageId\":\"42\",\"from\":\"bob@example.org\",\"status\":\"read\"}",
        MessageStatusChanged::fromJson, MessageStatusChanged::toJson);
    assertEquals(NodeEvent.MESSAGE_STATUS, new MessageStatusChanged("1", "bob", "read").type());
    fails(FailureCode.INVALID_FIELD, "The field 'status' is missing or invalid.",
        () -> MessageStatusChanged.fromJson(new JsonObject().put("messageId", "42").put("from", "bob").put("status", "sent")));
    fails(FailureCode.INVALID_FIELD, "The field 'from' is missing or invalid.",
        () -> MessageStatusChanged.fromJson(new JsonObject().put("messageId", "42").put("status", "read")));
  }

  @Test
  void blocklistRoundTrips() {
    roundTrips("{\"jids\":[\"spam@example.org\",\"example.net\"]}", BlocklistChanged::fromJson, BlocklistChanged::toJson);
    roundTrips("{\"jids\":[]}", BlocklistChanged::fromJson, BlocklistChanged::toJson);
    assertEquals(new BlocklistChanged(List.of()), BlocklistChanged.fromJson(new JsonObject()));
    assertEquals(NodeEvent.BLOCKLIST, new BlocklistChanged(List.of()).type());
    fails(FailureCode.INVALID_FIELD, "The field 'jids' is missing or invalid.",
        () -> BlocklistChanged.fromJson(new JsonObject("{\"jids\":[\"a@b\",3]}")));
    fails(FailureCode.INVALID_FIELD, "The field 'jids' is missing or invalid.",
        () -> BlocklistChanged.fromJson(new JsonObject().put("jids", "a@b")));
  }

  @Test
  void archiveSyncedRoundTrips() {
    // XMPP after a catch-up; a server without an archive; IRC without a position yet.
    roundTrips("{\"available\":true,\"lastId\":\"1f3c\",\"complete\":true,\"fetched\":12}",
        ArchiveSynced::fromJson, ArchiveSynced::toJson);
    roundTrips("{\"available\":false}", ArchiveSynced::fromJson, ArchiveSynced::toJson);
    roundTrips("{\"available\":true,\"complete\":true,\"fetched\":0}", ArchiveSynced::fromJson, ArchiveSynced::toJson);
    // IRC put lastId last; the same body.
    assertEquals(ArchiveSynced.synced("2026-12-06T01:00:00Z", false, 0), ArchiveSynced.fromJson(new JsonObject(
        "{\"available\":true,\"complete\":false,\"fetched\":0,\"lastId\":\"2026-12-06T01:00:00Z\"}")));
    assertEquals(ArchiveSynced.noArchive(), ArchiveSynced.fromJson(new JsonObject()));
    assertTrue(ArchiveSynced.fromJson(new JsonObject().put("available", true)).completed());
    assertFalse(ArchiveSynced.synced(null, false, 3).completed());
    assertEquals(NodeEvent.ARCHIVE_SYNCED, ArchiveSynced.noArchive().type());
    fails(FailureCode.INVALID_FIELD, "The field 'complete' is missing or invalid.",
        () -> ArchiveSynced.fromJson(new JsonObject().put("available", true).put("complete", "yes")));
    fails(FailureCode.INVALID_FIELD, "The field 'fetched' is missing or invalid.",
        () -> ArchiveSynced.fromJson(new JsonObject().put("available", true).put("fetched", 1.5)));
    fails(FailureCode.INVALID_FIELD, "The field 'lastId' is missing or invalid.",
        () -> ArchiveSynced.fromJson(new JsonObject().put("available", true).put("lastId", 7)));
  }

  @Test
  void sendTypingRoundTrips() {
    roundTrips("{\"to\":\"bob@example.org\",\"state\":\"composing\"}", SendTyping::fromJson, SendTyping::toJson);
    roundTrips("{\"to\":\"#parley\",\"state\":\"paused\"}", SendTyping::fromJson, SendTyping::toJson);
    assertEquals(NodeCommand.SEND_TYPING, new SendTyping("bob", "active").type());
    fails(FailureCode.INVALID_JID, "The field 'to' must name whom the typing notice is for.",
        () -> SendTyping.fromJson(new JsonObject().put("state", "composing")));
    fails(FailureCode.INVALID_FIELD, "The field 'state' is missing or invalid.",
        () -> SendTyping.fromJson(new JsonObject().put("to", "bob").put("state", "dancing")));
    fails(FailureCode.INVALID_FIELD, "The field 'state' is missing or invalid.",
        () -> SendTyping.fromJson(new JsonObject().put("to", "bob")));
  }
}
