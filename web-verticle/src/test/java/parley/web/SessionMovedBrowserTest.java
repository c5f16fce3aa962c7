package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.Headers;
import parley.contract.ShardNotice;
import parley.contract.Shards;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * In headless Chromium: when the user's shard gets a new owner the page attaches again, resuming its
 * stream, and when the new owner does not know that stream it rebuilds from the snapshot and goes on
 * working. The test owns every shard as a sharded session process that passes each message on to
 * the real session verticle (which, in this tree, consumes the unsharded addresses).
 */
class SessionMovedBrowserTest {
  private WebStack stack;
  /** Commands that reached the shards: the body with {@code userId} (from the header) added. */
  private final List<JsonObject> commands = new CopyOnWriteArrayList<>();
  /** Stands in for a new owner whose stream is another: the next attach names a stream the session does not have. */
  private volatile boolean newStream;
  private final List<JsonObject> attachReplies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    stack = new WebStack(new JsonObject());
    for (int shard = 0; shard < Shards.DEFAULT_COUNT; shard++) {
      stack.vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shard), this::passOn).completion().await();
    }
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private void passOn(Message<JsonObject> m) {
    var bus = stack.vertx.eventBus();
    String kind = m.headers().get(Headers.KIND);
    if (Headers.KIND_BROWSER.equals(kind)) {
      bus.send(Addresses.SESSION_BROWSERS, m.body());
      m.reply(new JsonObject());
      return;
    }
    if (!Headers.KIND_COMMAND.equals(kind)) {
      m.reply(new JsonObject());
      return;
    }
    String userId = m.headers().get(Headers.USER_ID);
    JsonObject body = m.body().copy();
    boolean attach = BrowserCommand.ATTACH.equals(body.getString("type"));
    if (attach && newStream && body.containsKey("stream")) {
      body.put("stream", "a-stream-the-new-owner-does-not-have");
    }
    commands.add(body.copy().put("userId", userId));
    bus.<Object>request(Addresses.BROWSER_COMMANDS, body, new DeliveryOptions().addHeader(Headers.USER_ID, userId))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            if (attach) {
              attachReplies.add((JsonObject) ar.result().body());
            }
            m.reply(ar.result().body());
          } else if (ar.cause() instanceof ReplyException r) {
            m.fail(r.failureCode(), r.getMessage());
          } else {
            m.fail(-1, String.valueOf(ar.cause()));
          }
        });
  }

  private JsonObject awaitCommand(Predicate<JsonObject> match, String what) throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < end) {
      for (JsonObject c : commands) {
        if (match.test(c)) {
          return c;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + what + "; commands: " + commands);
  }

  private long attaches() {
    return commands.stream().filter(c -> BrowserCommand.ATTACH.equals(c.getString("type"))).count();
  }

  private void announce(String userId) {
    stack.vertx.eventBus().publish(Addresses.SESSION_SHARDS, new JsonObject().put("type", ShardNotice.ACQUIRED)
        .put("shard", Shards.of(userId, Shards.DEFAULT_COUNT)).put("epoch", 3).put("owner", "new-session"));
  }

  @Test
  void thePageAttachesAgainWhenItsUserMovesAndRebuildsWhenTheStreamChanged() throws Exception {
    try (Browser browser = new Browser()) {
      ParleyPage alice = new ParleyPage(browser, stack.port).open();
      alice.signUp("alice", "alice-parley-pw");
      String userId = awaitCommand(c -> BrowserCommand.ATTACH.equals(c.getString("type")), "first attach").getString("userId");
      alice.setOwnPresence("away", "lunch");
      awaitCommand(c -> BrowserCommand.PRESENCE_SET.equals(c.getString("type")) && "lunch".equals(c.getString("status")),
          "the presence through the shard");
      browser.text("#bridge-state", "connected");

      // Moved: the page resumes its stream where it was.
      long before = attaches();
      announce(userId);
      JsonObject resumed = awaitCommand(c -> BrowserCommand.ATTACH.equals(c.getString("type")) && attaches() > before
          && c.containsKey("stream"), "attach after session.moved");
      assertNotNull(resumed.getValue("since"), "resumed from the page's seq");
      assertEquals(userId, resumed.getString("userId"));
      browser.waitFor("the resumed attach answered", d -> attachReplies.size() >= 2);
      assertFalse(Boolean.FALSE.equals(attachReplies.get(attachReplies.size() - 1).getBoolean("complete")),
          "the stream went on where the page was");

      // Moved to an owner with another stream: rebuilt from the snapshot, and the page goes on working.
      newStream = true;
      int replies = attachReplies.size();
      announce(userId);
      browser.waitFor("the attach to the new stream answered", d -> attachReplies.size() > replies);
      assertEquals(Boolean.FALSE, attachReplies.get(attachReplies.size() - 1).getBoolean("complete"));
      newStream = false;
      browser.waitFor("own status rebuilt from the snapshot",
          d -> "lunch".equals(d.findElement(org.openqa.selenium.By.id("own-status")).getDomProperty("value")));
      alice.setOwnPresence("dnd", "meeting");
      awaitCommand(c -> BrowserCommand.PRESENCE_SET.equals(c.getString("type")) && "meeting".equals(c.getString("status")),
          "a command after the move");
      browser.text("#bridge-state", "connected");
    }
  }
}
