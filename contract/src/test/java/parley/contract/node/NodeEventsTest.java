package parley.contract.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.NodeEvent;
import parley.contract.ParleyException;

/**
 * The node events typed after the first ones read the JSON the nodes sent before (fixtures as
 * docs/bus-contract.md and the nodes write them) and write it back byte for byte, so that an older
 * node works with a newer session and the other way round during a rolling upgrade.
 */
class NodeEventsTest {

  private static <T> void roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    assertEquals(fixture, toJson.apply(fromJson.apply(new JsonObject(fixture))).encode());
  }

  private static void fails(String field, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(FailureCode.INVALID_FIELD, e.code());
    assertEquals("The field '" + field + "' is missing or invalid.", e.getMessage());
  }

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
    fails("to", () -> OwnMessage.fromJson(new JsonObject().put("text", "hi")));
    fails("text", () -> OwnMessage.fromJson(new JsonObject().put("to", "bob")));
    fails("ts", () -> OwnMessage.fromJson(new JsonObject().put("to", "bob").put("text", "hi").put("ts", "now")));
    fails("stanzaId", () -> OwnMessage.fromJson(new JsonObject().put("to", "bob").put("text", "hi").put("stanzaId", 3)));
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
    fails("from", () -> MessageRetracted.fromJson(new JsonObject().put("id", "m")));
    fails("to", () -> MessageRetracted.fromJson(new JsonObject().put("to", 5).put("id", "m")));
    fails("id", () -> MessageRetracted.fromJson(new JsonObject().put("from", "bob")));
    fails("id", () -> MessageRetracted.fromJson(new JsonObject().put("from", "bob").put("id", "i".repeat(257))));
    fails("text", () -> MessageCorrected.fromJson(new JsonObject().put("from", "bob").put("id", "m")));
    fails("id", () -> MessageCorrected.fromJson(new JsonObject().put("from", "bob").put("id", "").put("text", "x")));
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
    fails("jid", () -> AvatarChanged.fromJson(good.copy().put("jid", "")));
    fails("hash", () -> AvatarChanged.fromJson(good.copy().put("hash", "ABC")));
    fails("hash", () -> AvatarChanged.fromJson(good.copy().putNull("hash")));
    fails("mediaType", () -> AvatarChanged.fromJson(good.copy().put("mediaType", "image/svg+xml")));
    fails("data", () -> AvatarChanged.fromJson(good.copy().put("data", "not base64!")));
    fails("data", () -> AvatarChanged.fromJson(good.copy().put("data", "A".repeat(AvatarChanged.MAX_DATA_CHARS + 4))));
  }

  @Test
  void moveAskedIsEmpty() {
    roundTrips("{}", MoveAsked::fromJson, MoveAsked::toJson);
    assertEquals(NodeEvent.MOVE_ASKED, new MoveAsked().type());
  }
}
