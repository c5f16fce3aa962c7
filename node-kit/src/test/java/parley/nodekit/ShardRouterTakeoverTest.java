package parley.nodekit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.boot.ShardRouter;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Shards;
import parley.contract.session.ShardAcquired;

/**
 * What a {@link ShardRouter} does the moment another session process takes a shard over (issue 11:
 * a killed session process costs its users little more than its lease): what waited for an owner
 * goes at once, and what the killed owner had taken is answered at once, not after a fixed grace.
 * Over a real Vert.x event bus; the "processes" are consumers on the shard address.
 */
class ShardRouterTakeoverTest {
  private static final int SHARDS = 4;
  private static final String USER = "user-a";
  private static final int SHARD = Shards.of(USER, SHARDS);

  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();
  private final List<Long> tries = new CopyOnWriteArrayList<>();
  private ShardRouter router;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private void startRouter(long replyTimeoutMs) throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    loop.runOnContext(v -> {
      router = new ShardRouter(vertx, SHARDS, Headers.KIND_COMMAND, Addresses.BROWSER_COMMANDS, 1000, replyTimeoutMs,
          shard -> { });
      router.repeatable(parley.contract.BrowserCommand::safeToRepeat).start();
      started.complete(null);
    });
    started.get(5, TimeUnit.SECONDS);
  }

  private MessageConsumer<JsonObject> consume(Consumer<Message<JsonObject>> handler) {
    MessageConsumer<JsonObject> c = vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(SHARD), m -> {
      tries.add(System.nanoTime());
      handler.accept(m);
    });
    c.completion().await();
    return c;
  }

  private void announce() {
    vertx.eventBus().publish(Addresses.SESSION_SHARDS, new ShardAcquired(SHARD, 2, "session-2").toJson());
  }

  private CompletableFuture<Message<Object>> request() {
    return request(new JsonObject().put("type", "message.send"));
  }

  private CompletableFuture<Message<Object>> request(JsonObject body) {
    CompletableFuture<Message<Object>> answer = new CompletableFuture<>();
    loop.runOnContext(v -> router.request(USER, body, Map.of()).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.complete(ar.result());
      } else {
        answer.completeExceptionally(ar.cause());
      }
    }));
    return answer;
  }

  @Test
  void aCommandWaitingForAnOwnerGoesAtTheNewOwnersNoticeNotAtItsNextBackoffTry() throws Exception {
    startRouter(20_000);
    // The shard is moving: whoever has the address says so and applies nothing, so the command is
    // asked again after a backoff that doubles (100 ms … 2 s).
    java.util.concurrent.atomic.AtomicBoolean owned = new java.util.concurrent.atomic.AtomicBoolean();
    consume(m -> {
      if (owned.get()) {
        m.reply(new JsonObject().put("answeredBy", "new owner"));
      } else {
        FailureCode.STORAGE_UNAVAILABLE.fail(m, Shards.MOVING_TEXT);
      }
    });
    announce(); // an owner was seen: no previous-version fallback
    CompletableFuture<Message<Object>> answer = request();
    long deadline = System.currentTimeMillis() + 10_000;
    while (tries.size() < 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(5, tries.size(), "tried five times");
    // Right after the fifth try the next one waits 1.6 s: the new owner comes now and says so.
    owned.set(true);
    long notice = System.nanoTime();
    announce();
    Message<Object> m = answer.get(10, TimeUnit.SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notice);
    assertEquals("new owner", ((JsonObject) m.body()).getString("answeredBy"));
    assertTrue(tookMs < 800, "answered " + tookMs + " ms after the new owner's notice, not at the next backoff try");
  }

  @Test
  void aCommandTheKilledOwnerTookLongBeforeTheTakeoverIsAnsweredInWordsAtOnce() throws Exception {
    startRouter(20_000);
    // The owner takes the command and is killed: no answer ever comes from it.
    MessageConsumer<JsonObject> dead = consume(m -> { });
    announce();
    CompletableFuture<Message<Object>> answer = request();
    long deadline = System.currentTimeMillis() + 5000;
    while (tries.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    dead.unregister().await();
    // Its lease runs out seconds later; then another process takes the shard.
    Thread.sleep(2500);
    consume(m -> m.reply(new JsonObject()));
    long notice = System.nanoTime();
    announce();
    Throwable failure = null;
    try {
      answer.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      failure = e.getCause();
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notice);
    assertTrue(failure instanceof ReplyException, String.valueOf(failure));
    assertEquals(FailureCode.INTERNAL.code(), ((ReplyException) failure).failureCode());
    assertEquals(Shards.ORPHANED_TEXT, failure.getMessage());
    assertTrue(tookMs < 1000, "answered " + tookMs + " ms after the new owner's notice");
    Thread.sleep(200);
    assertEquals(1, tries.size(), "never asked of the new owner");
  }

  @Test
  void aCommandJustSentToTheNewOwnerIsAnsweredByItEvenWhenTheNoticeComesWhileItWorks() throws Exception {
    startRouter(20_000);
    // The new owner registered and got the command before its notice reached this process; it
    // takes a while (it loads the user) and answers.
    consume(m -> vertx.setTimer(1200, id -> m.reply(new JsonObject().put("answeredBy", "new owner"))));
    CompletableFuture<Message<Object>> answer = request();
    long deadline = System.currentTimeMillis() + 5000;
    while (tries.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    announce();
    Message<Object> m = answer.get(10, TimeUnit.SECONDS);
    assertEquals("new owner", ((JsonObject) m.body()).getString("answeredBy"));
  }

  @Test
  void aSendWithAClientIdThatTheOldOwnerDroppedGoesAgainAtTheNoticeAndIsAnsweredByTheNewOwner() throws Exception {
    startRouter(20_000);
    // The old owner takes the send as it unregisters (a clean hand-back): no answer ever comes.
    MessageConsumer<JsonObject> old = consume(m -> { });
    announce();
    CompletableFuture<Message<Object>> answer = request(new JsonObject().put("type", "message.send")
        .put(parley.contract.BrowserCommand.CLIENT_ID, "c1"));
    long deadline = System.currentTimeMillis() + 5000;
    while (tries.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    old.unregister().await();
    consume(m -> m.reply(new JsonObject().put("answeredBy", "new owner").put("clientId", m.body().getString("clientId"))));
    long notice = System.nanoTime();
    announce();
    Message<Object> m = answer.get(10, TimeUnit.SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notice);
    assertEquals("new owner", ((JsonObject) m.body()).getString("answeredBy"));
    assertEquals("c1", ((JsonObject) m.body()).getString("clientId"), "the same send, with its client id");
    assertTrue(tookMs < 1500, "answered " + tookMs + " ms after the new owner's notice");
    assertEquals(2, tries.size(), "sent once to each owner");
  }

  @Test
  void aSendWithoutAClientIdIsNeverSentAgain() {
    assertTrue(!parley.contract.BrowserCommand.safeToRepeat(new JsonObject().put("type", "message.send")));
    assertTrue(!parley.contract.BrowserCommand.safeToRepeat(new JsonObject().put("type", "account.add")));
    assertTrue(parley.contract.BrowserCommand.safeToRepeat(new JsonObject().put("type", "person.send").put("clientId", "x")));
    assertTrue(parley.contract.BrowserCommand.safeToRepeat(new JsonObject().put("type", "chat.read")));
  }
}
