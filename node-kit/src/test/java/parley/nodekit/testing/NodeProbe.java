package parley.nodekit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import parley.boot.Monitoring;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.Shards;
import parley.contract.session.ShardAcquired;
import parley.nodekit.ProtocolNodeVerticle;

/**
 * Stands in for the session in a protocol node's tests: deploys the node, records the events it
 * sends to the session shard addresses ({@link Addresses#sessionShard}), and sends it commands. Blocking helpers, for test threads.
 */
public class NodeProbe {
  public static final long TIMEOUT_SECONDS = 30;

  public final Vertx vertx;
  public final String nodeId;
  private final String network;
  private final List<JsonObject> events = new ArrayList<>();
  private final List<JsonObject> unclaimed = new ArrayList<>();
  @SuppressWarnings("unchecked")
  private final io.vertx.core.eventbus.MessageConsumer<JsonObject>[] owners =
      new io.vertx.core.eventbus.MessageConsumer[Shards.DEFAULT_COUNT];

  /** Deploys {@code node} with {@code config} as its section {@code network} of the configuration. */
  protected NodeProbe(Vertx vertx, ProtocolNodeVerticle<?> node, String network, JsonObject config) {
    this.vertx = vertx;
    this.network = network;
    // Every shard's owner, as the session processes are together: each event is taken and answered.
    for (int shard = 0; shard < Shards.DEFAULT_COUNT; shard++) {
      owners[shard] = own(shard);
    }
    await(vertx.deployVerticle(node, new DeploymentOptions().setConfig(new JsonObject().put(network, config))));
    nodeId = node.nodeId();
  }

  private io.vertx.core.eventbus.MessageConsumer<JsonObject> own(int shard) {
    return vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shard), m -> {
      synchronized (this) {
        events.add(m.body());
        unclaimed.add(m.body());
        notifyAll();
      }
      m.reply(new JsonObject());
    });
  }

  /**
   * The session process of {@code shard} goes away: nobody takes its events until {@link #ownShardAgain}.
   * Returns once the node has also taken the answers to what it sent before (a ping answered by the node
   * comes after them on its event loop): an answer still on its way would free a place in the node's
   * buffer in the middle of what the test sends next.
   */
  public void leaveShard(int shard) {
    await(owners[shard].unregister());
    command(NodeCommand.PING, null, new JsonObject());
  }

  /**
   * Waits until the node has dropped {@code count} events in all because its buffer for shards
   * without an owner was full (its {@code parley.node.events.dropped} counter): then everything sent
   * before them has reached the node, held or dropped, however slow the machine.
   */
  public void awaitDropped(double count) {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
    double dropped = 0;
    while (System.currentTimeMillis() < deadline) {
      dropped = Monitoring.meters(vertx).find("parley.node.events.dropped").counters().stream()
          .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
      if (dropped >= count) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    fail("the node dropped " + dropped + " events, not " + count);
  }

  /** A session process takes {@code shard} again and says so, as a new owner does. */
  public void ownShardAgain(int shard) {
    owners[shard] = own(shard);
    await(owners[shard].completion());
    vertx.eventBus().publish(Addresses.SESSION_SHARDS, new ShardAcquired(shard, 2, "probe").toJson());
  }

  // ---- commands ----

  public JsonObject connect(JsonObject command) {
    return request(Addresses.nodeConnect(network), command);
  }

  /** Connects and waits for {@code connecting}, {@code connected} and the roster; returns the roster event. */
  public JsonObject connectAndAwaitRoster(JsonObject connectCommand) {
    String accountId = connectCommand.getString("accountId");
    connect(connectCommand);
    awaitState(accountId, "connecting");
    awaitState(accountId, "connected");
    return awaitEvent(accountId, NodeEvent.ROSTER, e -> true);
  }

  public JsonObject command(String type, String accountId, JsonObject fields) {
    JsonObject body = fields.copy().put("type", type);
    if (accountId != null) {
      body.put("accountId", accountId);
    }
    return request(Addresses.node(nodeId), body);
  }

  /** A command whose reply may take a while (held back by a rate limit, for example). */
  public Future<JsonObject> commandAsync(String type, String accountId, JsonObject fields) {
    JsonObject body = fields.copy().put("type", type).put("accountId", accountId);
    return vertx.eventBus().<JsonObject>request(Addresses.node(nodeId), body,
        new DeliveryOptions().setSendTimeout(TIMEOUT_SECONDS * 1000)).map(m -> m.body());
  }

  public JsonObject request(String address, Object body) {
    return await(vertx.eventBus().<JsonObject>request(address, body)).body();
  }

  /** Sends a command that must fail, and returns the failure. */
  public ReplyException failure(String address, Object body) {
    try {
      vertx.eventBus().request(address, body).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException r) {
        return r;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
    return fail("Expected a failure reply from " + address);
  }

  public static void assertFailure(ReplyException reply, FailureCode code) {
    assertEquals(code.code(), reply.failureCode(), () -> "code of " + reply.getMessage());
  }

  // ---- events ----

  public JsonObject awaitState(String accountId, String state) {
    return awaitEvent(accountId, NodeEvent.CONNECTION_STATE, e -> state.equals(e.getString("state")));
  }

  /** The first not yet claimed event of this account and type that matches, waiting for it if needed. */
  public synchronized JsonObject awaitEvent(String accountId, String type, Predicate<JsonObject> match) {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
    while (true) {
      for (JsonObject e : unclaimed) {
        if (accountId.equals(e.getString("accountId")) && type.equals(e.getString("type")) && match.test(e)) {
          unclaimed.remove(e);
          return e;
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return fail("No '" + type + "' event for account " + accountId + " in time; events so far: " + events);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Every event of this account and type received so far, claimed or not. */
  public synchronized List<JsonObject> eventsOf(String accountId, String type) {
    return events.stream()
        .filter(e -> accountId.equals(e.getString("accountId")) && type.equals(e.getString("type")))
        .toList();
  }

  public static String newAccountId() {
    return UUID.randomUUID().toString();
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
