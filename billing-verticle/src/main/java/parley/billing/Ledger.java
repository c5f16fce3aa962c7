package parley.billing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.contract.FailureCode;
import parley.contract.LedgerEntry;
import parley.contract.billing.LedgerLine;

/**
 * The append-only ledger. A balance is its sum; the database keeps that sum per user in
 * {@code billing.balances} with every insert (migration V4), so reading one is one row however long
 * the user's history.
 */
final class Ledger {
  /** No single manual entry may move more than this (minor units): larger is a typing mistake. */
  static final long MAX_MANUAL_AMOUNT = 100_000_000L;

  private final Pool pool;
  private final String currency;

  Ledger(Pool pool, String currency) {
    this.pool = pool;
    this.currency = currency;
  }

  Future<Map<String, Long>> balances(Collection<String> userIds) {
    return balances(pool, userIds);
  }

  static Future<Map<String, Long>> balances(SqlClient client, Collection<String> userIds) {
    UUID[] ids = userIds.stream().map(UUID::fromString).toArray(UUID[]::new);
    return client.preparedQuery("select user_id, balance from billing.balances where user_id = any($1)")
        .execute(Tuple.of(ids))
        .map(rows -> {
          Map<String, Long> out = new HashMap<>();
          userIds.forEach(id -> out.put(id, 0L));
          rows.forEach(row -> out.put(row.getUUID("user_id").toString(), row.getLong("balance")));
          return out;
        });
  }

  Future<Long> balance(String userId) {
    return balances(java.util.List.of(userId)).map(m -> m.get(userId));
  }

  /** The newest entries first. */
  Future<List<LedgerLine>> entries(String userId, int limit) {
    return pool.preparedQuery("select id, at, entry, amount, currency, network, usage_kind, quantity, who, why"
            + " from billing.ledger where user_id = $1 order by at desc, id desc limit $2")
        .execute(Tuple.of(UUID.fromString(userId), limit))
        .map(Ledger::lines);
  }

  /** Entries from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
  Future<List<LedgerLine>> between(String userId, OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery("select id, at, entry, amount, currency, network, usage_kind, quantity, who, why"
            + " from billing.ledger where user_id = $1 and at >= $2 and at < $3 order by at, id")
        .execute(Tuple.of(UUID.fromString(userId), from, to))
        .map(Ledger::lines);
  }

  private static List<LedgerLine> lines(Iterable<Row> rows) {
    List<LedgerLine> out = new ArrayList<>();
    rows.forEach(row -> out.add(line(row)));
    return out;
  }

  /** The balance before {@code at}. */
  Future<Long> balanceBefore(String userId, OffsetDateTime at) {
    return pool.preparedQuery("select coalesce(sum(amount), 0) as balance from billing.ledger where user_id = $1 and at < $2")
        .execute(Tuple.of(UUID.fromString(userId), at))
        .map(rows -> rows.iterator().next().getLong("balance"));
  }

  /**
   * An entry an admin makes ({@code entry} one of {@link LedgerEntry#MANUAL}, as the request was
   * read): top-ups and refunds add, adjustments may go either way. Checked here, so a negative
   * top-up or an absurd amount never reaches the ledger.
   */
  Future<LedgerLine> addManual(String userId, String entry, long amount, String who, String why) {
    if (Math.abs(amount) > MAX_MANUAL_AMOUNT || amount == 0) {
      return Future.failedFuture(FailureCode.INVALID_AMOUNT.exception(
          "The amount must be non-zero and at most " + MAX_MANUAL_AMOUNT + " minor units."));
    }
    if (!LedgerEntry.ADJUSTMENT.equals(entry) && amount < 0) {
      return Future.failedFuture(FailureCode.INVALID_AMOUNT.exception(
          "A " + entry + " adds to the balance: give a positive amount (use an adjustment to take away)."));
    }
    if (why == null || why.isBlank() || why.length() > 500) {
      return Future.failedFuture(FailureCode.INVALID_FIELD.exception("Give a reason (at most 500 characters)."));
    }
    return pool.preparedQuery("insert into billing.ledger (user_id, entry, amount, currency, who, why)"
            + " values ($1, $2, $3, $4, $5, $6) returning id, at, entry, amount, currency, network, usage_kind,"
            + " quantity, who, why")
        .execute(Tuple.of(UUID.fromString(userId), entry, amount, currency, who, why.trim()))
        .map(rows -> line(rows.iterator().next()));
  }

  private static LedgerLine line(Row row) {
    return new LedgerLine(row.getLong("id"), row.getOffsetDateTime("at").toInstant().toEpochMilli(), row.getString("entry"),
        row.getLong("amount"), row.getString("currency"), row.getString("network"), row.getString("usage_kind"),
        row.getLong("quantity"), row.getString("who"), row.getString("why"));
  }
}
