package parley.session;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Replies;
import parley.contract.SessionRequest;
import parley.contract.boot.LogContext;
import parley.contract.boot.Monitoring;
import parley.contract.boot.ParleyConfig;

/**
 * Owns Parley users, their IM accounts, browser attachments, each user's event stream and
 * message history. Configuration: sections {@code session} and {@code db}.
 */
public class SessionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionVerticle.class);

  private Database database;

  @Override
  public Future<?> start() {
    JsonObject config = ParleyConfig.section(config(), "session");
    return Database.open(vertx, ParleyConfig.section(config(), "db")).compose(db -> {
      database = db;
      Monitoring.readyWhen(vertx, "session-database", () -> db.pool().query("select 1").execute(),
          "The session's database does not answer.");
      return vertx.executeBlocking(() -> wire(config, db), false);
    }).compose(consumers -> {
      Monitoring.ready(vertx, "session-consumers", () -> java.util.Arrays.stream(consumers).allMatch(MessageConsumer::isRegistered),
          "The session's event-bus consumers are not registered.");
      return Future.all(java.util.Arrays.stream(consumers).map(MessageConsumer::completion).toList());
    });
  }

  private MessageConsumer<?>[] wire(JsonObject config, Database db) {
    EventBus bus = vertx.eventBus();
    CredentialCipher cipher = CredentialKey.cipher(config.getString("credentialKey"),
        config.getString("credentialKeyFile", "data/credential.key"));
    PasswordHasher hasher = new PasswordHasher(config.getInteger("bcryptCost", 10));
    OutboxRelay relay = new OutboxRelay(vertx, db.pool(), config.getInteger("usageBatchSize", 1000),
        config.getLong("usageReplyTimeoutMs", 10_000L), config.getLong("usageLingerMs", 25L),
        config.getLong("usageRetryMs", 2_000L), config.getLong("usageRetryMaxMs", 60_000L),
        config.getLong("usageBehindLogMs", 60_000L));
    Allowances allowances = new Allowances(bus);
    UserStore users = new UserStore(db.pool(), relay::written);
    AccountStore accounts = new AccountStore(db.pool());
    HistoryStore history = new HistoryStore(db.pool(), relay::written);
    Sessions sessions = new Sessions(bus, users, accounts, config.getInteger("eventWindow", 5000), allowances::ask);
    OnlineMinutes online = new OnlineMinutes(db.pool(), () -> List.copyOf(sessions.loaded()),
        config.getLong("onlineMinuteMs", 60_000L), relay::written);
    NodeLink nodes = new NodeLink(bus, cipher, config.getLong("nodeRequestTimeoutMs", 10_000L));
    IdlePolicy idle = new IdlePolicy(vertx, nodes, config.getLong("idleTimeoutSeconds", 300L) * 1000);
    HashingPool hashing = new HashingPool(vertx, config.getInteger("bcryptThreads", Runtime.getRuntime().availableProcessors()),
        config.getInteger("bcryptMaxJobs", 64));
    AuthService auth = new AuthService(users, sessions, idle, hasher, hashing, new SignInLimits(config));
    warnWithoutAdmin(config, users);
    Storage storage = new Storage(vertx, db.pool(), sessions::loaded, config.getLong("storageRetryMs", 1_000L),
        config.getLong("storageRetryMaxMs", 15_000L), config.getInteger("storageBufferSize", 10_000));
    SessionMeters meters = new SessionMeters(vertx);
    meters.storage(storage::held);
    meters.outbox(vertx, db.pool(), config.getLong("metricsRefreshMs", 5_000L));
    BrowserCommands commands = new BrowserCommands(sessions, accounts, history, cipher, nodes, idle, allowances, storage,
        meters::catchUp);
    ImEvents imEvents = new ImEvents(sessions, history, idle, storage);
    WebNodeWatch webNodes = new WebNodeWatch(vertx, idle);
    NodeDirectory nodeDirectory = new NodeDirectory(System::nanoTime, () -> {
      io.vertx.core.spi.cluster.ClusterManager cluster = ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
      return cluster == null ? null : cluster.getNodes();
    });

    vertx.setPeriodic(config.getLong("nodeCheckSeconds", 15L) * 1000, id -> nodes.checkNodes(sessions.loaded()));
    vertx.setPeriodic(config.getLong("webNodeCheckSeconds", 5L) * 1000, id -> webNodes.check());
    vertx.setPeriodic(online.minuteMs(), id -> online.tick(System.currentTimeMillis())
        .onFailure(err -> log.warn("Online minutes not recorded this time", err)));
    // Records left by an earlier run, or not acknowledged yet, go again until billing has them.
    vertx.setPeriodic(config.getLong("usageRetryMs", 2_000L), id -> relay.kick());
    // On the verticle's event loop, like every other kick (this method runs on a worker).
    vertx.runOnContext(v -> relay.kick());
    return new MessageConsumer<?>[] {
        bus.<Object>consumer(Addresses.SESSION_AUTH, msg -> Replies.answer(msg, auth::handle)),
        bus.<Object>consumer(Addresses.BROWSER_COMMANDS, msg -> {
          String userId = msg.headers().get(Headers.USER_ID);
          if (userId == null || userId.isBlank()) {
            FailureCode.NOT_SIGNED_IN.fail(msg);
            return;
          }
          LogContext.user(userId).run(() -> Replies.answer(msg, body -> commands.handle(userId, body)));
        }),
        bus.<Object>consumer(Addresses.SESSION_BROWSERS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            browserAttachment(sessions, idle, webNodes, body);
          }
        }),
        bus.<Object>consumer(Addresses.SESSION_BILLING_STATUS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            allowances.apply(body);
          }
        }),
        bus.<Object>consumer(Addresses.NODES_STATUS, msg -> nodeDirectory.apply(msg.body())),
        // Only admin sockets reach this address through the bridge (BridgeGuard); the header says the bridge sent it.
        bus.<Object>consumer(Addresses.BROWSER_ADMIN_NODES, msg -> {
          String userId = msg.headers().get(Headers.USER_ID);
          if (userId == null || userId.isBlank()) {
            FailureCode.NOT_SIGNED_IN.fail(msg);
            return;
          }
          Replies.answer(msg, nodeDirectory::handle);
        }),
        bus.<Object>consumer(Addresses.SESSION_IM_EVENTS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            imEvents.handle(body).onFailure(LogContext.of(null, body)
                .wrap(err -> log.warn("Node event {} not applied", body.getValue("type"), err)));
          }
        })
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

  private static void browserAttachment(Sessions sessions, IdlePolicy idle, WebNodeWatch webNodes, JsonObject body) {
    String userId = body.getString("userId");
    String socketId = body.getString("socketId");
    if (userId == null || socketId == null) {
      return;
    }
    // The web process's cluster node id; absent when web and session share one unclustered process.
    String webNodeId = body.getValue("webNodeId") instanceof String s ? s : null;
    sessions.get(userId).onSuccess(user -> {
      if (SessionRequest.BROWSER_ATTACHED.equals(body.getString("type"))) {
        idle.attached(user, socketId);
        webNodes.attached(user, socketId, webNodeId);
      } else if (SessionRequest.BROWSER_DETACHED.equals(body.getString("type"))) {
        idle.detached(user, socketId);
        webNodes.detached(socketId, webNodeId);
      }
    });
  }

  @Override
  public Future<?> stop() {
    Monitoring.unready(vertx, "session-database");
    Monitoring.unready(vertx, "session-consumers");
    return database == null ? Future.succeededFuture() : database.close(vertx);
  }
}
