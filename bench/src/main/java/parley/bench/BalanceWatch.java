package parley.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls what a reader of billing sees: how many records the committed daily counters hold (they
 * and the balance change in one transaction), every few milliseconds on a connection of its own.
 * With the outbox relayed oldest first and committed in that order, record k is visible once the
 * counters reach k + 1; from that and when each record was written it gives the delay a user
 * waits for the balance, commit included (up to one poll interval pessimistic).
 */
final class BalanceWatch extends Thread {
  static final int POLL_MS = 2;

  private final String url;
  private final String user;
  private final String password;
  private final List<long[]> polls = new ArrayList<>();
  private volatile long stopAt = Long.MAX_VALUE;

  BalanceWatch(String url, String user, String password) {
    super("balance-watch");
    setDaemon(true);
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public void run() {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      long counted = 0;
      while (counted < stopAt) {
        try (ResultSet r = s.executeQuery("select coalesce(sum(count), 0)::bigint from billing.usage_daily")) {
          r.next();
          counted = r.getLong(1);
        }
        long now = System.nanoTime();
        synchronized (polls) {
          polls.add(new long[] {now, counted});
        }
        Thread.sleep(POLL_MS);
      }
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException("the balance watch stopped", e);
    }
  }

  /** Waits (at most ten minutes) until the watch saw {@code events} records counted. */
  void stopAfter(long events) throws InterruptedException {
    stopAt = events;
    join(600_000);
    if (isAlive() || polls.isEmpty() || polls.get(polls.size() - 1)[1] < events) {
      throw new IllegalStateException("gave up waiting for " + events + " records counted");
    }
  }

  /** When the last poll (the one that saw everything counted) was answered. */
  long lastPollNanos() {
    synchronized (polls) {
      return polls.get(polls.size() - 1)[0];
    }
  }

  /** Per record, in write order: milliseconds from its write to the first poll that saw it counted. */
  long[] delaysMs(long[] writtenNanos) {
    long[] out = new long[writtenNanos.length];
    synchronized (polls) {
      int p = 0;
      for (int k = 0; k < writtenNanos.length; k++) {
        while (p < polls.size() && polls.get(p)[1] < k + 1) {
          p++;
        }
        out[k] = p < polls.size() ? Math.max(0, (polls.get(p)[0] - writtenNanos[k]) / 1_000_000) : Long.MAX_VALUE;
      }
    }
    return out;
  }
}
