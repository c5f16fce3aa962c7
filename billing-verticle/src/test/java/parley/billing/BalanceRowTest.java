package parley.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BillingRequest;
import parley.contract.UsageKind;

/**
 * The balance billing keeps per user ({@code billing.balances}, issue 16) is always the sum of the
 * user's ledger on a real PostgreSQL: with usage batches of several users recorded side by side
 * while other entries are written, and for a ledger that existed before the row did.
 */
class BalanceRowTest {
  private Harness h;

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void batchesSideBySideWithTopUpsKeepEachBalanceEqualToItsLedger() {
    // Prepaid: 2 per sent and 1 per received message.
    h = new Harness(Harness.plans(1_000_000).put("defaultPlan", "prepaid"));
    h.startBilling();
    h.startSession();
    List<String> users = List.of(h.signUp("ann"), h.signUp("ben"), h.signUp("cat"), h.signUp("dan"));
    h.drained();

    List<Future<?>> all = new ArrayList<>();
    for (int b = 0; b < 8; b++) {
      JsonArray records = new JsonArray();
      for (int i = 0; i < 400; i++) {
        // Each batch holds every user, in another order, so batches meet on the same balance rows.
        String user = users.get((i + b) % users.size());
        records.add(new JsonObject().put("id", "b" + b + ":" + i).put("userId", user).put("accountId", "a1")
            .put("network", "xmpp").put("kind", i % 2 == 0 ? UsageKind.MESSAGE_SENT : UsageKind.MESSAGE_RECEIVED)
            .put("bytes", 10).put("ts", System.currentTimeMillis()));
      }
      all.add(h.vertx.eventBus().request(Addresses.BILLING_USAGE,
          new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", records)));
      // A top-up of 7 for each user in the meantime, written as any other writer of the ledger would.
      for (String user : users) {
        all.add(h.db.preparedQuery("insert into billing.ledger (user_id, entry, amount, currency, who, why)"
            + " values ($1, 'top-up', 7, 'EUR', 'test', 'top-up')").execute(Tuple.of(UUID.fromString(user))));
      }
    }
    Future.all(all).await();

    for (String user : users) {
      // 8 batches × 100 records per user, half sent (2) and half received (1); 8 top-ups of 7.
      assertEquals(8 * 7 - 8 * (50 * 2 + 50), balanceRow(user), "the balance of " + user);
      h.assertLedgerAgrees(user);
    }
  }

  @Test
  void theMigrationSumsALedgerWrittenBeforeIt() {
    h = new Harness(Harness.plans(1_000_000));
    PgConnectOptions db = PgConnectOptions.fromUri(h.config.getJsonObject("db").getString("url"));
    FluentConfiguration flyway = Flyway.configure()
        .dataSource("jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase(), db.getUser(),
            db.getPassword())
        .schemas("billing").locations("classpath:db/billing");
    flyway.target("3").load().migrate();
    UUID old = UUID.randomUUID();
    h.db.preparedQuery("insert into billing.users (user_id, username, plan) values ($1, 'old', 'prepaid')")
        .execute(Tuple.of(old)).await();
    for (long amount : new long[] {500, -3, -4, 25}) {
      h.db.preparedQuery("insert into billing.ledger (user_id, entry, amount, currency, who, why)"
          + " values ($1, 'adjustment', $2, 'EUR', 'test', 'before V4')").execute(Tuple.of(old, amount)).await();
    }

    h.startBilling();
    assertEquals(518, balanceRow(old.toString()), "the balance of a ledger written before the row existed");
    h.assertLedgerAgrees(old.toString());
  }

  private long balanceRow(String user) {
    return h.sql("select coalesce(sum(balance), 0)::bigint from billing.balances where user_id = $1", UUID.fromString(user));
  }
}
