package parley.contract.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.refuses;
import static parley.contract.testing.Fixtures.refusesField;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeEvent;

/**
 * The nodes' replies to commands and the envelope of node events read the JSON the nodes and
 * node-kit wrote before these records (fixtures as they wrote it and docs/bus-contract.md shows it)
 * and write it back byte for byte, so older and newer processes work together in a rolling upgrade.
 */
class NodeRepliesTest {

  @Test
  void connectAndPingRepliesRoundTrip() {
    roundTrips("{\"nodeId\":\"729e1dd9-node\"}", Connected::fromJson, Connected::toJson);
    roundTrips("{\"nodeId\":\"n1\",\"accounts\":[\"a1\",\"a2\"]}", Pong::fromJson, Pong::toJson);
    roundTrips("{\"nodeId\":\"n1\",\"accounts\":[]}", Pong::fromJson, Pong::toJson);
    assertEquals(List.of("a1"), Pong.fromJson(new JsonObject("{\"nodeId\":\"n1\",\"accounts\":[\"a1\"]}")).accounts());
  }

  @Test
  void connectAndPingRepliesRefuseInWords() {
    refuses(FailureCode.INVALID_FIELD, "The field 'nodeId' is missing or invalid.", Connected::fromJson, "{}");
    refuses(FailureCode.INVALID_FIELD, "The field 'nodeId' is missing or invalid.", Connected::fromJson, "{\"nodeId\":7}");
    refuses(FailureCode.INVALID_FIELD, "The field 'nodeId' is missing or invalid.", Pong::fromJson, "{\"accounts\":[]}");
    refuses(FailureCode.INVALID_FIELD, "The field 'accounts' is missing or invalid.", Pong::fromJson, "{\"nodeId\":\"n1\"}");
    refuses(FailureCode.INVALID_FIELD, "The field 'accounts' is missing or invalid.", Pong::fromJson,
        "{\"nodeId\":\"n1\",\"accounts\":[\"a1\",5]}");
  }

  @Test
  void archivePagesRoundTrip() {
    // As the XMPP node wrote them: every field of every message, a stanzaId the server left out as null.
    roundTrips("{\"messages\":[{\"stanzaId\":\"1f3c\",\"direction\":\"in\",\"text\":\"hi\",\"ts\":1764050000000},"
        + "{\"stanzaId\":null,\"direction\":\"out\",\"text\":\"\",\"ts\":1764050001000}],\"complete\":true}",
        ArchivePage::fromJson, ArchivePage::toJson);
    roundTrips("{\"messages\":[],\"complete\":false}", ArchivePage::fromJson, ArchivePage::toJson);
    roundTrips("{\"messages\":[{\"stanzaId\":\"r-9\",\"nick\":\"bob\",\"text\":\"hi all\",\"ts\":1764050000000}],"
        + "\"complete\":false}", RoomArchivePage::fromJson, RoomArchivePage::toJson);
    ArchivePage page = ArchivePage.fromJson(new JsonObject("{\"messages\":[{\"stanzaId\":\"1f3c\",\"direction\":\"out\","
        + "\"text\":\"hi\",\"ts\":5}],\"complete\":false}"));
    assertEquals(new ArchivePage(List.of(new ArchivedMessage("1f3c", true, "hi", 5)), false), page);
  }

  @Test
  void archivePagesReadAsTheSessionAlwaysDid() {
    // Absent messages are none, an absent complete is true.
    assertEquals(new ArchivePage(List.of(), true), ArchivePage.fromJson(new JsonObject()));
    assertEquals(new RoomArchivePage(List.of(), true), RoomArchivePage.fromJson(new JsonObject()));
    // A message without text or a whole time is left out of the page, the others kept; any direction but "out" is in.
    ArchivePage page = ArchivePage.fromJson(new JsonObject("{\"messages\":[{\"direction\":\"in\",\"ts\":1},"
        + "{\"text\":\"x\",\"ts\":\"soon\"},7,{\"direction\":\"sideways\",\"text\":\"kept\",\"ts\":2,\"stanzaId\":\""
        + "s".repeat(201) + "\"}],\"complete\":false}"));
    assertEquals(List.of(new ArchivedMessage(null, false, "kept", 2)), page.messages());
    assertFalse(page.complete());
    // A room's message without a nick, or with one too long to keep, is left out.
    RoomArchivePage room = RoomArchivePage.fromJson(new JsonObject("{\"messages\":[{\"text\":\"x\",\"ts\":1},"
        + "{\"nick\":\"" + "n".repeat(1025) + "\",\"text\":\"x\",\"ts\":1},{\"nick\":\"bob\",\"text\":\"y\",\"ts\":3}]}"));
    assertEquals(List.of(new RoomArchivedMessage(null, "bob", "y", 3)), room.messages());
    assertTrue(room.complete());
  }

  @Test
  void archivePagesRefuseInWords() {
    refusesField("messages", () -> ArchivePage.fromJson(new JsonObject().put("messages", "none")));
    refusesField("complete", () -> RoomArchivePage.fromJson(new JsonObject().put("messages", List.of()).put("complete", "yes")));
    refusesField("text", () -> ArchivedMessage.fromJson(new JsonObject().put("ts", 1)));
    refusesField("ts", () -> ArchivedMessage.fromJson(new JsonObject().put("text", "x").put("ts", 1.5)));
    refusesField("nick", () -> RoomArchivedMessage.fromJson(new JsonObject().put("text", "x").put("ts", 1)));
  }

  @Test
  void uploadSlotAndRoomJoinedRoundTrip() {
    roundTrips("{\"putUrl\":\"https://upload.example.org/put/cat.png\",\"headers\":{\"Authorization\":\"Basic eA==\"},"
        + "\"getUrl\":\"https://upload.example.org/get/cat.png\",\"maxBytes\":4096}",
        UploadSlotGranted::fromJson, UploadSlotGranted::toJson);
    roundTrips("{\"putUrl\":\"https://u/p\",\"headers\":{},\"getUrl\":\"https://u/g\",\"maxBytes\":-1}",
        UploadSlotGranted::fromJson, UploadSlotGranted::toJson);
    roundTrips("{\"room\":\"lobby@conference.example.org\",\"nick\":\"alice\",\"created\":false}",
        RoomJoined::fromJson, RoomJoined::toJson);
    roundTrips("{\"room\":\"#parley\",\"nick\":\"alice_\",\"created\":true}", RoomJoined::fromJson, RoomJoined::toJson);
  }

  @Test
  void uploadSlotAndRoomJoinedRefuseInWords() {
    refuses(FailureCode.INVALID_FIELD, "The field 'putUrl' is missing or invalid.", UploadSlotGranted::fromJson,
        "{\"headers\":{},\"getUrl\":\"https://u/g\",\"maxBytes\":1}");
    refuses(FailureCode.INVALID_FIELD, "The field 'headers' is missing or invalid.", UploadSlotGranted::fromJson,
        "{\"putUrl\":\"https://u/p\",\"headers\":{\"X\":1},\"getUrl\":\"https://u/g\",\"maxBytes\":1}");
    refuses(FailureCode.INVALID_FIELD, "The field 'getUrl' is missing or invalid.", UploadSlotGranted::fromJson,
        "{\"putUrl\":\"https://u/p\",\"headers\":{},\"maxBytes\":1}");
    refuses(FailureCode.INVALID_FIELD, "The field 'maxBytes' is missing or invalid.", UploadSlotGranted::fromJson,
        "{\"putUrl\":\"https://u/p\",\"headers\":{},\"getUrl\":\"https://u/g\"}");
    refuses(FailureCode.INVALID_FIELD, "The field 'room' is missing or invalid.", RoomJoined::fromJson,
        "{\"nick\":\"alice\",\"created\":false}");
    refuses(FailureCode.INVALID_FIELD, "The field 'nick' is missing or invalid.", RoomJoined::fromJson,
        "{\"room\":\"#parley\",\"created\":false}");
    refuses(FailureCode.INVALID_FIELD, "The field 'created' is missing or invalid.", RoomJoined::fromJson,
        "{\"room\":\"#parley\",\"nick\":\"alice\"}");
  }

  @Test
  void eventEnvelopeRoundTrips() {
    // As node-kit writes it: the body's fields, then type, nodeId, userId, accountId, connectionId and (through the router) eventId.
    roundTrips("{\"state\":\"connected\",\"features\":[\"archive\"],\"type\":\"connection-state\",\"nodeId\":\"node-1\","
        + "\"userId\":\"u1\",\"accountId\":\"a1\",\"connectionId\":\"c1\",\"eventId\":\"node-1:7\"}",
        NodeEventEnvelope::fromJson, NodeEventEnvelope::toJson);
    roundTrips("{\"from\":\"bob\",\"text\":\"hi\",\"ts\":5,\"type\":\"message-received\",\"nodeId\":\"node-1\","
        + "\"userId\":\"u1\",\"accountId\":\"a1\"}", NodeEventEnvelope::fromJson, NodeEventEnvelope::toJson);
  }

  @Test
  void eventEnvelopeIsWhatNodeKitPutAroundATypedEvent() {
    ConnectionStateChanged event = new ConnectionStateChanged(ConnectionState.CONNECTED, null, null);
    JsonObject before = event.toJson().put("type", event.type()).put("nodeId", "node-1").put("userId", "u1")
        .put("accountId", "a1").put("connectionId", "c1").put("eventId", "node-1:3");
    assertEquals(before.encode(), NodeEventEnvelope.of(event, "node-1", "u1", "a1", "c1", "node-1:3").toJson().encode());
    NodeEventEnvelope read = NodeEventEnvelope.fromJson(before);
    assertEquals(NodeEvent.CONNECTION_STATE, read.type());
    assertEquals("node-1", read.nodeId());
    assertEquals("c1", read.connectionId());
    assertEquals("node-1:3", read.eventId());
    assertSame(before, read.body());
    assertEquals(event, ConnectionStateChanged.fromJson(read.body()));
  }

  @Test
  void connectedCarriesTheUploadLimitWhenTheServerNamesOne() {
    ConnectionStateChanged event = new ConnectionStateChanged(ConnectionState.CONNECTED, List.of("upload"), null, 4096L);
    assertEquals("{\"state\":\"connected\",\"features\":[\"upload\"],\"uploadMaxBytes\":4096}", event.toJson().encode());
    assertEquals(event, ConnectionStateChanged.fromJson(event.toJson()));
    assertNull(ConnectionStateChanged.fromJson(new JsonObject().put("state", "connected")).uploadMaxBytes());
    refusesField("uploadMaxBytes",
        () -> ConnectionStateChanged.fromJson(new JsonObject().put("state", "connected").put("uploadMaxBytes", 0)));
  }

  @Test
  void eventEnvelopeReadsMissingPartsAsTheSessionDid() {
    NodeEventEnvelope bare = NodeEventEnvelope.fromJson(new JsonObject("{\"userId\":\"u1\",\"accountId\":\"a1\","
        + "\"eventId\":\"" + "e".repeat(201) + "\",\"connectionId\":\"" + "c".repeat(201) + "\"}"));
    assertNull(bare.type());
    assertNull(bare.nodeId());
    assertNull(bare.eventId());
    assertNull(bare.connectionId());
    assertNull(NodeEventEnvelope.fromJson(new JsonObject("{\"userId\":\"u1\",\"accountId\":\"a1\",\"connectionId\":7}"))
        .connectionId());
    assertNull(NodeEventEnvelope.fromJson(new JsonObject("{\"userId\":\"u1\",\"accountId\":\"a1\",\"eventId\":\" \"}")).eventId());
    refuses(FailureCode.INVALID_FIELD, "The field 'userId' is missing or invalid.", NodeEventEnvelope::fromJson,
        "{\"type\":\"roster\",\"accountId\":\"a1\"}");
    refuses(FailureCode.INVALID_FIELD, "The field 'accountId' is missing or invalid.", NodeEventEnvelope::fromJson,
        "{\"type\":\"roster\",\"userId\":\"u1\"}");
    refuses(FailureCode.INVALID_FIELD, "The field 'type' is missing or invalid.", NodeEventEnvelope::fromJson,
        "{\"type\":5,\"userId\":\"u1\",\"accountId\":\"a1\"}");
  }
}
