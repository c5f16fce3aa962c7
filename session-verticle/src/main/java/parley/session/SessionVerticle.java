package parley.session;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.Monitoring;
import parley.boot.ParleyConfig;
import parley.boot.Settings;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeStatus;
import parley.contract.ParleyException;
import parley.contract.Replies;
import parley.contract.SessionRequest;
import parley.contract.Shards;
import parley.contract.browser.NetworksEvent;
import parley.contract.nodes.NodeStatusWanted;
import parley.contract.nodes.NodesDrain;
import parley.contract.nodes.NodesDrained;
import parley.contract.session.BrowserAttachment;
import parley.contract.session.SignOut;

/**
 * Owns Parley users, their IM accounts, browser attachments, each user's event stream and
 * message history. Configuration: sections {@code session} and {@code db}.
 */
public class SessionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionVerticle.class);

  private Database database;
  private ShardRoutes routes;
  private ShardOwner shardOwner;
  /** How long a reconnect after a node loss waits for Vert.x to forget the lost node's consumers. */
  private static final long FORGET_MS = 3_000L;
  private ClusterWatch clusterWatch;
  private Networks networks;

  @Override
  public Future<?> start() {
    JsonObject config = ParleyConfig.section(config(), "session");
    int shards = ParleyConfig.section(config(), "cluster").getInteger("shards", Shards.DEFAULT_COUNT);
    return Database.open(vertx, ParleyConfig.section(config(), "db")).compose(db -> {
      database = db;
      Monitoring.readyWhen(vertx, "session-database", () -> db.pool().query("select 1").execute(),
          "The session's database does not answer.");
      return vertx.executeBlocking(() -> wire(config, db, shards), false);
    }).compose(consumers -> {
      Monitoring.ready(vertx, "session-consumers", () -> java.util.Arrays.stream(consumers).allMatch(MessageConsumer::isRegistered),
          "The session's event-bus consumers are not registered.");
      return Future.all(java.util.Arrays.stream(consumers).map(MessageConsumer::completion).toList());
    }).compose(v -> {
      askNodes();
      // Another member may route a publish here only a moment after this process's consumers are
      // registered, so the answers to the first ask can miss it (seen in CI): asked again, rather
      // than refusing accounts until the nodes' next interval.
      for (long ms : ASK_NODES_AGAIN_MS) {
        vertx.setTimer(ms, t -> askNodes());
      }
      // Those answers can miss this process for seconds on a loaded machine (seen in CI): a running
      // session process says what it knows before this one takes users from it, or their sends
      // would be refused as if no node offered their network.
      return networksFromPeer();
    }).compose(v -> {
      // Serving starts here, on the verticle's event loop: the share is taken before start completes.
      shardOwner = new ShardOwner(vertx, new ShardLeases(database.pool()), routes.owner(), clusterWatch.membership(), shards,
          config.getLong("shardLeaseMs", 8_000L), config.getLong("shardRenewMs", 2_000L), routes);
      return shardOwner.start().compose(x -> shardOwner.firstRound()).compose(x -> routes.registered());
    }).compose(v -> vertx.eventBus().consumer(Addresses.SESSION_NETWORKS,
        // Registered only now, so that this process's own ask above went to another one.
        msg -> msg.reply(new JsonObject().put("networks", networks.toJson()))).completion()
    ).onSuccess(v -> log.info("Session process {} serves {} of {} shards", routes.owner(), routes.held(), shards));
  }

  /** When a starting process asks the nodes again (ms after the first ask). */
  static final long[] ASK_NODES_AGAIN_MS = {300, 1_500};

  /** How long a starting process waits for a running one to say which networks it knows. */
  static final long PEER_NETWORKS_TIMEOUT_MS = 3_000;

  private Future<Void> networksFromPeer() {
    return vertx.eventBus().<Object>request(Addresses.SESSION_NETWORKS, new JsonObject(),
            new DeliveryOptions().setSendTimeout(PEER_NETWORKS_TIMEOUT_MS))
        .<Void>map(reply -> {
          if (reply.body() instanceof JsonObject body && body.getValue("networks") instanceof JsonArray list) {
            networks.fromPeer(list);
          }
          return null;
        }).otherwise(err -> {
          // The first session process of a cluster has nobody to ask; one that does not answer is not waited for.
          if (!(err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS)) {
            log.info("No running session process said which networks it knows ({}); the nodes' own descriptors will come",
                err.getMessage());
          }
          return null;
        });
  }

  private void askNodes() {
    // Every running node describes its network at once, not only at its next interval.
    vertx.eventBus().publish(Addresses.NETWORKS, new JsonObject().put("type", NetworkDescriptor.WANTED));
    // And its status: which cluster member each node lives in, so a node lost from now on is noticed.
    vertx.eventBus().publish(Addresses.NODES_STATUS, new NodeStatusWanted().toJson());
  }

  private MessageConsumer<?>[] wire(JsonObject config, Database db, int shards) {
    EventBus bus = vertx.eventBus();
    CredentialCipher cipher = CredentialKey.cipher(config.getString("credentialKey"),
        config.getString("credentialKeyFile", "data/credential.key"));
    PasswordHasher hasher = new PasswordHasher(config.getInteger("bcryptCost", 10));
    OutboxRelay relay = new OutboxRelay(vertx, db.pool(), config.getInteger("usageBatchSize", 1000),
        config.getInteger("usageBatchesInFlight", 2),
        config.getLong("usageReplyTimeoutMs", 10_000L), config.getLong("usageLingerMs", 25L),
        config.getLong("usageRetryMs", 2_000L), config.getLong("usageRetryMaxMs", 60_000L),
        config.getLong("usageBehindLogMs", 60_000L));
    Allowances allowances = new Allowances(bus);
    UserStore users = new UserStore(db.pool(), relay::written);
    AccountStore accounts = new AccountStore(db.pool());
    GroupCommit messageWrites = new GroupCommit(db.pool(),
        config.getInteger("messageWritesInFlight", GroupCommit.inFlightFor(db.poolSize())), GroupCommit.MAX_BATCH);
    HistoryStore history = new HistoryStore(db.pool(), messageWrites, relay::written);
    UserStateStore state = new UserStateStore(db.pool());
    // Loaded users hear when the networks change (a node of a new network started, or described it anew).
    List<Sessions> holder = new java.util.ArrayList<>(1);
    String defaultNetwork = config.getString("defaultNetwork",
        (String) Settings.byName().get("session.defaultNetwork").defaultValue());
    networks = new Networks(defaultNetwork, list -> holder.forEach(s -> s.loaded().forEach(
        u -> u.events.publish(new NetworksEvent(list)))));
    NodeLink nodes = new NodeLink(vertx, cipher, state, config.getLong("nodeRequestTimeoutMs", 10_000L), networks);
    IdlePolicy idle = new IdlePolicy(vertx, nodes, config.getLong("idleTimeoutSeconds", 300L) * 1000);
    clusterWatch = new ClusterWatch(vertx);
    WebNodeWatch webNodes = new WebNodeWatch(clusterWatch::members, idle);
    NodeDirectory nodeDirectory = new NodeDirectory(System::nanoTime, clusterWatch::members);
    NodeDrains drains = new NodeDrains(bus, nodeDirectory, config.getLong("nodeRequestTimeoutMs", 10_000L));
    OrphanedSends orphans = new OrphanedSends(history);
    Sessions sessions = new Sessions(bus, users, accounts, state, orphans, config.getInteger("eventWindow", 5000), shards,
        user -> {
          allowances.ask(user.userId);
          // Connections an earlier owner opened: their nodes say how they are now; with no
          // browser attached they close after the idle time, as they would have there.
          // A connection on a node lost with its process reconnects through another node at once.
          user.accounts.values().forEach(a -> {
            if (nodeDirectory.isLost(a.nodeId)) {
              String lost = a.nodeId;
              clusterWatch.forgotten(networks.connectAddresses(), FORGET_MS).onComplete(v -> nodes.nodesLost(Set.of(lost), List.of(user)));
            } else {
              nodes.resync(user, a);
            }
          });
          if (user.accounts.values().stream().anyMatch(AccountSession::active)) {
            idle.startTimerIfIdle(user);
          }
        },
        user -> {
          idle.cancelTimer(user);
          if (!user.browsers.isEmpty()) {
            webNodes.forget(user);
          }
        });
    holder.add(sessions);
    idle.afterIdleClose(user -> sessions.unloadIfIdle(user.userId));
    OnlineMinutes online = new OnlineMinutes(db.pool(), () -> List.copyOf(sessions.loaded()),
        config.getLong("onlineMinuteMs", 60_000L), relay::written);
    HashingPool hashing = new HashingPool(vertx, config.getInteger("bcryptThreads", Runtime.getRuntime().availableProcessors()),
        config.getInteger("bcryptMaxJobs", 64));
    AuthService auth = new AuthService(users, sessions, idle, hasher, hashing, new SignInLimits(config));
    warnWithoutAdmin(config, users);
    Storage storage = new Storage(vertx, db.pool(), sessions::loaded, config.getLong("storageRetryMs", 1_000L),
        config.getLong("storageRetryMaxMs", 15_000L), config.getInteger("storageBufferSize", 10_000));
    SessionMeters meters = new SessionMeters(vertx);
    meters.messageWrites(messageWrites);
    LoadShedder shedder = new LoadShedder(messageWrites::oldestWaitMs, sessions::oldestQueuedWriteMs,
        config.getLong("maxWriteDelayMs", 2000L),
        config.getLong("maxLoopLagMs", 2000L), meters.shedCounter());
    shedder.start(vertx);
    RoomChats rooms = new RoomChats(history, new RoomStore(db.pool()), storage, nodes, cipher,
        new UserBudgets(config.getDouble("roomArchivePagesPerMinute", 30.0), 10,
            "Too many pages of older messages from rooms at once; wait a few seconds and try again."), networks);
    People people = new People(state, history, storage, config.getInteger("maxContactsPerPerson", 20),
        new UserBudgets(config.getDouble("personMergesPerMinute", 20.0), 10,
            "Too many merges at once; wait a minute and merge again."),
        new UserBudgets(config.getDouble("personMergesPerMinute", 20.0), 10,
            "Too many suggestions dismissed at once; wait a minute and try again."), networks);
    BrowserCommands commands = new BrowserCommands(sessions, accounts, history, orphans, cipher, nodes, idle, allowances, storage,
        state, meters::catchUp, new UploadSlots(nodes, config.getLong("maxUploadBytes", 10L * 1024 * 1024), networks), rooms,
        new HistorySearch(db.pool()),
        new UserBudgets(config.getDouble("searchesPerMinute", 60.0), 10,
            "Too many searches at once; wait a few seconds and search again."),
        new UserBudgets(config.getDouble("exportsPerHour", 10.0) / 60, 3,
            "Too many exports lately; wait a few minutes and export again."), people, networks,
        new RecentChats(db.pool(), new UserBudgets(config.getDouble("recentChatsPerMinute", 60.0), 20,
            "Too many requests for recent conversations at once; wait a few seconds and try again.")), shedder);
    ImEvents imEvents = new ImEvents(sessions, history, idle, storage, nodes, state, rooms, nodeDirectory::leaving, people, networks);
    long leaseMs = config.getLong("shardLeaseMs", 8_000L);
    routes = new ShardRoutes(vertx, sessions, new ShardRoutes.Handlers() {
      @Override
      public Future<JsonObject> command(String userId, JsonObject body) {
        return commands.handle(userId, body);
      }

      @Override
      public Future<JsonObject> signOut(JsonObject body) {
        return auth.handle(body);
      }

      @Override
      public Future<Void> browser(UserSession user, BrowserAttachment attachment) {
        ShardRoutes.browserAttachment(user, idle, webNodes, attachment);
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> imEvent(JsonObject body, long heldMs) {
        shedder.eventHeld(heldMs);
        return imEvents.handle(body);
      }
    }, "session-" + UUID.randomUUID(), leaseMs / 2, address -> clusterWatch.forgotten(List.of(address), FORGET_MS));
    // A killed owner's shard is taken within a lease and a renewal, later on a loaded machine: that long and more a message may wait.
    ShardForwarder forwarder = new ShardForwarder(vertx, shards, leaseMs * 3, DeliveryOptions.DEFAULT_TIMEOUT);
    meters.storage(storage::held);
    meters.shards(sessions::count, routes::held);
    meters.outbox(vertx, db.pool(), config.getLong("metricsRefreshMs", 5_000L));

    vertx.setPeriodic(config.getLong("nodeCheckSeconds", 15L) * 1000, id -> nodes.checkNodes(sessions.loaded()));
    // A process that left the cluster: its browsers detach, the accounts its protocol nodes held
    // reconnect elsewhere. Hazelcast says so at once; the timer is the backstop.
    Runnable membership = () -> {
      webNodes.check();
      List<String> lost = nodeDirectory.lost();
      if (!lost.isEmpty()) {
        // Commands waiting for the lost nodes are answered now, not after the request timeout.
        nodes.nodesGone(lost);
        // The reconnects go to a node that is still there, not to the one that left.
        clusterWatch.forgotten(networks.connectAddresses(), FORGET_MS).onComplete(v -> nodes.nodesLost(lost, sessions.loaded()));
      }
    };
    clusterWatch.onMemberLeft(context, member -> {
      membership.run();
      // Perhaps a session process: its leases end now and its shards are taken at once.
      if (shardOwner != null) {
        shardOwner.memberLeft(member);
      }
    });
    vertx.setPeriodic(config.getLong("webNodeCheckSeconds", 5L) * 1000, id -> membership.run());
    vertx.setPeriodic(online.minuteMs(), id -> online.tick(System.currentTimeMillis())
        .onFailure(err -> log.warn("Online minutes not recorded this time", err)));
    // Records left by an earlier run, or not acknowledged yet, go again until billing has them.
    vertx.setPeriodic(config.getLong("usageRetryMs", 2_000L), id -> relay.kick());
    new QueueVacuum(db.pool()).start(vertx, config.getLong("queueVacuumMs", 2_000L));
    // On the verticle's event loop, like every other kick (this method runs on a worker).
    vertx.runOnContext(v -> relay.kick());
    return new MessageConsumer<?>[] {
        bus.<Object>consumer(Addresses.SESSION_AUTH, msg -> {
          // Sign-out changes a loaded user: the owner of the user's shard does it.
          if (msg.body() instanceof JsonObject body && SessionRequest.SIGN_OUT.equals(body.getString("type"))) {
            try {
              forwarder.request(msg, Headers.KIND_SIGN_OUT, SignOut.fromJson(body).userId());
            } catch (ParleyException e) {
              FailureCode.replyTo(msg, e);
            }
          } else {
            Replies.answer(msg, auth::handle);
          }
        }),
        bus.<Object>consumer(Addresses.BROWSER_COMMANDS, msg -> {
          String userId = msg.headers().get(Headers.USER_ID);
          if (userId == null || userId.isBlank()) {
            FailureCode.NOT_SIGNED_IN.fail(msg);
            return;
          }
          forwarder.request(msg, Headers.KIND_COMMAND, userId);
        }),
        bus.<Object>consumer(Addresses.SESSION_BROWSERS, msg -> forwarder.send(msg, Headers.KIND_BROWSER)),
        bus.<Object>consumer(Addresses.SESSION_BILLING_STATUS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            allowances.published(body);
          }
        }),
        bus.<Object>consumer(Addresses.NODES_STATUS, msg -> nodeDirectory.apply(msg.body())),
        bus.<Object>consumer(Addresses.NETWORKS, msg -> networks.apply(msg.body())),
        // Only admin sockets reach this address through the bridge (BridgeGuard); the header says the bridge sent it.
        bus.<Object>consumer(Addresses.BROWSER_ADMIN_NODES, msg -> {
          String userId = msg.headers().get(Headers.USER_ID);
          if (userId == null || userId.isBlank()) {
            FailureCode.NOT_SIGNED_IN.fail(msg);
            return;
          }
          if (msg.body() instanceof JsonObject body && NodeStatus.NODES_DRAIN.equals(body.getString("type"))) {
            Replies.answer(msg, request -> drains.drain(userId, NodesDrain.fromJson(request)).map(NodesDrained::toJson));
          } else {
            Replies.answer(msg, nodeDirectory::handle);
          }
        }),
        bus.<Object>consumer(Addresses.SESSION_IM_EVENTS, msg -> forwarder.send(msg, Headers.KIND_IM_EVENT))
    };
  }

  /** The admin role is granted only by the operator's command; says so while nobody has it. */
  private static void warnWithoutAdmin(JsonObject config, UserStore users) {
    if (config.containsKey("admins")) {
      log.warn("session.admins is set but no longer read: nobody becomes an admin by signing up with a listed name. "
          + "Grant the role with: {}", Admins.COMMAND);
    }
    users.admins().onSuccess(admins -> {
      if (admins.isEmpty()) {
        log.warn("No Parley user has the admin role yet. Sign up, then grant it with: {} (and sign in again)", Admins.COMMAND);
      } else {
        log.info("Admins: {}", String.join(", ", admins));
      }
    }).onFailure(err -> log.warn("Could not look up the admins: {}", err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    Monitoring.unready(vertx, "session-database");
    Monitoring.unready(vertx, "session-consumers");
    if (clusterWatch != null) {
      clusterWatch.stop();
    }
    // Every shard is handed over (work under way finishes) before the database goes.
    Future<Void> handedOver = shardOwner == null ? Future.succeededFuture() : shardOwner.stop()
        .onFailure(err -> log.warn("Shards not all handed over at stop: {}", err.getMessage()));
    return handedOver.transform(ar -> database == null ? Future.succeededFuture() : database.close(vertx));
  }
}
