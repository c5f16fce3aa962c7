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
 * sending one twice is harmless.
 */
final class OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final Vertx vertx;
  private final Pool pool;
  private final EventBus bus;
  private final int batchSize;
  private final DeliveryOptions options;
  private final long lingerMs;
  private long lingerTimer = -1;
  private boolean running;
  private boolean again;

  OutboxRelay(Vertx vertx, Pool pool, int batchSize, long replyTimeoutMs, long lingerMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.bus = vertx.eventBus();
    this.batchSize = batchSize;
    this.options = new DeliveryOptions().setSendTimeout(replyTimeoutMs);
    this.lingerMs = lingerMs;
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

  /** Sends whatever is waiting; a kick while a batch is in flight makes it look again afterwards. */
  void kick() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    sendBatch().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        // Billing is down or slow: the timer tries again; nothing is lost meanwhile.
        log.debug("Usage records not acknowledged yet: {}", ar.cause().getMessage());
      } else if (ar.result() || again) {
        kick();
      }
    });
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
