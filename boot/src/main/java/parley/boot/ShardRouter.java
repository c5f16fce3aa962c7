package parley.boot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.ParleyException;
import parley.contract.ShardNotice;
import parley.contract.Shards;
import parley.contract.session.ShardAcquired;

/**
 * Sends one kind of message ({@link Headers#KIND}) to the users' shard addresses and makes sure the
 * owning session process took each: per shard a queue with one message in flight, so a shard's
 * messages arrive in the order sent. While a shard has no owner ({@code NO_HANDLERS}) or its owner
 * does not answer (timeout) the head stays and goes again after a backoff (100 ms doubling to 2 s),
 * and at once when a session publishes {@code shard-acquired} for it; a try that has been unanswered
 * for {@value #RESEND_GRACE_MS} ms by then goes again too (a killed owner never answers). At most
 * {@code perShard} messages are held for one shard and {@code capacity} over all shards, so one
 * busy user's shard cannot crowd out the others; past either, new ones for that shard are dropped
 * (logged once per shard and episode, counted by {@code onDrop}), and once the shard's owner has
 * taken what was held the {@link #onGapToFill} listener is told, so that the sender fills the gap
 * its own way (a node asks the IM server again).
 *
 * <p>Each try says how long its message was held behind the shard's earlier ones while an owner was
 * taking them ({@link Headers#HELD_MS}), so that a session process that takes them more slowly than
 * they come can tell, though the backlog is here.
 *
 * <p>Until this process has seen any shard owner (a shard answered, or a {@code shard-acquired}
 * notice) a shard without handlers means a session process of the previous version, which consumes
 * only the unsharded address: the message goes there, once, as before.
 *
 * <p>Not thread-safe: use it on one event loop (the verticle's), where its replies and timers run.
 */
public final class ShardRouter {
  private static final Logger log = LoggerFactory.getLogger(ShardRouter.class);
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 2000;
  /**
   * After a new owner's notice, a request still unanswered this long after its try was sent is
   * answered with {@link Shards#ORPHANED_TEXT}. A live previous owner finishes and answers what it
   * took before it releases the shard (so before any notice), a killed one never answers; a try
   * sent just before the notice may be with the new owner, which gets this long to answer.
   */
  static final long ORPHAN_GRACE_MS = 2000;
  /** After a new owner's notice, the least wait before an old unanswered request is answered in words: replies on their way land first. */
  static final long NOTICE_GRACE_MS = 250;
  /** After a new owner's notice, the head goes again once its try in flight is this old. */
  static final long RESEND_GRACE_MS = 500;
  /**
   * For this long after a new owner's notice, a try that may go again (an event, a {@link #repeatable}
   * request) goes again when unanswered after {@value #UNSETTLED_RESEND_MS} ms: this process may still
   * list a killed owner's consumer for a few seconds after its member left, and what reaches it is
   * lost and would wait the whole reply timeout. Bounded: one more try a second per shard, in this window only.
   */
  static final long UNSETTLED_WINDOW_MS = 6000;
  static final long UNSETTLED_RESEND_MS = 1000;

  private final Vertx vertx;
  private final EventBus bus;
  private final int shardCount;
  private final String kind;
  private final String legacyAddress;
  private final int capacity;
  private final int perShard;
  private final long replyTimeoutMs;
  private final IntConsumer onDrop;
  private final Shard[] shards;
  private int held;
  private boolean ownersSeen;
  private boolean closed;
  private MessageConsumer<Object> notices;
  private IntConsumer acquiredListener = shard -> { };
  private IntConsumer gapListener = shard -> { };
  /** Requests that may be sent again when their try's answer may be lost (see {@link #repeatable}). */
  private java.util.function.Predicate<Object> repeatable = body -> false;
  /** Shards that dropped messages, the gap listener not told yet (it is once their queue is empty). */
  private final java.util.Set<Shard> gaps = new java.util.LinkedHashSet<>();
  /** While a gap is filled ({@link #fillingGap}): the bound per shard is lifted, the one over all shards kept. */
  private boolean filling;

  /** One try of a request: the same request tried again is another try; {@code again} sends it anew. */
  private record RequestTry(Promise<Message<Object>> result, long sentNanos, Runnable again) {
    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /** A message queued for a shard, and when it was queued. */
  private record Held(JsonObject body, long queuedNanos) {}

  private static final class Shard {
    final int number;
    final ArrayDeque<Held> queue = new ArrayDeque<>();
    boolean inFlight;
    /** Counts the tries; the answer to a try that a later one replaced is ignored. */
    long attempt;
    long backoffMs;
    long timer = -1;
    /** Messages dropped since the buffer was last found full for this shard (0: not dropping). */
    long dropped;
    /** The tries of requests ({@link #request}) on their way to an owner now. */
    final java.util.Set<RequestTry> requestsInFlight = new java.util.HashSet<>();
    /** Requests waiting for their next try (no owner, or "moving"): timer id to the try. */
    final Map<Long, Runnable> requestsWaiting = new java.util.HashMap<>();
    /** When the head's try in flight was sent. */
    long sentNanos;
    /** Whether the last try found no owner to take it (or none that answered): the next answer ends that. */
    boolean ownerless;
    /**
     * The first try after the last one that found no owner: what waited before it waited for an owner,
     * which {@link Headers#HELD_MS} does not count (a backlog behind a slow owner is what it tells).
     */
    long servedSinceNanos;
    /** When a new owner's notice last came for this shard; {@link #noticed} false: never. */
    long noticeNanos;
    boolean noticed;

    /** Whether a try sent now may reach a consumer of an owner that has left (see {@link #UNSETTLED_WINDOW_MS}). */
    boolean unsettled() {
      return noticed && System.nanoTime() - noticeNanos < UNSETTLED_WINDOW_MS * 1_000_000;
    }

    Shard(int number) {
      this.number = number;
    }
  }

  /**
   * @param kind the {@link Headers#KIND} of every message
   * @param legacyAddress where a session of the previous version takes these messages ({@code send})
   * @param capacity most messages held over all shards, and for one shard
   * @param onDrop told the shard of each message dropped because the buffer was full
   */
  public ShardRouter(Vertx vertx, int shardCount, String kind, String legacyAddress, int capacity, long replyTimeoutMs,
      IntConsumer onDrop) {
    this(vertx, shardCount, kind, legacyAddress, capacity, capacity, replyTimeoutMs, onDrop);
  }

  /** The same with at most {@code perShard} messages held for any one shard. */
  public ShardRouter(Vertx vertx, int shardCount, String kind, String legacyAddress, int capacity, int perShard,
      long replyTimeoutMs, IntConsumer onDrop) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.shardCount = shardCount;
    this.kind = kind;
    this.legacyAddress = legacyAddress;
    this.capacity = capacity;
    this.perShard = perShard;
    this.replyTimeoutMs = replyTimeoutMs;
    this.onDrop = onDrop;
    this.shards = new Shard[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new Shard(i);
    }
  }

  /** Listens for new shard owners; call on the event loop the router is used on. */
  public void start() {
    notices = bus.consumer(Addresses.SESSION_SHARDS, m -> {
      if (!(m.body() instanceof JsonObject notice) || !ShardNotice.ACQUIRED.equals(notice.getString("type"))) {
        return;
      }
      ShardAcquired taken;
      try {
        taken = ShardAcquired.fromJson(notice);
      } catch (ParleyException e) {
        log.warn("Ignored a shard notice: {}", e.getMessage());
        return;
      }
      if (taken.shard() >= shardCount) {
        log.warn("Ignored a notice for shard {}: there are {} shards", taken.shard(), shardCount);
        return;
      }
      acquired(taken.shard());
      acquiredListener.accept(taken.shard());
    });
  }

  /**
   * Told each shard that dropped messages, once its owner has taken everything held for it since:
   * what the sender asks for again then reaches the owner behind what was held, not dropped too.
   */
  public ShardRouter onGapToFill(IntConsumer listener) {
    this.gapListener = listener;
    return this;
  }

  /** Also told each shard a session process has just taken (after what waited for it went). */
  public ShardRouter onAcquired(IntConsumer listener) {
    this.acquiredListener = listener;
    return this;
  }

  /**
   * Requests whose body passes {@code test} are, at a new owner's notice, sent again instead of
   * answered {@link Shards#ORPHANED_TEXT}: a shard handed over cleanly can drop a try that reaches
   * the old owner as it unregisters, and only a request its receiver recognises when it comes again
   * (a send with the page's client id) or that changes nothing when applied twice may go twice.
   */
  public ShardRouter repeatable(java.util.function.Predicate<Object> test) {
    this.repeatable = test;
    return this;
  }

  /**
   * One request not queued behind others (a browser command, whose answer a browser waits for, in
   * any order): sent again while the shard has no owner, for at most the reply timeout; never sent
   * again after a timeout, since it was not made to be applied twice; one waiting for its next try
   * goes at once when another process takes the shard. One still unanswered then goes again when it
   * is {@link #repeatable} ({@value #RESEND_GRACE_MS} ms after its try), else fails with
   * {@link Shards#ORPHANED_TEXT} (its owner died holding it) once its try is
   * {@value #ORPHAN_GRACE_MS} ms old, and no sooner than {@value #NOTICE_GRACE_MS} ms after the notice. Before any shard owner was
   * seen it goes to the unsharded address of a previous session instead, without the kind header.
   */
  public Future<Message<Object>> request(String userId, Object body, Map<String, String> headers) {
    Promise<Message<Object>> result = Promise.promise();
    request(Shards.of(userId, shardCount), body, headers, System.nanoTime() + replyTimeoutMs * 1_000_000, 0, result);
    return result.future();
  }

  private void request(int shard, Object body, Map<String, String> headers, long deadline, long backoffMs,
      Promise<Message<Object>> result) {
    if (result.future().isComplete()) {
      return;
    }
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(left).addHeader(Headers.KIND, kind);
    headers.forEach(options::addHeader);
    Shard s = shards[shard];
    Runnable repeat = repeatable.test(body) ? () -> request(shard, body, headers, deadline, 0, result) : null;
    RequestTry attempt = new RequestTry(result, System.nanoTime(), repeat);
    s.requestsInFlight.add(attempt);
    if (repeat != null && s.unsettled()) {
      vertx.setTimer(UNSETTLED_RESEND_MS, id -> {
        if (!closed && s.requestsInFlight.remove(attempt) && !result.future().isComplete()) {
          repeat.run();
        }
      });
    }
    bus.request(Addresses.sessionShard(shard), body, options).onComplete(ar -> {
      boolean current = s.requestsInFlight.remove(attempt);
      if (result.future().isComplete()) {
        // Answered in words already (its owner died, another took the shard).
        return;
      }
      if (!current) {
        // Sent again since: this try's answer counts only when it is one (the repeat is answered the same).
        if (ar.succeeded()) {
          result.tryComplete(ar.result());
        }
        return;
      }
      if (ar.succeeded()) {
        ownersSeen = true;
        result.complete(ar.result());
      } else if (closed || !(ar.cause() instanceof ReplyException r)
          || r.failureType() != ReplyFailure.NO_HANDLERS && !Shards.moving(r)) {
        result.fail(ar.cause());
      } else if (!ownersSeen && legacyAddress != null && r.failureType() == ReplyFailure.NO_HANDLERS) {
        DeliveryOptions legacy = new DeliveryOptions().setSendTimeout(left);
        headers.forEach(legacy::addHeader);
        bus.request(legacyAddress, body, legacy).onComplete(result);
      } else {
        long wait = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        if (System.nanoTime() + wait * 1_000_000 >= deadline) {
          result.fail(ar.cause());
        } else {
          Runnable again = () -> request(shard, body, headers, deadline, wait, result);
          s.requestsWaiting.put(vertx.setTimer(wait, id -> {
            s.requestsWaiting.remove(id);
            again.run();
          }), again);
        }
      }
    });
  }

  /**
   * A new owner took the shard: requests waiting for an owner go now; those on their way to the
   * previous one get a grace, then go again when {@link #repeatable}, else the answer in words that
   * they may or may not have been carried out (never asked again).
   */
  private void orphanRequests(Shard s) {
    List<RequestTry> inFlight = List.copyOf(s.requestsInFlight);
    List<Runnable> waiting = List.copyOf(s.requestsWaiting.values());
    s.requestsWaiting.keySet().forEach(vertx::cancelTimer);
    s.requestsWaiting.clear();
    waiting.forEach(Runnable::run);
    long now = System.nanoTime();
    for (RequestTry attempt : inFlight) {
      if (attempt.again() != null) {
        // Repeatable: unanswered a short while after the notice, it goes again (to the new owner).
        long resendMs = Math.max(NOTICE_GRACE_MS, RESEND_GRACE_MS - (now - attempt.sentNanos()) / 1_000_000);
        vertx.setTimer(resendMs, id -> {
          if (!closed && s.requestsInFlight.remove(attempt) && !attempt.result().future().isComplete()) {
            attempt.again().run();
          }
        });
        continue;
      }
      long graceMs = Math.max(NOTICE_GRACE_MS, ORPHAN_GRACE_MS - (now - attempt.sentNanos()) / 1_000_000);
      vertx.setTimer(graceMs, id -> {
        if (s.requestsInFlight.remove(attempt)) {
          attempt.result().tryFail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FailureCode.INTERNAL.code(), Shards.ORPHANED_TEXT));
        }
      });
    }
  }

  /** Stops sending; what is held is dropped (its sender is going away). */
  public void close() {
    closed = true;
    if (notices != null) {
      notices.unregister();
    }
    for (Shard s : shards) {
      if (s.timer >= 0) {
        vertx.cancelTimer(s.timer);
      }
      s.queue.clear();
    }
    gaps.clear();
    held = 0;
  }

  /** Queues {@code body} for the shard of {@code userId}; false when dropped because the buffer is full. */
  public boolean send(String userId, JsonObject body) {
    Shard s = shards[Shards.of(userId, shardCount)];
    if (held >= capacity || s.queue.size() >= perShard && !filling) {
      if (s.dropped++ == 0) {
        log.warn("Holding {} {} messages for shard {} and {} over all session shards without an owner (at most {} and {}): "
            + "dropping new ones for shard {}; what is lost is asked of the IM server again once the shard's owner takes "
            + "what is held", s.queue.size(), kind, s.number, held, perShard, capacity, s.number);
      }
      gaps.add(s);
      onDrop.accept(s.number);
      return false;
    }
    if (s.dropped > 0) {
      log.warn("Dropped {} {} messages for shard {} while the buffer was full", s.dropped, kind, s.number);
      s.dropped = 0;
    }
    s.queue.add(new Held(body, System.nanoTime()));
    held++;
    if (!s.inFlight && s.timer < 0) {
      next(s);
    }
    return true;
  }

  /**
   * Runs {@code work}, which sends what fills a shard's gap (the gap listener calls it), with the
   * bound per shard lifted: what fills a gap must not open the next one, or the two would take turns
   * for ever. What it sends is bounded by the sender (one account's state); the bound over all
   * shards still holds.
   */
  public void fillingGap(Runnable work) {
    filling = true;
    try {
      work.run();
    } finally {
      filling = false;
    }
  }

  /** Messages queued or in flight. */
  public int held() {
    return held;
  }

  /** A session took the shard: what waits for it goes now. */
  void acquired(int shard) {
    ownersSeen = true;
    Shard s = shards[shard];
    s.noticed = true;
    s.noticeNanos = System.nanoTime();
    orphanRequests(s);
    s.backoffMs = 0;
    // What waits now waited for this owner (the previous one may have been killed holding it).
    s.ownerless = true;
    if (s.inFlight) {
      // The try in flight may have gone to the previous owner, which may have died (SIGKILL): its
      // answer would come only at the reply timeout. Unanswered after a short grace, the head goes
      // again (to the new owner); an event carries its id, so one applied twice is stored once.
      long attempt = s.attempt;
      long graceMs = Math.max(1, RESEND_GRACE_MS - (System.nanoTime() - s.sentNanos) / 1_000_000);
      vertx.setTimer(graceMs, id -> {
        if (!closed && s.inFlight && s.attempt == attempt) {
          next(s);
        }
      });
    } else if (s.timer >= 0) {
      vertx.cancelTimer(s.timer);
      s.timer = -1;
      next(s);
    }
  }

  private void next(Shard s) {
    Held first = s.queue.peek();
    if (first == null || closed) {
      return;
    }
    JsonObject head = first.body();
    s.inFlight = true;
    s.sentNanos = System.nanoTime();
    long attempt = ++s.attempt;
    if (s.ownerless) {
      s.servedSinceNanos = s.sentNanos;
    }
    if (s.unsettled()) {
      vertx.setTimer(UNSETTLED_RESEND_MS, id -> {
        if (!closed && s.inFlight && s.attempt == attempt) {
          next(s);
        }
      });
    }
    DeliveryOptions options = new DeliveryOptions().addHeader(Headers.KIND, kind).setSendTimeout(replyTimeoutMs)
        .addHeader(Headers.HELD_MS, Long.toString((s.sentNanos - Math.max(first.queuedNanos(), s.servedSinceNanos)) / 1_000_000));
    bus.request(Addresses.sessionShard(s.number), head, options).onComplete(ar -> {
      if (closed || attempt != s.attempt) {
        return;
      }
      s.inFlight = false;
      if (ar.succeeded()) {
        ownersSeen = true;
        s.ownerless = false;
        done(s);
      } else if (ar.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && r.failureCode() == FailureCode.STORAGE_UNAVAILABLE.code()) {
        // Not now: the owner's database is away, or the shard is moving. Kept, and sent again in order.
        retryLater(s);
      } else if (ar.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        // The owner refused it and would refuse it again: say so and go on with the next.
        log.warn("Session shard {} refused a {} message ({}): {}", s.number, kind, head.getValue("type"), r.getMessage());
        done(s);
      } else if (!ownersSeen && legacyAddress != null && ar.cause() instanceof ReplyException r
          && r.failureType() == ReplyFailure.NO_HANDLERS) {
        bus.send(legacyAddress, head);
        done(s);
      } else {
        retryLater(s);
      }
    });
  }

  private void done(Shard s) {
    s.queue.poll();
    held--;
    s.backoffMs = 0;
    // A shard may have dropped with nothing of its own held (the bound over all shards): told once room is made.
    for (Shard g : gaps.isEmpty() ? List.<Shard>of() : List.copyOf(gaps)) {
      if (g.queue.isEmpty() && gaps.remove(g)) {
        gapListener.accept(g.number);
      }
    }
    next(s);
  }

  private void retryLater(Shard s) {
    s.ownerless = true;
    s.backoffMs = s.backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, s.backoffMs * 2);
    s.timer = vertx.setTimer(s.backoffMs, id -> {
      s.timer = -1;
      next(s);
    });
  }
}
