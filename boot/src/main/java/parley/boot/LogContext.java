package parley.boot;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The user, account and node a piece of work is for, put in the SLF4J MDC while it runs so every
 * log line written meanwhile carries them (JSON logs: fields {@code userId}, {@code accountId},
 * {@code nodeId}). Vert.x runs many users' work on one event-loop thread, so the ids are set
 * around each handler and taken away after it, never left behind. Ids only: never a password
 * or a message text.
 */
public record LogContext(String userId, String accountId, String nodeId) {
  public static final String USER_ID = "userId";
  public static final String ACCOUNT_ID = "accountId";
  public static final String NODE_ID = "nodeId";

  public static LogContext of(String userId, String accountId, String nodeId) {
    return new LogContext(userId, accountId, nodeId);
  }

  /**
   * {@code userId} (from a trusted header; null: the body's) with the body's {@code accountId} and
   * {@code nodeId} when they are texts: a bad body must not break its own handling here.
   */
  public static LogContext of(String userId, JsonObject body) {
    return new LogContext(userId != null ? userId : text(body, USER_ID), text(body, ACCOUNT_ID), text(body, NODE_ID));
  }

  /** The ids in the MDC now: to carry them into callbacks started from here. */
  public static LogContext current() {
    return new LogContext(MDC.get(USER_ID), MDC.get(ACCOUNT_ID), MDC.get(NODE_ID));
  }

  private static String text(JsonObject body, String field) {
    return body != null && body.getValue(field) instanceof String s ? s : null;
  }

  public static LogContext user(String userId) {
    return new LogContext(userId, null, null);
  }

  public LogContext withNode(String nodeId) {
    return new LogContext(userId, accountId, nodeId);
  }

  public LogContext withAccount(String accountId) {
    return new LogContext(userId, accountId, nodeId);
  }

  /** Runs {@code work} with these ids in the MDC, then puts back what was there before. */
  public void run(Runnable work) {
    call(() -> {
      work.run();
      return null;
    });
  }

  public <T> T call(Supplier<T> work) {
    String oldUser = MDC.get(USER_ID);
    String oldAccount = MDC.get(ACCOUNT_ID);
    String oldNode = MDC.get(NODE_ID);
    put(USER_ID, userId);
    put(ACCOUNT_ID, accountId);
    put(NODE_ID, nodeId);
    try {
      return work.get();
    } finally {
      restore(USER_ID, oldUser);
      restore(ACCOUNT_ID, oldAccount);
      restore(NODE_ID, oldNode);
    }
  }

  /** {@code handler} that runs with these ids: for callbacks that come later, on any thread. */
  public <T> Handler<T> wrap(Handler<T> handler) {
    return value -> run(() -> handler.handle(value));
  }

  private static void put(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
