package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
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

  private static void fails(String field, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(FailureCode.INVALID_FIELD, e.code());
    assertEquals("The field '" + field + "' is missing or invalid.", e.getMessage());
  }

  private static final String MESSAGE = "{\"message\":{\"id\":42,\"accountId\":\"a-1\",\"peer\":\"bob@example.org\","
      + "\"direction\":\"in\",\"text\":\"hi\",\"ts\":1764060000000,\"status\":\"received\",\"error\":null}}";

  @Test
  void messageEventsRoundTrip() {
    roundTrips(BrowserEvent.MESSAGE, MESSAGE, MessageEvent::fromJson);
    roundTrips(BrowserEvent.MESSAGE_STATUS, MESSAGE, MessageStatusEvent::fromJson);
    roundTrips(BrowserEvent.MESSAGE_UPDATED, MESSAGE.replace("\"error\":null", "\"error\":null,\"edited\":true"),
        MessageUpdatedEvent::fromJson);
    assertEquals(42L, MessageEvent.fromJson(new JsonObject(MESSAGE)).message().getLong("id"));
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
        + "\"message\":\"The server refused the password.\"},\"features\":null}", AccountStateEvent::fromJson);
    // Absent reads as null and is written as null, as the session always sent both.
    AccountStateEvent e = AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"state\":\"connecting\"}"));
    assertNull(e.error());
    assertEquals("{\"accountId\":\"a-1\",\"state\":\"connecting\",\"error\":null,\"features\":null}", e.toJson().encode());
    fails("accountId", () -> AccountStateEvent.fromJson(new JsonObject("{\"state\":\"connected\"}")));
    fails("state", () -> AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\"}")));
    fails("error", () -> AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"state\":\"failed\",\"error\":\"x\"}")));
    fails("features", () -> AccountStateEvent.fromJson(new JsonObject("{\"accountId\":\"a-1\",\"state\":\"x\",\"features\":{}}")));
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
}
