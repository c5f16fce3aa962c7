package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.session.testing.Eventually.awaitUntil;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.boot.ClusterBoot;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.ConnectionState;
import parley.contract.Headers;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.Shards;
import parley.contract.browser.AccountReply;
import parley.contract.testing.ClusterPorts;
import parley.contract.testing.TestNetworks;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.testing.TestDatabase;

/**
 * Issue 11's slow drain after a node restart (~37 s in the rolling restart): a drain's move sends
 * its {@code connect} to the network's shared address, and the bus of the session's process picks
 * among the registrations it knows of. One it still knows of whose process has no consumer (a node
 * that let go of the address a moment ago, while the cluster's view catches up) gets the message
 * and drops it without an answer, so the move waited for the full request timeout (10 s), failed,
 * and the draining node waited its 30 s for that account plus a round's pause. Two clustered
 * processes on their own cluster name, real PostgreSQL: the session's, which also stands in for the
 * nodes, and a second one that holds such a registration (made through the cluster manager, with
 * no consumer behind it: what the session's view holds in that moment).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MoveConnectUnansweredTest {
  private static final int SHARDS = 8;
  private static final String OLD_NODE = "old-node";
  private static final String NEW_NODE = "new-node";
  private static final String LATE_NODE = "late-node";

  private final List<Vertx> vertxes = new ArrayList<>();
  private final JsonObject db = TestDatabase.freshDatabase();
  private final String credentialKey = key();
  private final String clusterName = "parley-move-test-" + UUID.randomUUID();
  private final int basePort = ClusterPorts.base(2);
  /** Every connect the stand-in nodes took. */
  private final BlockingQueue<JsonObject> connects = new LinkedBlockingQueue<>();
  /** Commands to a node's own address, by node. */
  private final Map<String, BlockingQueue<JsonObject>> nodeCommands = new HashMap<>();
  /** The node a connect is answered from. */
  private volatile String connectingNode = OLD_NODE;
  /** How many of the next connects are answered from {@link #LATE_NODE} only after the move's wait ran out. */
  private final java.util.concurrent.atomic.AtomicInteger lateAnswers = new java.util.concurrent.atomic.AtomicInteger();
  private Vertx bus;
  private Pool pool;

  @AfterEach
  void close() {
    for (Vertx v : vertxes) {
      v.close().await();
    }
  }

  private static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private JsonObject config(int port) {
    return new JsonObject()
        .put("db", db)
        .put("session", new JsonObject().put("credentialKey", credentialKey).put("bcryptCost", 4)
            .put("idleTimeoutSeconds", 60).put("shardLeaseMs", 3000).put("shardRenewMs", 1000).put("nodeCheckSeconds", 60))
        .put("cluster", new JsonObject().put("shards", SHARDS).put("configFile", "no-such-file.xml")
            .put("name", clusterName).put("port", port).put("joinWaitSeconds", 1)
            .put("members", new JsonArray().add("127.0.0.1:" + basePort).add("127.0.0.1:" + (basePort + 1))));
  }

  private Vertx clustered(int index) {
    Vertx v = Vertx.builder().withClusterManager(new HazelcastClusterManager(ClusterBoot.hazelcastConfig(
        config(basePort + index)))).buildClustered().await();
    vertxes.add(v);
    return v;
  }

  /** The session's process: the session, and the stand-in nodes (connect answered from {@link #connectingNode}). */
  private void sessionProcess() {
    bus = clustered(0);
    bus.eventBus().<JsonObject>consumer(Addresses.nodeConnect(TestNetworks.XMPP), msg -> {
      connects.add(msg.body());
      if (lateAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        bus.setTimer(NodeLink.CONNECT_ANSWER_TIMEOUT_MS + 1000, t -> msg.reply(new JsonObject().put("nodeId", LATE_NODE)));
        return;
      }
      msg.reply(new JsonObject().put("nodeId", connectingNode));
    }).completion().await();
    for (String node : List.of(OLD_NODE, NEW_NODE, LATE_NODE)) {
      BlockingQueue<JsonObject> commands = new LinkedBlockingQueue<>();
      nodeCommands.put(node, commands);
      bus.eventBus().<JsonObject>consumer(Addresses.node(node), msg -> {
        commands.add(msg.body());
        msg.reply(NodeCommand.PING.equals(msg.body().getString("type"))
            ? new JsonObject().put("nodeId", node).put("accounts", new JsonArray()) : new JsonObject());
      }).completion().await();
    }
    TestNetworks.advertise(bus);
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(bus).build();
    bus.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config(basePort))).await();
  }

  /**
   * A registration of the connect address on a second process that has no consumer for it: the
   * session's bus sends some connects there, and that process drops them without an answer.
   */
  private Runnable registrationWithoutConsumer() throws InterruptedException {
    Vertx other = clustered(1);
    ClusterManager cluster = ((VertxInternal) other).clusterManager();
    RegistrationInfo registration = new RegistrationInfo(cluster.getNodeId(), 1, false);
    Promise<Void> added = Promise.promise();
    cluster.addRegistration(Addresses.nodeConnect(TestNetworks.XMPP), registration, added);
    added.future().await();
    // The session's process hears of it through the cluster (events, a 20-ms throttle).
    Thread.sleep(1000);
    return () -> cluster.removeRegistration(Addresses.nodeConnect(TestNetworks.XMPP), registration, Promise.promise());
  }

  private JsonObject command(String userId, JsonObject body) {
    return bus.eventBus().<JsonObject>request(Shards.address(userId, SHARDS), body, new DeliveryOptions()
        .addHeader(Headers.KIND, Headers.KIND_COMMAND).addHeader(Headers.USER_ID, userId)).await().body();
  }

  /** A node event to the user's shard, sent again while the shard has no owner yet, as a node does. */
  private void nodeEvent(String userId, String accountId, String type, JsonObject body, String nodeId) throws InterruptedException {
    JsonObject event = body.copy().put("type", type).put("nodeId", nodeId).put("userId", userId).put("accountId", accountId);
    long end = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        bus.eventBus().request(Shards.address(userId, SHARDS), event, new DeliveryOptions()
            .addHeader(Headers.KIND, Headers.KIND_IM_EVENT).setSendTimeout(3000)).await();
        return;
      } catch (ReplyException e) {
        if (System.currentTimeMillis() > end || e.failureType() == ReplyFailure.RECIPIENT_FAILURE && !Shards.moving(e)) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private String signUp(String name) throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        return bus.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
            new SignIn(SessionRequest.SIGN_UP, name, "password-of-" + name, null).toJson())
            .map(m -> Identity.fromJson(m.body())).await().userId();
      } catch (ReplyException e) {
        if (System.currentTimeMillis() > end || e.failureType() != ReplyFailure.NO_HANDLERS) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** An account connected through {@link #OLD_NODE}, as before the drain. */
  private String addConnectedAccount(String userId, String login) throws InterruptedException {
    String accountId = AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", login)
        .put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222).put("tls", "if-offered"))).account().id();
    // The command's answer may come before its connect is sent: wait until old-node's answer is recorded.
    awaitUntil(() -> OLD_NODE.equals(recordedNode(accountId)), 5000, "the account's connect answered by old-node");
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED), OLD_NODE);
    return accountId;
  }

  private String recordedNode(String accountId) {
    return pool.preparedQuery("select node_id from session.im_accounts where id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(accountId))).await().iterator().next().getString(0);
  }

  private boolean connectTaken(String accountId) {
    return connects.stream().anyMatch(c -> accountId.equals(c.getString("accountId")));
  }

  @Test
  void aMoveWhoseConnectIsDroppedUnansweredIsAskedAgainWithinSecondsNotAfterTheRequestTimeout() throws Exception {
    sessionProcess();
    String userId = signUp("mover");
    List<String> accounts = List.of(addConnectedAccount(userId, "mover1@example.org"),
        addConnectedAccount(userId, "mover2@example.org"));
    Runnable viewCatchesUp = registrationWithoutConsumer();
    connects.clear();
    connectingNode = NEW_NODE;

    // old-node drains: it asks to move both accounts. The bus sends one of the two connects to the
    // process without a consumer (round robin over two registrations); a second later the cluster's
    // view no longer holds that registration, as when a draining node's is gone from every view.
    long asked = System.currentTimeMillis();
    for (String accountId : accounts) {
      nodeEvent(userId, accountId, NodeEvent.MOVE_ASKED, new JsonObject(), OLD_NODE);
    }
    bus.setTimer(1000, t -> viewCatchesUp.run());
    awaitUntil(() -> accounts.stream().allMatch(this::connectTaken), 8000,
        "both moves' connects reach a node that takes them (taken: " + connects + ")");
    System.out.printf("move: both connects taken %d ms after the move was asked%n", System.currentTimeMillis() - asked);

    // The new connections come up and catch up: the accounts are recorded on new-node, the old ones closed.
    for (String accountId : accounts) {
      nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED), NEW_NODE);
      nodeEvent(userId, accountId, NodeEvent.ARCHIVE_SYNCED, new JsonObject(), NEW_NODE);
    }
    awaitUntil(() -> accounts.stream().allMatch(id -> NEW_NODE.equals(recordedNode(id))), 5000, "both accounts recorded on new-node");
    awaitUntil(() -> nodeCommands.get(OLD_NODE).stream().filter(c -> NodeCommand.DISCONNECT.equals(c.getString("type"))).count() == 2,
        5000, "both old connections closed on old-node");
    assertEquals(2, connects.stream().map(c -> c.getString("accountId")).distinct().count());
    assertTrue(accounts.stream().allMatch(this::connectTaken));
  }

  /**
   * Asking again must be safe: a connect taken by a node that answered too late leaves a second
   * new connection the session never heard of. It is closed when it reports, and the move ends on
   * the node that answered.
   */
  @Test
  void aConnectionOpenedByAMoveConnectAnsweredTooLateIsClosedWhenItReports() throws Exception {
    sessionProcess();
    String userId = signUp("slow");
    String accountId = addConnectedAccount(userId, "slow@example.org");
    connects.clear();
    connectingNode = NEW_NODE;
    lateAnswers.set(1);

    nodeEvent(userId, accountId, NodeEvent.MOVE_ASKED, new JsonObject(), OLD_NODE);
    awaitUntil(() -> connects.size() == 2, 10_000, "the move's connect asked again after no answer came (taken: " + connects + ")");
    // late-node took the first connect after all: its connection comes up, as does new-node's.
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED), LATE_NODE);
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED), NEW_NODE);
    nodeEvent(userId, accountId, NodeEvent.ARCHIVE_SYNCED, new JsonObject(), NEW_NODE);

    JsonObject disconnect = new JsonObject().put("type", NodeCommand.DISCONNECT).put("accountId", accountId);
    awaitUntil(() -> nodeCommands.get(LATE_NODE).contains(disconnect), 5000,
        "the connection on late-node is closed (its commands: " + nodeCommands.get(LATE_NODE) + ")");
    awaitUntil(() -> nodeCommands.get(OLD_NODE).contains(disconnect), 5000, "the old connection on old-node is closed");
    // Written in the user's order, a moment after the switch.
    awaitUntil(() -> NEW_NODE.equals(recordedNode(accountId)), 5000, "the account recorded on the node that answered");
    assertTrue(nodeCommands.get(NEW_NODE).stream().noneMatch(c -> NodeCommand.DISCONNECT.equals(c.getString("type"))),
        "the connection the account moved to stays open: " + nodeCommands.get(NEW_NODE));
  }
}
