package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import parley.contract.LedgerEntry;
import parley.contract.ParleyException;
import parley.contract.billing.UsageRecord;

/**
 * Records a batch of usage records in one transaction: each record id once (a replay or duplicate
 * changes nothing), the daily counters and the ledger charges of the new ones with it, and bad
 * records in quarantine with the reason, and the allowance of the users it touched (so a
 * balance and who may send change in the same commit). Every record of the batch is acknowledged
 * once this commits, so the sender can forget it. Batches may run at the same time (in this process and in
 * other billing processes): rows are written in one order (users, then event ids, then counters,
 * each sorted, then the users' rows for their allowance, sorted), so two batches wait for each
 * other and never deadlock.
 */
final class UsageIngest {
  /** What one batch did. */
  record Result(List<String> acked, int counted, int quarantined) {}

  private record Bad(String eventId, String record, String reason) {}

  private record CounterKey(String userId, LocalDate day, String network, String kind) {
    static final Comparator<CounterKey> ORDER = Comparator.comparing(CounterKey::userId)
        .thenComparing(CounterKey::day).thenComparing(CounterKey::network).thenComparing(CounterKey::kind);
  }

  private static final class Counter {
    long count;
    long bytes;
    long lastTs;
  }

  /** What else the batch's transaction does for the users it touched: their allowance. */
  interface InTransaction {
    Future<Void> run(SqlConnection conn, Set<String> affectedUsers);
  }

  private final Pool pool;
  private final Plans plans;
  private final InTransaction allowances;

  /** {@code allowances}: normally {@link AllowanceTracker#refreshIn}. */
  UsageIngest(Pool pool, Plans plans, InTransaction allowances) {
    this.pool = pool;
    this.plans = plans;
    this.allowances = allowances;
  }

  Future<Result> ingest(JsonArray records, long nowMs) {
    List<String> acked = new ArrayList<>();
    List<Bad> bad = new ArrayList<>();
    Map<String, UsageRecord> signUps = new TreeMap<>();
    Map<String, UsageRecord> usage = new TreeMap<>();
    for (Object raw : records) {
      String id = UsageRecord.idOf(raw);
      if (id != null) {
        acked.add(id);
      }
      UsageRecord record = null;
      String problem;
      try {
        record = raw instanceof JsonObject r ? UsageRecord.fromJson(r) : null;
        problem = record == null ? "not a JSON object" : UsageCheck.problem(record, nowMs);
      } catch (ParleyException e) {
        problem = e.getMessage();
      }
      if (problem != null) {
        bad.add(new Bad(id, shorten(String.valueOf(raw instanceof JsonObject r ? r.encode() : raw)), problem));
      } else if (record.signUp()) {
        signUps.putIfAbsent(id, record);
      } else {
        usage.putIfAbsent(id, record);
      }
    }
    Set<String> affected = new HashSet<>();
    signUps.values().forEach(r -> affected.add(r.userId()));
    return pool.withTransaction(conn -> plans.load(conn)
        .compose(v -> insertUsers(conn, signUps.values()))
        .compose(v -> knownUsers(conn, usage.values()))
        .compose(known -> {
          List<UsageRecord> countable = new ArrayList<>();
          for (UsageRecord r : usage.values()) {
            if (known.containsKey(r.userId())) {
              countable.add(r);
              // A replay too: the process that recorded it may have died before publishing.
              affected.add(r.userId());
            } else {
              bad.add(new Bad(r.id(), shorten(r.toJson().encode()), "unknown user " + r.userId()));
            }
          }
          return insertEvents(conn, countable).compose(fresh -> count(conn, fresh, known).map(fresh.size()));
        })
        .compose(counted -> quarantine(conn, bad).map(counted))
        .compose(counted -> allowances.run(conn, affected).map(counted)))
        .map(counted -> new Result(acked, counted, bad.size()));
  }

  private Future<Void> insertUsers(SqlConnection conn, Iterable<UsageRecord> signUps) {
    List<UUID> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    signUps.forEach(r -> {
      ids.add(UUID.fromString(r.userId()));
      names.add(r.username());
    });
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] planNames = new String[ids.size()];
    java.util.Arrays.fill(planNames, plans.defaultPlan());
    return conn.preparedQuery("insert into billing.users (user_id, username, plan)"
            + " select * from unnest($1::uuid[], $2::text[], $3::text[]) on conflict (user_id) do nothing")
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0])).addArrayOfString(names.toArray(new String[0]))
            .addArrayOfString(planNames))
        .mapEmpty();
  }

  /** Plan name by user id, for the users of these records that billing knows. */
  private static Future<Map<String, String>> knownUsers(SqlConnection conn, Iterable<UsageRecord> usage) {
    Set<UUID> ids = new HashSet<>();
    usage.forEach(r -> ids.add(UUID.fromString(r.userId())));
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery("select user_id, plan from billing.users where user_id = any($1)")
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .map(rows -> {
          Map<String, String> known = new HashMap<>();
          rows.forEach(row -> known.put(row.getUUID("user_id").toString(), row.getString("plan")));
          return known;
        });
  }

  /** Inserts the records whose id is new, and answers those (replays come back empty). */
  private static Future<List<UsageRecord>> insertEvents(SqlConnection conn, List<UsageRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int n = records.size();
    String[] ids = new String[n];
    UUID[] users = new UUID[n];
    String[] accounts = new String[n];
    String[] networks = new String[n];
    String[] kinds = new String[n];
    Long[] bytes = new Long[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    Map<String, UsageRecord> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      UsageRecord r = records.get(i);
      ids[i] = r.id();
      users[i] = UUID.fromString(r.userId());
      accounts[i] = r.accountId();
      networks[i] = r.network();
      kinds[i] = r.kind();
      bytes[i] = r.bytes();
      ts[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(r.ts()), ZoneOffset.UTC);
      byId.put(ids[i], r);
    }
    return conn.preparedQuery("insert into billing.usage_events (id, user_id, account_id, network, kind, bytes, ts)"
            + " select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[],"
            + " $7::timestamptz[]) on conflict (id) do nothing returning id")
        .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfUUID(users).addArrayOfString(accounts)
            .addArrayOfString(networks).addArrayOfString(kinds).addArrayOfLong(bytes).addArrayOfOffsetDateTime(ts))
        .map(rows -> {
          List<UsageRecord> fresh = new ArrayList<>(rows.size());
          rows.forEach(row -> fresh.add(byId.get(row.getString("id"))));
          return fresh;
        });
  }

  /** Adds the new records to the daily counters and charges them to the ledger by the user's plan. */
  private Future<Void> count(SqlConnection conn, List<UsageRecord> fresh, Map<String, String> planByUser) {
    Map<CounterKey, Counter> counters = new TreeMap<>(CounterKey.ORDER);
    for (UsageRecord r : fresh) {
      long ts = r.ts();
      CounterKey key = new CounterKey(r.userId(), LocalDate.ofEpochDay(Math.floorDiv(ts, 86_400_000L)),
          r.network(), r.kind());
      Counter c = counters.computeIfAbsent(key, k -> new Counter());
      c.count++;
      c.bytes += r.bytes();
      c.lastTs = Math.max(c.lastTs, ts);
    }
    if (counters.isEmpty()) {
      return Future.succeededFuture();
    }
    return upsertCounters(conn, counters).compose(v -> charge(conn, counters, planByUser));
  }

  private static Future<Void> upsertCounters(SqlConnection conn, Map<CounterKey, Counter> counters) {
    int n = counters.size();
    UUID[] users = new UUID[n];
    LocalDate[] days = new LocalDate[n];
    String[] networks = new String[n];
    String[] kinds = new String[n];
    Long[] counts = new Long[n];
    Long[] bytes = new Long[n];
    int i = 0;
    for (Map.Entry<CounterKey, Counter> e : counters.entrySet()) {
      users[i] = UUID.fromString(e.getKey().userId());
      days[i] = e.getKey().day();
      networks[i] = e.getKey().network();
      kinds[i] = e.getKey().kind();
      counts[i] = e.getValue().count;
      bytes[i] = e.getValue().bytes;
      i++;
    }
    return conn.preparedQuery("insert into billing.usage_daily (user_id, day, network, kind, count, bytes)"
            + " select * from unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])"
            + " on conflict (user_id, day, network, kind) do update"
            + " set count = usage_daily.count + excluded.count, bytes = usage_daily.bytes + excluded.bytes")
        .execute(Tuple.tuple().addArrayOfUUID(users).addArrayOfLocalDate(days).addArrayOfString(networks)
            .addArrayOfString(kinds).addArrayOfLong(counts).addArrayOfLong(bytes))
        .mapEmpty();
  }

  /** One ledger charge per user, day, network and kind in this batch, for plans with prices. */
  private Future<Void> charge(SqlConnection conn, Map<CounterKey, Counter> counters, Map<String, String> planByUser) {
    List<UUID> users = new ArrayList<>();
    List<OffsetDateTime> at = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    List<String> networks = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    List<Long> quantities = new ArrayList<>();
    List<String> why = new ArrayList<>();
    counters.forEach((key, c) -> {
      Plan plan = plans.get(planByUser.get(key.userId()));
      long price = plan.price(key.network(), key.kind());
      if (price == 0) {
        return;
      }
      users.add(UUID.fromString(key.userId()));
      at.add(OffsetDateTime.ofInstant(Instant.ofEpochMilli(c.lastTs), ZoneOffset.UTC));
      amounts.add(Math.multiplyExact(-price, c.count));
      networks.add(key.network());
      kinds.add(key.kind());
      quantities.add(c.count);
      why.add(c.count + " × " + key.kind() + " on " + key.network() + " at " + price + " (plan " + plan.name() + ")");
    });
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] entry = new String[users.size()];
    String[] currency = new String[users.size()];
    String[] who = new String[users.size()];
    java.util.Arrays.fill(entry, LedgerEntry.USAGE);
    java.util.Arrays.fill(currency, plans.currency());
    java.util.Arrays.fill(who, "billing");
    return conn.preparedQuery("insert into billing.ledger (user_id, at, entry, amount, currency, network, usage_kind,"
            + " quantity, who, why) select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::bigint[],"
            + " $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[])")
        .execute(Tuple.tuple().addArrayOfUUID(users.toArray(new UUID[0]))
            .addArrayOfOffsetDateTime(at.toArray(new OffsetDateTime[0])).addArrayOfString(entry)
            .addArrayOfLong(amounts.toArray(new Long[0])).addArrayOfString(currency)
            .addArrayOfString(networks.toArray(new String[0])).addArrayOfString(kinds.toArray(new String[0]))
            .addArrayOfLong(quantities.toArray(new Long[0])).addArrayOfString(who)
            .addArrayOfString(why.toArray(new String[0])))
        .mapEmpty();
  }

  /** Keeps enough of a bad record to see what it was, not megabytes of it. */
  private static String shorten(String record) {
    return record.length() <= 2000 ? record : record.substring(0, 2000) + "…";
  }

  private static Future<Void> quarantine(SqlConnection conn, List<Bad> bad) {
    if (bad.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = bad.stream().map(b -> Tuple.of(b.eventId(), b.record(), b.reason())).toList();
    return conn.preparedQuery("insert into billing.quarantine (event_id, record, reason) values ($1, $2, $3)"
            + " on conflict (event_id) where event_id is not null do nothing")
        .executeBatch(rows).mapEmpty();
  }
}
