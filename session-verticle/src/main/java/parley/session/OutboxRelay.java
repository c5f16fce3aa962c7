package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.BillingRequest;

/**
 * Sends the usage outbox to billing, oldest first, and deletes what billing acknowledged. Told of
 * each commit, it waits a short linger so that the records written meanwhile go in the same batch
 * (one billing transaction for many messages under load); a timer kicks it too, so records left
 * behind (billing down, a lost reply, a restart of this process) are sent again until
 * acknowledged. One batch is in flight at a time; billing ignores ids it has already recorded, so
 * sending one twice is harmless. While billing does not acknowledge, the relay backs off
 * (doubling from the retry interval up to a cap, back to normal after a success), so that neither
 * commits nor the timer hammer a billing that is away, and it says at WARN, now and then, how far
 * behind it is.
 */
final class OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final Vertx vertx;
  private final Pool pool;
  private final EventBus bus;
  private final int batchSize;
  private final DeliveryOptions options;
  private final long lingerMs;
  private final long retryMs;
  private final long maxRetryMs;
  private final long behindLogMs;
  private long lingerTimer = -1;
  private boolean running;
  private boolean again;
  /** Failed tries in a row; 0 while billing acknowledges. */
  private int failures;
  /** Set while backing off: until it fires, kicks do nothing. */
  private long retryTimer = -1;
  private long lastBehindLog;

  OutboxRelay(Vertx vertx, Pool pool, int batchSize, long replyTimeoutMs, long lingerMs,
              long retryMs, long maxRetryMs, long behindLogMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.bus = vertx.eventBus();
    this.batchSize = batchSize;
    this.options = new DeliveryOptions().setSendTimeout(replyTimeoutMs);
    this.lingerMs = lingerMs;
    this.retryMs = Math.max(1, retryMs);
    this.maxRetryMs = Math.max(this.retryMs, maxRetryMs);
    this.behindLogMs = behindLogMs;
  }

  /** A record was committed: sends it within the linger, with whatever else is written by then. */
  void written() {
    if (lingerMs <= 0) {
      kick();
    } else if (lingerTimer == -1) {
      lingerTimer = vertx.setTimer(lingerMs, id -> {
        lingerTimer = -1;
        kick();
      });
    }
  }

  /**
   * Sends whatever is waiting; a kick while a batch is in flight makes it look again afterwards.
   * While backing off it does nothing: the retry timer sends.
   */
  void kick() {
    if (retryTimer != -1) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    sendBatch().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        backOff(ar.cause());
        return;
      }
      if (failures > 0) {
        log.info("Billing acknowledges usage records again (after {} failed tries)", failures);
        failures = 0;
      }
      if (ar.result() || again) {
        kick();
      }
    });
  }

  /** Billing is away or slow: tries again later, each time later up to the cap; nothing is lost meanwhile. */
  private void backOff(Throwable cause) {
    failures++;
    long delay = Math.min(maxRetryMs, retryMs << Math.min(failures - 1, 30));
    retryTimer = vertx.setTimer(delay, id -> {
      retryTimer = -1;
      kick();
    });
    log.debug("Usage records not acknowledged ({} tries in a row), next try in {} ms: {}", failures, delay, cause.getMessage());
    long now = System.currentTimeMillis();
    if (failures >= 2 && now - lastBehindLog >= behindLogMs) {
      lastBehindLog = now;
      reportBehind(delay, cause);
    }
  }

  private void reportBehind(long delay, Throwable cause) {
    pool.query("select count(*) as waiting, extract(epoch from now() - min(created_at)) as oldest from session.usage_outbox")
        .execute()
        .onSuccess(rows -> {
          var row = rows.iterator().next();
          Double oldest = row.getDouble("oldest");
          log.warn("Billing is not acknowledging usage ({} tries in a row failed, the last: {}): {} usage records wait, "
                  + "the oldest written {} s ago; next try in {} s. Nothing is lost; they are sent when billing answers.",
              failures, cause.getMessage(), row.getLong("waiting"), oldest == null ? 0 : Math.round(oldest),
              (delay + 999) / 1000);
        })
        .onFailure(err -> log.warn("Billing is not acknowledging usage ({} tries in a row failed, the last: {}), and the "
            + "outbox cannot be counted either: {}", failures, cause.getMessage(), err.getMessage()));
  }

  /** Sends one batch; true when it was full, so more may be waiting. */
  private Future<Boolean> sendBatch() {
    return pool.preparedQuery("select record from session.usage_outbox order by seq limit $1")
        .execute(Tuple.of(batchSize))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          JsonArray records = new JsonArray();
          rows.forEach(row -> records.add(row.getJsonObject("record")));
          JsonObject batch = new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", records);
          boolean full = rows.size() == batchSize;
          return bus.<JsonObject>request(Addresses.BILLING_USAGE, batch, options).compose(reply -> {
            JsonArray acked = reply.body().getJsonArray("acked", new JsonArray());
            return delete(acked).map(full && !acked.isEmpty());
          });
        });
  }

  private Future<Void> delete(JsonArray acked) {
    List<String> ids = new ArrayList<>(acked.size());
    acked.forEach(id -> ids.add(String.valueOf(id)));
    return pool.preparedQuery("delete from session.usage_outbox where id = any($1)")
        .execute(Tuple.of(ids.toArray(new String[0])))
        .mapEmpty();
  }
}
