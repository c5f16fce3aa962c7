package parley.session;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import parley.contract.Addresses;
import parley.contract.browser.BrowserEventBody;

/**
 * One user's ordered event stream. Every event gets the next {@code seq}; a bounded window of
 * recent events is kept so a browser that re-attaches gets exactly what it missed, in order.
 * The {@code streamId} changes when the session process restarts, so a browser can tell that
 * its last {@code seq} belongs to an older stream.
 */
final class EventStream {
  private final EventBus bus;
  private final String address;
  private final int window;
  private final String streamId = UUID.randomUUID().toString();
  private final ArrayDeque<JsonObject> recent = new ArrayDeque<>();
  private long seq;

  EventStream(EventBus bus, String userId, int window) {
    this.bus = bus;
    this.address = Addresses.browserEvents(userId);
    this.window = window;
  }

  String streamId() {
    return streamId;
  }

  long seq() {
    return seq;
  }

  /** Publishes an event that is part of the stream: numbered, kept, replayed on attach. */
  void publish(BrowserEventBody body) {
    // A copy: the record may hold the session's own objects (a room, a contact), which change later.
    JsonObject event = body.toJson().copy().put("type", body.type()).put("seq", ++seq);
    recent.addLast(event);
    if (recent.size() > window) {
      recent.removeFirst();
    }
    bus.publish(address, event);
  }

  /** Publishes a passing signal (typing) that has no seq and is never replayed. */
  void signal(BrowserEventBody body) {
    bus.publish(address, body.toJson().copy().put("type", body.type()));
  }

  /**
   * The events after {@code since} of stream {@code stream}, or null when they are not all
   * here any more (another stream, or older than the window).
   */
  List<JsonObject> after(String stream, long since) {
    if (!streamId.equals(stream) || since > seq) {
      return null;
    }
    long oldestKept = recent.isEmpty() ? seq + 1 : recent.peekFirst().getLong("seq");
    if (since + 1 < oldestKept) {
      return null;
    }
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject e : recent) {
      if (e.getLong("seq") > since) {
        out.add(e);
      }
    }
    return out;
  }
}
