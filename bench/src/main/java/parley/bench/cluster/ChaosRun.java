package parley.bench.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parley.bench.cluster.ChatTraffic.Outcome;
import parley.bench.cluster.ChatTraffic.Send;
import parley.bench.cluster.ChatTraffic.Writer;
import parley.bench.cluster.ParleyCluster.Kind;

/**
 * Kills one process of each kind in turn (SIGKILL), starts it again after {@code downMs}, waits
 * until every writer's messages get through again, and goes on to the next; {@code rounds} times.
 * Then it measures each kill: the time until every user was served again (the first message sent
 * after the kill that reached its receiver, the slowest user's), and the messages sent around it
 * that were delayed (over {@link #DELAYED_MS}), lost or doubled.
 */
public final class ChaosRun {
  /** A message that took longer than this from send to the peer's page counts as delayed. */
  public static final long DELAYED_MS = 1000;

  /** One kill and what followed it. */
  public record Kill(Kind kind, String process, long killedAt, long restartedAt) {}

  /** The figures of one kill. */
  public record Effect(Kill kill, Long servedAgainMs, int sent, int delayed, int lost, int doubled) {}

  private final ParleyCluster cluster;
  private final ChatTraffic traffic;
  private final PrintStream out;
  private final List<Kill> kills = new ArrayList<>();

  public ChaosRun(ParleyCluster cluster, ChatTraffic traffic, PrintStream out) {
    this.cluster = cluster;
    this.traffic = traffic;
    this.out = out;
  }

  /** Runs the kills with the traffic flowing; the traffic keeps flowing afterwards until the caller stops it. */
  public void run(List<Kind> kinds, int rounds, long downMs, long recoverMs, long settleMs) throws Exception {
    for (int round = 0; round < rounds; round++) {
      for (Kind kind : kinds) {
        long killedAt = System.currentTimeMillis();
        String name = cluster.kill(kind, round);
        out.printf("chaos: killed %s (round %d)%n", name, round + 1);
        Thread.sleep(downMs);
        cluster.restart(name);
        long restartedAt = System.currentTimeMillis();
        kills.add(new Kill(kind, name, killedAt, restartedAt));
        long end = System.currentTimeMillis() + recoverMs;
        while (servedAgain(killedAt) == null && System.currentTimeMillis() < end) {
          Thread.sleep(200);
        }
        Long back = servedAgain(killedAt);
        out.printf("chaos: %s started again after %d ms; users served again %s%n", name, restartedAt - killedAt,
            back == null ? "NOT within " + recoverMs + " ms" : "after " + back + " ms");
        Thread.sleep(settleMs);
      }
    }
  }

  public List<Kill> kills() {
    return kills;
  }

  /**
   * Milliseconds from {@code since} until every writer had a message sent at or after it shown to
   * its peer (the slowest writer's), or null while one has not.
   */
  Long servedAgain(long since) {
    long worst = 0;
    for (Writer w : traffic.writers()) {
      Long first = null;
      for (Send s : w.sends) {
        if (s.startedAt() >= since && s.outcome() == Outcome.ACCEPTED) {
          Long shown = ChaosVerdict.shownAt(w, s.n());
          if (shown != null && (first == null || shown < first)) {
            first = shown;
          }
        }
      }
      if (first == null) {
        return null;
      }
      worst = Math.max(worst, first - since);
    }
    return worst;
  }

  /** The figures of each kill; the messages of a kill are those sent from a second before it until a second before the next. */
  public List<Effect> effects() {
    Map<Writer, Map<Integer, Integer>> received = new HashMap<>();
    for (Writer w : traffic.writers()) {
      Map<Integer, Integer> times = new HashMap<>();
      ChaosVerdict.numbers(w.peer.browser.shown(), "in", w).forEach(n -> times.merge(n, 1, Integer::sum));
      received.put(w, times);
    }
    List<Effect> effects = new ArrayList<>();
    for (int i = 0; i < kills.size(); i++) {
      Kill k = kills.get(i);
      long from = k.killedAt() - 1000;
      long to = i + 1 < kills.size() ? kills.get(i + 1).killedAt() - 1000 : Long.MAX_VALUE;
      int sent = 0;
      int delayed = 0;
      int lost = 0;
      int doubled = 0;
      for (Writer w : traffic.writers()) {
        for (Send s : w.sends) {
          if (s.startedAt() < from || s.startedAt() >= to || s.outcome() != Outcome.ACCEPTED) {
            continue;
          }
          sent++;
          Integer times = received.get(w).get(s.n());
          if (times == null) {
            lost++;
            continue;
          }
          doubled += times - 1;
          Long shown = ChaosVerdict.shownAt(w, s.n());
          if (shown != null && shown - s.startedAt() > DELAYED_MS) {
            delayed++;
          }
        }
      }
      effects.add(new Effect(k, servedAgain(k.killedAt()), sent, delayed, lost, doubled));
    }
    return effects;
  }

  /**
   * For each kill, the messages around it that were not simply quick: refused (with the reason),
   * unknown, delayed (with how long), never shown. For reading a run's log next to the processes'.
   */
  public void printDetails(int maxPerKill) {
    for (int i = 0; i < kills.size(); i++) {
      Kill k = kills.get(i);
      long from = k.killedAt() - 1000;
      long to = i + 1 < kills.size() ? kills.get(i + 1).killedAt() - 1000 : Long.MAX_VALUE;
      out.printf("kill of %s at %s, started again %d ms later:%n", k.process(), java.time.Instant.ofEpochMilli(k.killedAt()),
          k.restartedAt() - k.killedAt());
      int printed = 0;
      for (Writer w : traffic.writers()) {
        for (Send s : w.sends) {
          if (s.startedAt() < from || s.startedAt() >= to) {
            continue;
          }
          Long shown = ChaosVerdict.shownAt(w, s.n());
          String what;
          if (s.outcome() != Outcome.ACCEPTED) {
            what = s.outcome() + (s.failure() == null ? "" : " " + s.failure()) + " after " + (s.answeredAt() - s.startedAt()) + " ms";
          } else if (shown == null) {
            what = "accepted after " + (s.answeredAt() - s.startedAt()) + " ms, never shown";
          } else if (shown - s.startedAt() > DELAYED_MS) {
            what = "accepted after " + (s.answeredAt() - s.startedAt()) + " ms, shown after " + (shown - s.startedAt()) + " ms";
          } else {
            continue;
          }
          if (printed++ < maxPerKill) {
            out.printf("  %s sent %+d ms from the kill: %s%n", s.text(), s.startedAt() - k.killedAt(), what);
          }
        }
      }
      if (printed > maxPerKill) {
        out.printf("  … and %d more%n", printed - maxPerKill);
      }
    }
  }

  /** Prints one line per kill and, per kind, the median time until served again and the sums. */
  public void print(List<Effect> effects) {
    out.println("| process killed | kills | served again, median (max) | messages sent around the kills | delayed > 1 s | lost | doubled |");
    out.println("|---|---|---|---|---|---|---|");
    for (Kind kind : Kind.values()) {
      List<Effect> of = effects.stream().filter(e -> e.kill().kind() == kind).toList();
      if (of.isEmpty()) {
        continue;
      }
      List<Long> times = of.stream().map(e -> e.servedAgainMs() == null ? Long.MAX_VALUE : e.servedAgainMs()).sorted().toList();
      long median = times.get(times.size() / 2);
      long max = times.get(times.size() - 1);
      out.printf("| %s | %d | %s (%s) | %d | %d | %d | %d |%n", kind.name().toLowerCase(), of.size(), seconds(median), seconds(max),
          of.stream().mapToInt(Effect::sent).sum(), of.stream().mapToInt(Effect::delayed).sum(),
          of.stream().mapToInt(Effect::lost).sum(), of.stream().mapToInt(Effect::doubled).sum());
    }
  }

  private static String seconds(long ms) {
    return ms == Long.MAX_VALUE ? "never" : String.format("%.1f s", ms / 1000.0);
  }
}
