package parley.session;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Shards;

/**
 * Passes what arrives on the unsharded addresses ({@code parley.browser.commands},
 * {@code parley.session.browsers}, {@code parley.session.im-events}, {@code sign-out} on
 * {@code parley.session.auth}; senders of an earlier version) on to the user's shard address,
 * whichever process owns it. Attachments and node events go on at once, in the order they came.
 * One that finds no owner (a handover, a killed owner whose lease has not run out) waits in its
 * shard's queue, and so does everything after it for that shard, tried again in order with a short
 * backoff for at most {@code patienceMs}; so does one refused by a process that has just lost the
 * shard. Any other failure from the owner is logged, not tried again (as when the session consumed
 * these addresses itself); a timeout is tried again only for an event with an {@code eventId},
 * which the owner stores once.
 */
final class ShardForwarder {
  private static final Logger log = LoggerFactory.getLogger(ShardForwarder.class);
  private static final long FIRST_RETRY_MS = 20;
  private static final long MAX_RETRY_MS = 500;
  /** Messages a shard's queue holds at most while its owner is away: memory is bounded. */
  private static final int MAX_QUEUED = 10_000;

  /** {@code seq}: arrival order per process, so a message that failed late still goes before later ones. */
  private record Pending(Message<Object> msg, String kind, String address, boolean repeatable, long seq) {}

  private final Vertx vertx;
  private final EventBus bus;
  private final int shards;
  private final long patienceMs;
  private final long timeoutMs;
  /** Send-only messages waiting per shard, oldest first; the head is on its way. */
  private final Map<Integer, PriorityQueue<Pending>> queues = new HashMap<>();
  private long arrived;

  ShardForwarder(Vertx vertx, int shards, long patienceMs, long timeoutMs) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.shards = shards;
    this.patienceMs = patienceMs;
    this.timeoutMs = timeoutMs;
  }

  /** A request whose answer goes back to the asker ({@code userId} checked by the caller). */
  void request(Message<Object> msg, String kind, String userId) {
    request(msg, kind, Shards.address(userId, shards), System.currentTimeMillis() + patienceMs, FIRST_RETRY_MS);
  }

  private void request(Message<Object> msg, String kind, String address, long deadlineMs, long backoffMs) {
    bus.request(address, msg.body(), options(msg, kind)).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result().body());
      } else if (notApplied(ar.cause()) && System.currentTimeMillis() + backoffMs < deadlineMs) {
        // Not answered by anyone, so not applied: safe to ask again once the shard has an owner.
        vertx.setTimer(backoffMs, id -> request(msg, kind, address, deadlineMs, Math.min(backoffMs * 2, MAX_RETRY_MS)));
      } else if (notApplied(ar.cause())) {
        FailureCode.INTERNAL.fail(msg, "No session server serves your account right now; try again in a moment.");
      } else if (ar.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) {
        FailureCode.INTERNAL.fail(msg, "The session server did not answer in time; try again.");
      } else {
        FailureCode.replyTo(msg, ar.cause());
      }
    });
  }

  /** A send-only message (an attachment, a node event) with a {@code userId} in its body. */
  void send(Message<Object> msg, String kind) {
    if (!(msg.body() instanceof JsonObject body) || !(body.getValue("userId") instanceof String userId)) {
      log.warn("Dropped a {} message without a userId", kind);
      return;
    }
    int shard = Shards.of(userId, shards);
    Pending p = new Pending(msg, kind, Shards.address(userId, shards), body.getValue("eventId") instanceof String,
        ++arrived);
    if (queues.containsKey(shard)) {
      enqueue(shard, p);
      return;
    }
    bus.request(p.address(), body, options(msg, kind)).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(new JsonObject());
      } else if (retriable(p, ar.cause())) {
        enqueue(shard, p);
      } else {
        logNotApplied(shard, p, ar.cause());
      }
    });
  }

  private void enqueue(int shard, Pending p) {
    PriorityQueue<Pending> queue = queues.computeIfAbsent(shard, s -> new PriorityQueue<>(Comparator.comparingLong(Pending::seq)));
    if (queue.size() >= MAX_QUEUED) {
      log.warn("Dropped a {} message for user {}: {} messages already wait for the owner of shard {}", p.kind(),
          ((JsonObject) p.msg().body()).getValue("userId"), queue.size(), shard);
      return;
    }
    queue.add(p);
    if (queue.size() == 1) {
      attempt(shard, queue, p, System.currentTimeMillis() + patienceMs, FIRST_RETRY_MS);
    }
  }

  private void attempt(int shard, PriorityQueue<Pending> queue, Pending p, long deadlineMs, long backoffMs) {
    bus.request(p.address(), p.msg().body(), options(p.msg(), p.kind())).onComplete(ar -> {
      if (ar.failed() && retriable(p, ar.cause()) && System.currentTimeMillis() + backoffMs < deadlineMs) {
        vertx.setTimer(backoffMs, id -> attempt(shard, queue, p, deadlineMs, Math.min(backoffMs * 2, MAX_RETRY_MS)));
        return;
      }
      if (ar.failed()) {
        logNotApplied(shard, p, ar.cause());
      } else {
        p.msg().reply(new JsonObject());
      }
      queue.remove(p);
      Pending next = queue.peek();
      if (next == null) {
        queues.remove(shard);
      } else {
        attempt(shard, queue, next, System.currentTimeMillis() + patienceMs, FIRST_RETRY_MS);
      }
    });
  }

  private void logNotApplied(int shard, Pending p, Throwable err) {
    JsonObject body = (JsonObject) p.msg().body();
    log.warn("A {} message ({}) for user {} was not applied by the owner of shard {}: {}", p.kind(), body.getValue("type"),
        body.getValue("userId"), shard, notApplied(err) ? "no session process served it for " + patienceMs + " ms"
            : err.getMessage());
  }

  private DeliveryOptions options(Message<Object> msg, String kind) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Headers.KIND, kind);
    String userId = msg.headers().get(Headers.USER_ID);
    if (userId != null) {
      options.addHeader(Headers.USER_ID, userId);
    }
    return options;
  }

  private static boolean noOwner(Throwable err) {
    return err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** Not applied for sure: no owner, or a process that no longer owns the shard refused it. */
  private static boolean notApplied(Throwable err) {
    return noOwner(err) || Shards.moving(err);
  }

  /** Not applied, or perhaps not and harmless to repeat (an event the owner stores once). */
  private static boolean retriable(Pending p, Throwable err) {
    return notApplied(err) || p.repeatable() && err instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT;
  }
}
