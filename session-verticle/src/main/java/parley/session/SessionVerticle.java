package parley.session;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Replies;
import parley.contract.SessionRequest;
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
      return vertx.executeBlocking(() -> wire(config, db), false);
    }).compose(consumers -> Future.all(java.util.Arrays.stream(consumers).map(MessageConsumer::completion).toList()));
  }

  private MessageConsumer<?>[] wire(JsonObject config, Database db) {
    EventBus bus = vertx.eventBus();
    CredentialCipher cipher = CredentialKey.cipher(config.getString("credentialKey"),
        config.getString("credentialKeyFile", "data/credential.key"));
    PasswordHasher hasher = new PasswordHasher(config.getInteger("bcryptCost", 10));
    OutboxRelay relay = new OutboxRelay(vertx, db.pool(), config.getInteger("usageBatchSize", 1000),
        config.getLong("usageReplyTimeoutMs", 10_000L), config.getLong("usageLingerMs", 25L));
    Allowances allowances = new Allowances(bus);
    UserStore users = new UserStore(db.pool(), relay::written);
    AccountStore accounts = new AccountStore(db.pool());
    HistoryStore history = new HistoryStore(db.pool(), relay::written);
    Sessions sessions = new Sessions(bus, users, accounts, config.getInteger("eventWindow", 5000), allowances::ask);
    OnlineMinutes online = new OnlineMinutes(db.pool(), () -> List.copyOf(sessions.loaded()),
        config.getLong("onlineMinuteMs", 60_000L), relay::written);
    NodeLink nodes = new NodeLink(bus, cipher, config.getLong("nodeRequestTimeoutMs", 10_000L));
    IdlePolicy idle = new IdlePolicy(vertx, nodes, config.getLong("idleTimeoutSeconds", 300L) * 1000);
    AuthService auth = new AuthService(vertx, users, sessions, idle, hasher, admins(config));
    Storage storage = new Storage(vertx, db.pool(), sessions::loaded, config.getLong("storageRetryMs", 1_000L),
        config.getLong("storageRetryMaxMs", 15_000L), config.getInteger("storageBufferSize", 10_000));
    BrowserCommands commands = new BrowserCommands(sessions, accounts, history, cipher, nodes, idle, allowances, storage);
    ImEvents imEvents = new ImEvents(sessions, history, idle, storage);

    vertx.setPeriodic(config.getLong("nodeCheckSeconds", 15L) * 1000, id -> nodes.checkNodes(sessions.loaded()));
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
          Replies.answer(msg, body -> commands.handle(userId, body));
        }),
        bus.<Object>consumer(Addresses.SESSION_BROWSERS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            browserAttachment(sessions, idle, body);
          }
        }),
        bus.<Object>consumer(Addresses.SESSION_BILLING_STATUS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            allowances.apply(body);
          }
        }),
        bus.<Object>consumer(Addresses.SESSION_IM_EVENTS, msg -> {
          if (msg.body() instanceof JsonObject body) {
            imEvents.handle(body).onFailure(err -> log.warn("Node event {} not applied", body.getString("type"), err));
          }
        })
    };
  }

  /** Usernames with the admin role, from {@code session.admins}. */
  private static Set<String> admins(JsonObject config) {
    Set<String> admins = new HashSet<>();
    config.getJsonArray("admins", new JsonArray()).forEach(name -> admins.add(String.valueOf(name).toLowerCase(Locale.ROOT)));
    return admins;
  }

  private static void browserAttachment(Sessions sessions, IdlePolicy idle, JsonObject body) {
    String userId = body.getString("userId");
    String socketId = body.getString("socketId");
    if (userId == null || socketId == null) {
      return;
    }
    sessions.get(userId).onSuccess(user -> {
      if (SessionRequest.BROWSER_ATTACHED.equals(body.getString("type"))) {
        idle.attached(user, socketId);
      } else if (SessionRequest.BROWSER_DETACHED.equals(body.getString("type"))) {
        idle.detached(user, socketId);
      }
    });
  }

  @Override
  public Future<?> stop() {
    return database == null ? Future.succeededFuture() : database.close(vertx);
  }
}
