package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.ParleyException;
import parley.contract.Shards;
import parley.contract.session.BrowserAttachment;
import parley.contract.session.ShardAcquired;

/**
 * The shards this process serves, as {@link ShardOwner} hands them out: one consumer on each
 * served shard's address, taking browser commands, browser attachments and node events for the
 * shard's users (told apart by {@link Headers#KIND}). Handing a shard over waits for what is under
 * way for its users, then forgets them: their state is in the database for the next owner.
 */
final class ShardRoutes implements ShardOwner.Listener {
  private static final Logger log = LoggerFactory.getLogger(ShardRoutes.class);

  /** What handles each kind of message; every one answers when it is applied. */
  interface Handlers {
    Future<JsonObject> command(String userId, JsonObject body);

    Future<JsonObject> signOut(JsonObject body);

    Future<Void> browser(UserSession user, BrowserAttachment attachment);

    /** {@code heldMs}: how long the node held it before sending ({@link Headers#HELD_MS}; 0 when it does not say). */
    Future<Void> imEvent(JsonObject body, long heldMs);
  }

  private static final class Served {
    final MessageConsumer<Object> consumer;
    final Set<Future<?>> inFlight = new HashSet<>();

    Served(MessageConsumer<Object> consumer) {
      this.consumer = consumer;
    }
  }

  private final Vertx vertx;
  private final EventBus bus;
  private final Sessions sessions;
  private final Handlers handlers;
  private final String owner;
  /** How long a handover waits at most for the shard's work under way. */
  private final long drainMs;
  private final Map<Integer, Served> served = new HashMap<>();
  private final Function<String, Future<Void>> forgotten;

  ShardRoutes(Vertx vertx, Sessions sessions, Handlers handlers, String owner, long drainMs) {
    this(vertx, sessions, handlers, owner, drainMs, address -> Future.succeededFuture());
  }

  /**
   * @param forgotten completes once no process that left the cluster is still listed as a consumer
   *     of the address ({@link ClusterWatch#forgotten}), or after a bound
   */
  ShardRoutes(Vertx vertx, Sessions sessions, Handlers handlers, String owner, long drainMs,
      Function<String, Future<Void>> forgotten) {
    this.forgotten = forgotten;
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.sessions = sessions;
    this.handlers = handlers;
    this.owner = owner;
    this.drainMs = drainMs;
  }

  String owner() {
    return owner;
  }

  int held() {
    return served.size();
  }

  /** Completes when the consumers of the shards served now are registered. */
  Future<Void> registered() {
    return Future.join(served.values().stream().<Future<?>>map(s -> s.consumer.completion()).toList()).mapEmpty();
  }

  @Override
  public void acquired(int shard, long epoch) {
    sessions.serve(new ShardLeases.Fence(shard, owner, epoch));
    MessageConsumer<Object> consumer = bus.consumer(Addresses.sessionShard(shard));
    Served s = new Served(consumer);
    consumer.handler(msg -> dispatch(shard, s, msg));
    // Messages still queued for the consumer when it is unregistered (a handover) are not applied:
    // answered "moving" so their senders send them again to the next owner. Without this Vert.x
    // answers them TIMEOUT, which a sender cannot tell from a message applied but answered late.
    if (consumer instanceof io.vertx.core.eventbus.impl.MessageConsumerImpl<Object> impl) {
      impl.discardHandler(msg -> FailureCode.STORAGE_UNAVAILABLE.fail(msg, Shards.MOVING_TEXT));
    }
    served.put(shard, s);
    // Told once the consumer is known in the cluster, so whoever hears it reaches this process; and,
    // after a takeover from a process that left the cluster, once its consumer is forgotten: a sender
    // that sends again at the notice must not pick the dead one (its request would wait for the reply timeout).
    consumer.completion().compose(v -> forgotten.apply(Addresses.sessionShard(shard))).onSuccess(v -> {
      if (served.get(shard) == s) {
        log.debug("Serving shard {} (epoch {})", shard, epoch);
        bus.publish(Addresses.SESSION_SHARDS, new ShardAcquired(shard, epoch, owner).toJson());
      }
    }).onFailure(err -> log.error("Consumer of shard {} not registered: {}", shard, err.toString()));
  }

  @Override
  public Future<Void> releasing(int shard) {
    Served s = served.remove(shard);
    if (s == null) {
      return Future.succeededFuture();
    }
    // No new message reaches this process for the shard; what it took finishes, then its users go.
    Promise<Void> drained = Promise.promise();
    long timer = vertx.setTimer(drainMs, id -> {
      log.warn("Shard {}: work under way not done after {} ms; handing it over anyway", shard, drainMs);
      drained.tryComplete();
    });
    s.consumer.unregister()
        .transform(v -> Future.join(List.copyOf(s.inFlight)))
        .transform(v -> Future.join(sessions.loadedIn(shard).stream().<Future<?>>map(UserSession::settled).toList()))
        .onComplete(ar -> drained.tryComplete());
    return drained.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      sessions.stopServing(shard);
      sessions.unloadShard(shard);
      log.debug("Shard {} handed over", shard);
    });
  }

  @Override
  public void lost(int shard) {
    Served s = served.remove(shard);
    sessions.stopServing(shard);
    sessions.unloadShard(shard);
    if (s != null) {
      s.consumer.unregister();
    }
  }

  private void dispatch(int shard, Served s, Message<Object> msg) {
    String kind = msg.headers().get(Headers.KIND);
    Object body = msg.body();
    String userId = Headers.KIND_COMMAND.equals(kind) ? msg.headers().get(Headers.USER_ID)
        : body instanceof JsonObject json && json.getValue("userId") instanceof String id ? id : null;
    if (userId == null || userId.isBlank()) {
      FailureCode.NOT_SIGNED_IN.fail(msg, Headers.KIND_COMMAND.equals(kind) ? null : "The message names no userId.");
      return;
    }
    if (sessions.shardOf(userId) != shard) {
      FailureCode.MALFORMED.fail(msg, "User " + userId + " belongs to shard " + sessions.shardOf(userId)
          + ", not " + shard + ".");
      return;
    }
    Future<?> work = LogContext.user(userId).<Future<?>>call(() -> switch (kind == null ? "" : kind) {
      case Headers.KIND_COMMAND -> answer(msg, json -> handlers.command(userId, json));
      case Headers.KIND_SIGN_OUT -> answer(msg, handlers::signOut);
      case Headers.KIND_BROWSER -> answer(msg, json -> {
        BrowserAttachment attachment = BrowserAttachment.fromJson(json);
        return sessions.get(userId).compose(user -> handlers.browser(user, attachment)).map(v -> new JsonObject());
      });
      case Headers.KIND_IM_EVENT -> answer(msg, json -> handlers.imEvent(json, heldMs(msg)).map(v -> new JsonObject())
          .recover(ShardRoutes::appliedOrFailed));
      default -> {
        FailureCode.UNKNOWN_TYPE.fail(msg, "Unknown " + Headers.KIND + " \"" + kind + "\".");
        yield Future.succeededFuture();
      }
    });
    s.inFlight.add(work);
    work.onComplete(ar -> {
      s.inFlight.remove(work);
      sessions.unloadIfIdle(userId);
    });
  }

  /** What a sender says of how long it held the message; 0 when it says nothing, or nothing readable. */
  private static long heldMs(Message<Object> msg) {
    String held = msg.headers().get(Headers.HELD_MS);
    try {
      return held == null ? 0 : Math.max(0, Long.parseLong(held));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A node event for a user that does not exist cannot be applied ever: it counts as done. */
  private static Future<JsonObject> appliedOrFailed(Throwable err) {
    if (err instanceof ParleyException p && p.code() == FailureCode.NOT_SIGNED_IN) {
      log.warn("Dropped a node event for an unknown user");
      return Future.succeededFuture(new JsonObject());
    }
    return Future.failedFuture(err);
  }

  /** Answers as {@link parley.contract.Replies#answer} does, and says when it is done. */
  private static Future<JsonObject> answer(Message<Object> msg, Function<JsonObject, Future<JsonObject>> handler) {
    if (!(msg.body() instanceof JsonObject body)) {
      FailureCode.MALFORMED.fail(msg, "The request must be a JSON object with a type.");
      return Future.succeededFuture();
    }
    Future<JsonObject> answer;
    try {
      answer = handler.apply(body);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.onSuccess(msg::reply).onFailure(err -> {
      if (!(err instanceof ParleyException)) {
        log.error("{} {} for shard address {} failed", msg.headers().get(Headers.KIND), body.getString("type"),
            msg.address(), err);
      }
      FailureCode.replyTo(msg, err);
    });
  }

  /** Attach and detach of a browser socket, as {@code parley.session.browsers} says. */
  static void browserAttachment(UserSession user, IdlePolicy idle, WebNodeWatch webNodes, BrowserAttachment a) {
    if (a.attached()) {
      idle.attached(user, a.socketId());
      webNodes.attached(user, a.socketId(), a.webNodeId());
    } else {
      idle.detached(user, a.socketId());
      webNodes.detached(a.socketId(), a.webNodeId());
    }
  }
}
