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
import parley.contract.billing.UsageAck;
import parley.contract.billing.UsageBatch;

/**
 * Sends the usage outbox to billing, oldest first, and deletes what billing acknowledged. Told of
 * each commit, it waits a short linger so that the records written meanwhile go in the same batch
 * (one billing transaction for many messages under load); a timer kicks it too, so records left
 * behind (billing down, a lost reply, a restart of this process) are sent again until
 * acknowledged. Up to {@code maxInFlight} batches are in flight at once (so the session's and
 * billing's work overlap instead of taking turns): batches are selected one at a time, each past
 * the sequence ranges of those in flight, and a range stays excluded until its batch's
 * acknowledged rows are deleted, so no record is in two batches at once and a row that commits
 * late inside a range is sent once that batch is done. Billing ignores ids it has already
 * recorded, so sending one twice (after a failure) is harmless. While billing does not
 * acknowledge, the relay backs off
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
  private final int maxInFlight;
  private long lingerTimer = -1;
  /** A batch is being selected: one select at a time, so two never pick the same rows. */
  private boolean selecting;
  /** The seq ranges (lowest, highest) of the batches in flight, until their acknowledged rows are deleted. */
  private final List<long[]> inFlight = new ArrayList<>();
  private boolean again;
  /** Failed tries in a row; 0 while billing acknowledges. */
  private int failures;
  /** Set while backing off: until it fires, kicks do nothing. */
  private long retryTimer = -1;
  private long lastBehindLog;

  OutboxRelay(Vertx vertx, Pool pool, int batchSize, int maxInFlight, long replyTimeoutMs, long lingerMs,
              long retryMs, long maxRetryMs, long behindLogMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.bus = vertx.eventBus();
    this.batchSize = batchSize;
    this.maxInFlight = Math.max(1, maxInFlight);
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
   * Sends whatever is waiting, up to {@code maxInFlight} batches at once; a kick while a batch is
   * being selected, or while the most are in flight, makes it look again afterwards. While backing
   * off it does nothing: the retry timer sends.
   */
  void kick() {
    if (retryTimer != -1) {
      return;
    }
    if (selecting || inFlight.size() >= maxInFlight) {
      again = true;
      return;
    }
    selecting = true;
    again = false;
    selectBatch().onComplete(ar -> {
      selecting = false;
      if (ar.failed()) {
        backOff(ar.cause());
        return;
      }
      Batch batch = ar.result();
      if (batch == null) {
        if (again) {
          kick();
        }
        return;
      }
      inFlight.add(batch.range());
      sendBatch(batch).onComplete(sent -> {
        inFlight.remove(batch.range());
        if (sent.failed()) {
          backOff(sent.cause());
          return;
        }
        if (failures > 0) {
          log.info("Billing acknowledges usage records again (after {} failed tries)", failures);
          failures = 0;
        }
        if (sent.result() || again) {
          kick();
        }
      });
      if (batch.full() || again) {
        kick(); // the next batch while this one is in flight
      }
    });
  }

  /** Billing is away or slow: tries again later, each time later up to the cap; nothing is lost meanwhile. */
  private void backOff(Throwable cause) {
    failures++;
    if (retryTimer != -1) {
      return; // another batch in flight failed too: one retry timer
    }
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

  /** Records selected to go to billing together, with the lowest and highest seq among them. */
  private record Batch(JsonArray records, long[] range, boolean full) {}

  /** The oldest waiting records outside the batches in flight; null when none wait. */
  private Future<Batch> selectBatch() {
    Long[] lows = new Long[inFlight.size()];
    Long[] highs = new Long[inFlight.size()];
    for (int i = 0; i < lows.length; i++) {
      lows[i] = inFlight.get(i)[0];
      highs[i] = inFlight.get(i)[1];
    }
    return pool.preparedQuery("select seq, record from session.usage_outbox o where not exists"
            + " (select 1 from unnest($2::bigint[], $3::bigint[]) f(lo, hi) where o.seq between f.lo and f.hi)"
            + " order by seq limit $1")
        .execute(Tuple.of(batchSize, lows, highs))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          JsonArray records = new JsonArray();
          long low = Long.MAX_VALUE;
          long high = Long.MIN_VALUE;
          for (var row : rows) {
            long seq = row.getLong("seq");
            low = Math.min(low, seq);
            high = Math.max(high, seq);
            records.add(row.getJsonObject("record"));
          }
          return new Batch(records, new long[] {low, high}, rows.size() == batchSize);
        });
  }

  /** Sends one batch and deletes what billing acknowledged; true when it was full, so more may be waiting. */
  private Future<Boolean> sendBatch(Batch batch) {
    return bus.<JsonObject>request(Addresses.BILLING_USAGE, new UsageBatch(batch.records()).toJson(), options)
        .compose(reply -> {
          List<String> acked = UsageAck.fromJson(reply.body()).acked();
          return delete(acked).map(batch.full() && !acked.isEmpty());
        });
  }

  private Future<Void> delete(List<String> ids) {
    return pool.preparedQuery("delete from session.usage_outbox where id = any($1)")
        .execute(Tuple.of(ids.toArray(new String[0])))
        .mapEmpty();
  }
}
