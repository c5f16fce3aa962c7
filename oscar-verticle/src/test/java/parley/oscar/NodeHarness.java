package parley.oscar;

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
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Network;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.oscar.testing.OscarTestServer;

/**
 * Stands in for the session: deploys an {@link OscarNodeVerticle}, records the events it sends to
 * {@link Addresses#SESSION_IM_EVENTS}, and sends it commands. Blocking helpers, for test threads.
 */
final class NodeHarness {
  static final long TIMEOUT_SECONDS = 30;

  final Vertx vertx;
  final String nodeId;
  private final List<JsonObject> events = new ArrayList<>();
  private final List<JsonObject> unclaimed = new ArrayList<>();

  NodeHarness(Vertx vertx, JsonObject oscarConfig) {
    this.vertx = vertx;
    vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_IM_EVENTS, m -> {
      synchronized (this) {
        events.add(m.body());
        unclaimed.add(m.body());
        notifyAll();
      }
    });
    OscarNodeVerticle verticle = new OscarNodeVerticle();
    await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("oscar", oscarConfig))));
    nodeId = verticle.nodeId();
  }

  static JsonObject fastConfig() {
    return new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2).put("connectTimeoutSeconds", 5)
        .put("maxSendHoldSeconds", 25);
  }

  JsonObject connectCommand(String accountId, OscarTestServer server, String login, String password) {
    return new JsonObject().put("type", NodeCommand.CONNECT).put("accountId", accountId).put("userId", "user-" + accountId)
        .put("login", login).put("password", password)
        .put("host", server.host()).put("port", server.port()).put("tls", "required")
        .put("presence", new JsonObject().put("show", "available").put("status", ""));
  }

  JsonObject connect(JsonObject command) {
    return request(Addresses.nodeConnect(Network.OSCAR), command);
  }

  /** Connects and waits for {@code connected} and the buddy list; returns the roster event. */
  JsonObject connectAndAwaitRoster(String accountId, OscarTestServer server, String login, String password) {
    connect(connectCommand(accountId, server, login, password));
    awaitState(accountId, "connecting");
    awaitState(accountId, "connected");
    return awaitEvent(accountId, NodeEvent.ROSTER, e -> true);
  }

  JsonObject command(String type, String accountId, JsonObject fields) {
    JsonObject body = fields.copy().put("type", type);
    if (accountId != null) {
      body.put("accountId", accountId);
    }
    return request(Addresses.node(nodeId), body);
  }

  Future<JsonObject> commandAsync(String type, String accountId, JsonObject fields) {
    JsonObject body = fields.copy().put("type", type).put("accountId", accountId);
    return vertx.eventBus().<JsonObject>request(Addresses.node(nodeId), body,
        new DeliveryOptions().setSendTimeout(TIMEOUT_SECONDS * 1000)).map(m -> m.body());
  }

  JsonObject request(String address, Object body) {
    return await(vertx.eventBus().<JsonObject>request(address, body)).body();
  }

  /** Sends a command that must fail, and returns the failure. */
  ReplyException failure(String address, Object body) {
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

  static void assertFailure(ReplyException reply, FailureCode code) {
    assertEquals(code.code(), reply.failureCode(), () -> "code of " + reply.getMessage());
  }

  JsonObject awaitState(String accountId, String state) {
    return awaitEvent(accountId, NodeEvent.CONNECTION_STATE, e -> state.equals(e.getString("state")));
  }

  /** The first not yet claimed event of this account and type that matches, waiting for it if needed. */
  synchronized JsonObject awaitEvent(String accountId, String type, Predicate<JsonObject> match) {
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

  synchronized List<JsonObject> eventsOf(String accountId, String type) {
    return events.stream()
        .filter(e -> accountId.equals(e.getString("accountId")) && type.equals(e.getString("type")))
        .toList();
  }

  static String newAccountId() {
    return UUID.randomUUID().toString();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
