package parley.session;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import parley.contract.billing.UsageRecord;

/**
 * Counts online time: once a minute, every connected IM account gets a usage record for the
 * current minute. The record id is the account and the minute, so a restart or reconnect within
 * the same minute counts it once.
 */
final class OnlineMinutes {
  private final Pool pool;
  private final Supplier<Iterable<UserSession>> users;
  private final long minuteMs;
  private final Runnable afterCommit;

  OnlineMinutes(Pool pool, Supplier<Iterable<UserSession>> users, long minuteMs, Runnable afterCommit) {
    this.pool = pool;
    this.users = users;
    this.minuteMs = minuteMs;
    this.afterCommit = afterCommit;
  }

  long minuteMs() {
    return minuteMs;
  }

  /** Records the current minute for every connected account. */
  Future<Void> tick(long nowMs) {
    long minute = nowMs / minuteMs;
    List<UsageRecord> records = new ArrayList<>();
    users.get().forEach(user -> user.accounts.values().forEach(a -> {
      if (a.connected()) {
        records.add(UsageRecord.onlineMinute(user.userId, a.id(), a.account.network(), minute, minuteMs));
      }
    }));
    return UsageRecords.insert(pool, records).onSuccess(v -> {
      if (!records.isEmpty()) {
        afterCommit.run();
      }
    });
  }
}
