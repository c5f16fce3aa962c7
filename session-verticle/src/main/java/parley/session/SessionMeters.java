package parley.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.Monitoring;

/**
 * The session's meters: event-stream catch-ups, writes held while the database is away, and the
 * usage outbox (records not yet acknowledged by billing, and the age of the oldest), counted from
 * the table every {@code refreshMs} because billing's lag is what an operator must see.
 */
final class SessionMeters {
  private static final Logger log = LoggerFactory.getLogger(SessionMeters.class);

  private final MeterRegistry registry;
  private final Counter replayed;
  private final Counter reloaded;
  private volatile double outboxRecords;
  private volatile double outboxOldestSeconds;

  SessionMeters(Vertx vertx) {
    this.registry = Monitoring.meters(vertx);
    replayed = catchUps("replayed");
    reloaded = catchUps("snapshot");
  }

  private Counter catchUps(String result) {
    return Counter.builder("parley.stream.catchups")
        .description("Browsers that came back with a stream position: replayed the missed events, or took a fresh snapshot")
        .tag("result", result).register(registry);
  }

  /** A browser asked for the events after its position; {@code replayed} when they were all still kept. */
  void catchUp(boolean replayed) {
    (replayed ? this.replayed : reloaded).increment();
  }

  /** Counts each new send refused because the process is behind ({@link LoadShedder}). */
  Runnable shedCounter() {
    Counter shed = Counter.builder("parley.sends.shed")
        .description("New sends refused (OVERLOADED) because the session process was behind").register(registry);
    return shed::increment;
  }

  /** The message writes and the batches (transactions) they went in: writes per batch says how much group commit saves. */
  void messageWrites(GroupCommit writes) {
    FunctionCounter.builder("parley.message.writes", writes, GroupCommit::writes)
        .description("Message writes stored (received, sent, status changes)").register(registry);
    FunctionCounter.builder("parley.message.write.batches", writes, GroupCommit::transactions)
        .description("Transactions the message writes went in: a write alone is one, a batch of several is one").register(registry);
  }

  void storage(IntSupplier held) {
    Gauge.builder("parley.storage.buffered", held::getAsInt)
        .description("Writes waiting for the database (it is away or slow)").register(registry);
  }

  /** Users held in memory and shards served by this process. */
  void shards(IntSupplier users, IntSupplier shards) {
    Gauge.builder("parley.session.users.loaded", users::getAsInt)
        .description("Users this session process holds in memory (attached or with a connected account)").register(registry);
    Gauge.builder("parley.session.shards.held", shards::getAsInt)
        .description("User shards this session process serves now").register(registry);
  }

  /** Counts the usage outbox now and every {@code refreshMs}; a failed count keeps the last values. */
  void outbox(Vertx vertx, Pool pool, long refreshMs) {
    Gauge.builder("parley.usage.outbox.records", () -> outboxRecords)
        .description("Usage records written and not yet acknowledged by billing").register(registry);
    Gauge.builder("parley.usage.outbox.oldest", () -> outboxOldestSeconds).baseUnit("seconds")
        .description("Age of the oldest usage record billing has not acknowledged (0 when none wait)").register(registry);
    refresh(pool);
    vertx.setPeriodic(refreshMs, id -> refresh(pool));
  }

  private void refresh(Pool pool) {
    pool.query("select count(*) as waiting, coalesce(extract(epoch from now() - min(created_at)), 0) as oldest"
            + " from session.usage_outbox")
        .execute()
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          outboxRecords = row.getLong("waiting");
          outboxOldestSeconds = row.getNumeric("oldest").doubleValue();
        })
        .onFailure(err -> log.debug("Usage outbox not counted: {}", err.getMessage()));
  }
}
