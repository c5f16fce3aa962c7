package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BridgeSocket;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.web.testing.BridgeClient;
import parley.web.testing.BridgeUser;
import parley.web.testing.HttpUser;
import parley.web.testing.RawWebSocket;
import parley.web.testing.WebStack;

/** What one user's sockets may take from the bridge: commands, sockets, time between pings, unread bytes. */
class BridgeLimitsTest {
  private WebStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void commandsAreLimitedPerUserAcrossSockets() throws Exception {
    stack = new WebStack(new JsonObject());
    HttpUser bob = stack.user().signUp("bob", "bob-password");
    List<BridgeClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        sockets.add(bob.openBridge(stack.vertx));
      }
      // Each socket stays within its own burst of 40; together they ask for 400.
      for (BridgeClient socket : sockets) {
        for (int i = 0; i < 40; i++) {
          socket.send(Addresses.BROWSER_COMMANDS, new JsonObject().put("type", BrowserCommand.CHAT_READ), null);
        }
      }
      int answered = 0;
      int denied = 0;
      for (BridgeClient socket : sockets) {
        for (JsonObject f = socket.next(3000); f != null; f = socket.next(500)) {
          if ("rejected".equals(f.getString("body"))) {
            denied++;
          } else {
            answered++;
          }
        }
      }
      assertEquals(400, answered + denied);
      assertTrue(answered <= 200, "one user's sockets share one budget (burst 80, 40 a second): " + answered + " answered");
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }

  @Test
  void socketsPerUserAreCapped() throws Exception {
    stack = new WebStack(new JsonObject().put("web", new JsonObject().put("maxSocketsPerUser", 3)));
    HttpUser carol = stack.user().signUp("carol", "carol-password");
    HttpUser dave = stack.user().signUp("dave", "dave-password");
    List<BridgeClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        sockets.add(carol.openBridge(stack.vertx));
      }
      BridgeClient fourth = carol.openBridge(stack.vertx);
      sockets.add(fourth);
      long end = System.currentTimeMillis() + 5000;
      while (!fourth.closed() && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      assertTrue(fourth.closed(), "the socket over the cap is closed");
      assertEquals(BridgeSocket.CLOSE_TOO_MANY_SOCKETS_TEXT, fourth.closeReason());
      assertEquals((short) BridgeSocket.CLOSE_TOO_MANY_SOCKETS, fourth.closeStatus());
      for (int i = 0; i < 3; i++) {
        assertFalse(sockets.get(i).closed(), "the sockets within the cap stay open");
      }
      // Another user is not affected, and a closed socket frees its place.
      try (BridgeUser other = BridgeUser.open(stack.vertx, dave)) {
        assertNotNull(other.request(new JsonObject().put("type", BrowserCommand.ATTACH)));
      }
      sockets.get(0).close();
      Thread.sleep(500);
      try (BridgeUser again = BridgeUser.open(stack.vertx, carol)) {
        assertNotNull(again.request(new JsonObject().put("type", BrowserCommand.ATTACH)));
      }
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }

  @Test
  void aSocketPingingALittleLateStaysOpen() throws Exception {
    stack = new WebStack(new JsonObject());
    HttpUser erin = stack.user().signUp("erin", "erin-password");
    try (BridgeUser socket = BridgeUser.open(stack.vertx, erin)) {
      long start = System.currentTimeMillis();
      // A busy tab: every ping comes half a second after the page's interval, past the bridge's first check.
      for (int ping = 1; System.currentTimeMillis() - start < BridgeSocket.PING_INTERVAL_MS * 3 + 1000; ping++) {
        long at = start + ping * (BridgeSocket.PING_INTERVAL_MS + 500);
        while (System.currentTimeMillis() < Math.min(at, start + BridgeSocket.PING_INTERVAL_MS * 3 + 1000)) {
          assertFalse(socket.bridge.closed(), "closed after " + (System.currentTimeMillis() - start) + " ms");
          Thread.sleep(100);
        }
        socket.bridge.write(new JsonObject().put("type", "ping"));
      }
      assertNotNull(socket.request(new JsonObject().put("type", BrowserCommand.ATTACH)), "still open and answering");
    }
  }

  @Test
  void aReaderThatStopsReadingIsClosedAndCatchesUpOnANewSocket() throws Exception {
    stack = new WebStack(new JsonObject().put("web", new JsonObject().put("socketQueueBytes", 256 * 1024).put("slowSocketSeconds", 2)));
    HttpUser frank = stack.user().signUp("frank", "frank-password");
    String events = Addresses.browserEvents(frank.userId());
    try (BridgeUser actor = BridgeUser.open(stack.vertx, frank);
         RawWebSocket slow = RawWebSocket.open(stack.port, "/eventbus/websocket",
             Map.of("Cookie", frank.cookieHeader(), "Origin", "http://127.0.0.1:" + stack.port), 8 * 1024)) {
      assertEquals(101, slow.status(), slow.responseHead);
      slow.sendText(new JsonObject().put("type", "register").put("address", events).encode());
      JsonObject attached = actor.request(new JsonObject().put("type", BrowserCommand.ATTACH));
      String stream = attached.getString("stream");
      long since = attached.getLong("seq", 0L);
      Thread.sleep(300);

      // The user's own stream goes on (20 events), while a flood of large events goes to the user's address.
      String pad = "x".repeat(64 * 1024);
      long start = System.currentTimeMillis();
      long published = 0;
      boolean closed = false;
      int commands = 0;
      while (!closed && System.currentTimeMillis() - start < 30_000) {
        if (commands < 20) {
          actor.request(new JsonObject().put("type", BrowserCommand.PRESENCE_SET).put("show", "away").put("status", "s" + commands++));
        }
        if (published < 64L * 1024 * 1024) {
          for (int i = 0; i < 8; i++) {
            stack.vertx.eventBus().publish(events, new JsonObject().put("type", "flood").put("pad", pad));
            published += pad.length();
          }
        }
        try {
          slow.sendText(new JsonObject().put("type", "ping").encode());
        } catch (IOException e) {
          closed = true;
        }
        Thread.sleep(100);
      }
      assertTrue(closed, "the server closed the socket that did not read (" + published / 1024 / 1024 + " MiB published)");
      assertTrue(published < 64L * 1024 * 1024, "closed before the whole flood was published: " + published / 1024 / 1024 + " MiB");
      while (commands < 20) {
        actor.request(new JsonObject().put("type", BrowserCommand.PRESENCE_SET).put("show", "away").put("status", "s" + commands++));
      }

      // The page's next socket catches up with everything of the stream.
      try (BridgeUser next = BridgeUser.open(stack.vertx, frank)) {
        JsonObject caughtUp = next.request(new JsonObject().put("type", BrowserCommand.ATTACH).put("stream", stream).put("since", since));
        JsonArray missed = caughtUp.getJsonArray("events");
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < missed.size(); i++) {
          JsonObject e = missed.getJsonObject(i);
          assertEquals(since + i + 1, e.getLong("seq"), "no gap in the stream");
          if (BrowserEvent.OWN_PRESENCE.equals(e.getString("type"))) {
            statuses.add(e.getString("status"));
          }
        }
        for (int i = 0; i < 20; i++) {
          assertTrue(statuses.contains("s" + i), "event s" + i + " caught up: " + statuses);
        }
      }
    }
  }
}
