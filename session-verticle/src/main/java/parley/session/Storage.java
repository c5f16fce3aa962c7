package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.browser.StorageEvent;

/**
 * Whether the database can store messages right now, and what to do with a write when it cannot.
 * A write the user waits for (storing a message before it is sent) is refused at once with
 * {@code STORAGE_UNAVAILABLE}, so nothing goes out that history does not have. A write that must
 * not be lost (a received message, a status change) waits in memory, in the user's order, and is
 * written when the database answers again; a single probe with backoff finds out when. Every
 * loaded user is told when storage goes away and when it is back.
 */
final class Storage {
  static final String AWAY_TEXT = "The server cannot store messages right now; new messages will appear when it can.";
  private static final Logger log = LoggerFactory.getLogger(Storage.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Supplier<Collection<UserSession>> users;
  private final long retryMinMs;
  private final long retryMaxMs;
  private final int maxHeld;
  private boolean available = true;
  /** Completed when the database answers again; the held writes wait on it. */
  private Promise<Void> back = Promise.promise();
  private long retryMs;
  /** Writes taken and not yet done, across all users: the bound of what memory holds. */
  private int held;

  Storage(Vertx vertx, Pool pool, Supplier<Collection<UserSession>> users, long retryMinMs, long retryMaxMs, int maxHeld) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
    this.retryMinMs = Math.max(1, retryMinMs);
    this.retryMaxMs = Math.max(this.retryMinMs, retryMaxMs);
    this.maxHeld = maxHeld;
  }

  /** Writes taken and not done yet: while the database is away, those it holds. */
  int held() {
    return held;
  }

  boolean available() {
    return available;
  }

  /** One try, in the user's order; fails with {@code STORAGE_UNAVAILABLE} while the database is away. */
  <T> Future<T> once(UserSession user, Supplier<Future<T>> write) {
    if (!available) {
      // Not behind the held writes: the user is told at once.
      return Future.failedFuture(FailureCode.STORAGE_UNAVAILABLE.exception(null));
    }
    return user.inOrder(() -> {
      if (!available) {
        return Future.failedFuture(FailureCode.STORAGE_UNAVAILABLE.exception(null));
      }
      return write.get().recover(err -> {
        if (!isOutage(err)) {
          return Future.failedFuture(err);
        }
        away(err);
        return Future.failedFuture(FailureCode.STORAGE_UNAVAILABLE.exception(null));
      });
    });
  }

  /**
   * A write that must not be lost, in the user's order: while the database is away it is held and
   * tried again when it is back. Only when {@code maxHeld} writes are held already is it given up
   * (and logged as an error): memory is the limit of what an outage can keep.
   */
  <T> Future<T> kept(UserSession user, String what, Supplier<Future<T>> write) {
    return kept(user, what, write, () -> { });
  }

  /**
   * As {@link #kept(UserSession, String, Supplier)}; the returned future completes when the write
   * is done or, sooner, when it is held because the database is away.
   */
  Future<Void> writtenOrHeld(UserSession user, String what, Supplier<Future<Void>> write) {
    Promise<Void> settled = Promise.promise();
    kept(user, what, write, settled::tryComplete).onComplete(ar -> {
      if (ar.succeeded()) {
        settled.tryComplete();
      } else {
        settled.tryFail(ar.cause());
      }
    });
    return settled.future();
  }

  private <T> Future<T> kept(UserSession user, String what, Supplier<Future<T>> write, Runnable onHeld) {
    if (held >= maxHeld) {
      log.error("Dropped {} of user {}: {} writes are already waiting for the database", what, user.userId, held);
      return Future.failedFuture(FailureCode.STORAGE_UNAVAILABLE.exception(null));
    }
    held++;
    return user.inOrder(() -> untilWritten(write, onHeld)).onComplete(ar -> held--);
  }

  private <T> Future<T> untilWritten(Supplier<Future<T>> write, Runnable onHeld) {
    if (!available) {
      onHeld.run();
      return back.future().compose(v -> untilWritten(write, onHeld));
    }
    return write.get().recover(err -> {
      if (!isOutage(err)) {
        return Future.failedFuture(err);
      }
      away(err);
      onHeld.run();
      return back.future().compose(v -> untilWritten(write, onHeld));
    });
  }

  private void away(Throwable err) {
    if (!available) {
      return;
    }
    available = false;
    retryMs = retryMinMs;
    log.warn("The database cannot be written ({}); sending is refused and received messages wait in memory until it answers",
        err.toString());
    tellEveryone(new StorageEvent(false, AWAY_TEXT));
    vertx.setTimer(retryMs, id -> probe());
  }

  private void probe() {
    pool.query("select 1").execute().onComplete(ar -> {
      if (ar.succeeded()) {
        available = true;
        log.info("The database answers again; {} held writes go now", held);
        tellEveryone(new StorageEvent(true, null));
        Promise<Void> waiting = back;
        back = Promise.promise();
        waiting.complete();
      } else {
        retryMs = Math.min(retryMs * 2, retryMaxMs);
        vertx.setTimer(retryMs, id -> probe());
      }
    });
  }

  private void tellEveryone(StorageEvent event) {
    users.get().forEach(user -> user.events.publish(event));
  }

  /**
   * Whether a failure means the database cannot be reached or is shutting down (worth waiting
   * for), rather than a problem with this write (a constraint, a bug), which would fail again.
   */
  static boolean isOutage(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        // Connection exception, insufficient resources, operator intervention (shutdown), system error.
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
            || state.startsWith("58"));
      }
      if (t instanceof IOException || t instanceof TimeoutException || t instanceof VertxException) {
        return true;
      }
    }
    return false;
  }
}
