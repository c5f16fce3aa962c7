package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.Headers;
import parley.contract.Shards;
import parley.contract.session.ShardAcquired;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * In headless Chromium: when the user's shard gets a new owner the page attaches again, resuming its
 * stream, and when the new owner does not know that stream it rebuilds from the snapshot and goes on
 * working. The real session verticle owns every shard and answers everything; the test only watches
 * what the web verticle sends to the shard addresses and what comes back (an outbound interceptor
 * sees every message, whichever consumer gets it), so nothing it checks depends on which consumer
 * a message reaches. A new owner with another stream is the page naming a stream the session does
 * not have.
 */
class SessionMovedBrowserTest {
  private WebStack stack;
  /** Commands sent to the shards: the body with {@code userId} (from the header) added. */
  private final List<JsonObject> commands = new CopyOnWriteArrayList<>();
  /** Reply addresses of the attach commands sent to the shards. */
  private final Set<String> attachReplyAddresses = ConcurrentHashMap.newKeySet();
  private final List<JsonObject> attachReplies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    stack = new WebStack(new JsonObject());
    stack.vertx.eventBus().addOutboundInterceptor(ctx -> {
      Message<?> m = ctx.message();
      if (m.address().startsWith(Addresses.SESSION_SHARD_PREFIX) && Headers.KIND_COMMAND.equals(m.headers().get(Headers.KIND))
          && m.body() instanceof JsonObject body) {
        if (BrowserCommand.ATTACH.equals(body.getString("type")) && m.replyAddress() != null) {
          attachReplyAddresses.add(m.replyAddress());
        }
        commands.add(body.copy().put("userId", m.headers().get(Headers.USER_ID)));
      } else if (attachReplyAddresses.remove(m.address()) && m.body() instanceof JsonObject reply) {
        attachReplies.add(reply.copy());
      }
      ctx.next();
    });
  }

  @AfterEach
  void stop() {
    stack.close();
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
    stack.vertx.eventBus().publish(Addresses.SESSION_SHARDS,
        new ShardAcquired(Shards.of(userId, Shards.DEFAULT_COUNT), 3, "new-session").toJson());
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
      browser.script("sessionStorage.setItem('parley.stream.' + arguments[0], 'a-stream-the-new-owner-does-not-have');", userId);
      int replies = attachReplies.size();
      long beforeNew = attaches();
      announce(userId);
      JsonObject other = awaitCommand(c -> BrowserCommand.ATTACH.equals(c.getString("type")) && attaches() > beforeNew
          && "a-stream-the-new-owner-does-not-have".equals(c.getString("stream")), "attach naming the other stream");
      assertEquals(userId, other.getString("userId"));
      browser.waitFor("the attach to the new stream answered", d -> attachReplies.size() > replies);
      assertEquals(Boolean.FALSE, attachReplies.get(attachReplies.size() - 1).getBoolean("complete"));
      browser.waitFor("own status rebuilt from the snapshot",
          d -> "lunch".equals(d.findElement(org.openqa.selenium.By.id("own-status")).getDomProperty("value")));
      alice.setOwnPresence("dnd", "meeting");
      awaitCommand(c -> BrowserCommand.PRESENCE_SET.equals(c.getString("type")) && "meeting".equals(c.getString("status")),
          "a command after the move");
      browser.text("#bridge-state", "connected");
    }
  }
}
