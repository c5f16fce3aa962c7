package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.StoredMessage;
import parley.contract.browser.TypingEvent;

class EventStreamTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void replaysExactlyWhatCameAfterSinceInOrder() {
    EventStream stream = new EventStream(vertx.eventBus(), "u1", 10);
    for (int i = 1; i <= 5; i++) {
      stream.publish(new MessageEvent(message(i)));
    }
    List<JsonObject> missed = stream.after(stream.streamId(), 2);
    assertEquals(List.of(3L, 4L, 5L), missed.stream().map(e -> e.getLong("seq")).toList());
    assertEquals(List.of(3L, 4L, 5L), missed.stream().map(e -> MessageEvent.fromJson(e).message().id()).toList());
    assertEquals(List.of(), stream.after(stream.streamId(), 5));
  }

  @Test
  void saysSoWhenTheWindowNoLongerHoldsWhatWasMissed() {
    EventStream stream = new EventStream(vertx.eventBus(), "u1", 3);
    for (int i = 1; i <= 6; i++) {
      stream.publish(new MessageEvent(message(i)));
    }
    assertNull(stream.after(stream.streamId(), 1), "events 2 and 3 are gone");
    assertEquals(3, stream.after(stream.streamId(), 3).size());
    assertNull(stream.after("another-stream", 5));
    assertNull(stream.after(stream.streamId(), 99));
  }

  private static StoredMessage message(long id) {
    return StoredMessage.of(id, "a-1", "bob@example.org", StoredMessage.IN, "hi " + id, 1764060000000L, "sent", null);
  }

  @Test
  void signalsHaveNoSeqAndAreNotKept() {
    EventStream stream = new EventStream(vertx.eventBus(), "u1", 3);
    stream.signal(new TypingEvent("a-1", "bob@example.org", "composing"));
    assertEquals(0, stream.seq());
    assertEquals(List.of(), stream.after(stream.streamId(), 0));
  }
}
