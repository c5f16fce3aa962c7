package parley.session;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Shards;

/**
 * Passes what arrives on the unsharded addresses ({@code parley.browser.commands},
 * {@code parley.session.browsers}, {@code parley.session.im-events}; senders of an earlier
 * version) on to the user's shard address, whichever process owns it. While a shard has no owner
 * (a handover, a killed owner whose lease has not run out) it tries again with a short backoff, for
 * at most {@code patienceMs}. Attachments and node events of one shard go one at a time, in the
 * order they came, so a retry does not overtake.
 */
final class ShardForwarder {
  private static final Logger log = LoggerFactory.getLogger(ShardForwarder.class);
  private static final long FIRST_RETRY_MS = 20;
  private static final long MAX_RETRY_MS = 500;

  private record Pending(Message<Object> msg, String kind, String address, long deadlineMs) {}

  private final Vertx vertx;
  private final EventBus bus;
  private final int shards;
  private final long patienceMs;
  private final long timeoutMs;
  /** Send-only messages waiting per shard; the head is on its way. */
  private final Map<Integer, ArrayDeque<Pending>> queues = new HashMap<>();

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
      } else if (noOwner(ar.cause()) && System.currentTimeMillis() + backoffMs < deadlineMs) {
        // Not answered by anyone, so not applied: safe to ask again once the shard has an owner.
        vertx.setTimer(backoffMs, id -> request(msg, kind, address, deadlineMs, Math.min(backoffMs * 2, MAX_RETRY_MS)));
      } else if (noOwner(ar.cause())) {
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
    ArrayDeque<Pending> queue = queues.computeIfAbsent(shard, s -> new ArrayDeque<>());
    queue.addLast(new Pending(msg, kind, Shards.address(userId, shards), 0));
    if (queue.size() == 1) {
      next(shard, queue);
    }
  }

  private void next(int shard, ArrayDeque<Pending> queue) {
    Pending head = queue.peekFirst();
    if (head == null) {
      queues.remove(shard);
      return;
    }
    attempt(shard, queue, head, System.currentTimeMillis() + patienceMs, FIRST_RETRY_MS);
  }

  private void attempt(int shard, ArrayDeque<Pending> queue, Pending p, long deadlineMs, long backoffMs) {
    bus.request(p.address(), p.msg().body(), options(p.msg(), p.kind())).onComplete(ar -> {
      if (ar.failed() && retriable(ar.cause()) && System.currentTimeMillis() + backoffMs < deadlineMs) {
        vertx.setTimer(backoffMs, id -> attempt(shard, queue, p, deadlineMs, Math.min(backoffMs * 2, MAX_RETRY_MS)));
        return;
      }
      if (ar.failed()) {
        JsonObject body = (JsonObject) p.msg().body();
        log.warn("A {} message ({}) for user {} was not applied by the owner of shard {}: {}", p.kind(),
            body.getValue("type"), body.getValue("userId"), shard, retriable(ar.cause())
                ? "no session process answered within " + patienceMs + " ms" : ar.cause().getMessage());
      } else {
        p.msg().reply(new JsonObject());
      }
      queue.pollFirst();
      next(shard, queue);
    });
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

  /**
   * No owner, no answer, or an owner that could not store it now (it is losing the shard, or its
   * database is away): the message may be sent again (an event sent twice is applied once).
   */
  private static boolean retriable(Throwable err) {
    return err instanceof ReplyException r
        && (r.failureType() == ReplyFailure.NO_HANDLERS || r.failureType() == ReplyFailure.TIMEOUT
            || r.failureCode() == FailureCode.STORAGE_UNAVAILABLE.code());
  }
}
