package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.sqlclient.Row;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import parley.session.testing.Eventually;
import parley.session.testing.OpenDatabase;

/** The queue tables on a real PostgreSQL: the rows deleted from them are cleared within moments, not at autovacuum's next visit. */
class QueueVacuumTest {
  @RegisterExtension
  final OpenDatabase db = new OpenDatabase();

  @BeforeEach
  void autovacuumOff() {
    // Autovacuum must not be what clears them here.
    db.pool().query("alter table session.usage_outbox set (autovacuum_enabled = false)").execute().await();
    db.pool().query("alter table session.pending_sends set (autovacuum_enabled = false)").execute().await();
  }

  /** Manual vacuums so far, by table. */
  private Map<String, Long> vacuums() {
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : db.pool().query("select relname, vacuum_count from pg_stat_user_tables where schemaname = 'session'"
        + " and relname in ('usage_outbox', 'pending_sends')").execute().await()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  private long deadOutboxRows() {
    return db.pool().query("select n_dead_tup from pg_stat_user_tables where schemaname = 'session' and relname = 'usage_outbox'")
        .execute().await().iterator().next().getLong(0);
  }

  @Test
  void theUsageOutboxAndThePendingSendsAreVacuumedEveryPeriod() throws Exception {
    db.pool().query("insert into session.usage_outbox (id, record) select 'test:' || i, '{}' from generate_series(1, 2000) i")
        .execute().await();
    db.pool().query("delete from session.usage_outbox where id like 'test:%'").execute().await();
    // A backend reports its deletes when it next goes idle, up to 10 s later: a vacuum's own report
    // before that would be followed by the deletes' and read as 2,000 dead rows left.
    Eventually.awaitUntil(() -> deadOutboxRows() >= 2000, 30_000, "the deletes counted");
    assertEquals(Map.of("pending_sends", 0L, "usage_outbox", 0L), vacuums());

    db.vertx().runOnContext(v -> new QueueVacuum(db.pool()).start(db.vertx(), 200));
    Eventually.awaitUntil(() -> vacuums().values().stream().allMatch(n -> n >= 2), 15_000, "both tables vacuumed again and again");
    assertEquals(0, deadOutboxRows(), "the 2,000 deleted rows are gone");
  }
}
