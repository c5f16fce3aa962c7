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
 * Then it measures each kill: the time until every user was served again (a message to or from the
 * user, sent after the kill, shown to its receiver; the slowest user's), the longest a send waited
 * for its answer, and the accepted messages sent around it that were delayed (over
 * {@link #DELAYED_MS}), lost or doubled.
 */
public final class ChaosRun {
  /** A message that took longer than this from send to the peer's page counts as delayed. */
  public static final long DELAYED_MS = 1000;

  /** One kill and what followed it. */
  public record Kill(Kind kind, String process, long killedAt, long restartedAt) {}

  /** The figures of one kill. */
  public record Effect(Kill kill, Long servedAgainMs, int sent, int delayed, int lost, int saidMissed, int doubled,
      long longestAnswerMs) {}

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

  /** Writes down a stop and restart done by the caller (a rolling restart), so that {@link #effects} counts it. */
  public void note(Kind kind, String process, long stoppedAt, long restartedAt) {
    kills.add(new Kill(kind, process, stoppedAt, restartedAt));
  }

  public List<Kill> kills() {
    return kills;
  }

  /**
   * Milliseconds from {@code since} until every user was served again (the slowest user's): a
   * message to or from the user, sent at or after {@code since}, shown to its receiver. Null while
   * one user has had neither.
   */
  public Long servedAgain(long since) {
    long worst = 0;
    for (Writer w : traffic.writers()) {
      Long first = min(firstThrough(w, since), firstThrough(w.peer, since));
      if (first == null) {
        return null;
      }
      worst = Math.max(worst, first - since);
    }
    return worst;
  }

  /** When the first message of {@code w} sent at or after {@code since} was shown to its peer, or null. */
  private static Long firstThrough(Writer w, long since) {
    Long first = null;
    for (Send s : w.sends) {
      if (s.startedAt() >= since && s.outcome() == Outcome.ACCEPTED) {
        first = min(first, ChaosVerdict.shownAt(w, s.n()));
      }
    }
    return first;
  }

  private static Long min(Long a, Long b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Long.valueOf(Math.min(a, b));
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
      int saidMissed = 0;
      int doubled = 0;
      long longestAnswer = 0;
      for (Writer w : traffic.writers()) {
        for (Send s : w.sends) {
          if (s.startedAt() < from || s.startedAt() >= to) {
            continue;
          }
          longestAnswer = Math.max(longestAnswer, s.answeredAt() - s.startedAt());
          if (s.outcome() != Outcome.ACCEPTED) {
            continue;
          }
          sent++;
          Integer times = received.get(w).get(s.n());
          if (times == null) {
            if (ChaosVerdict.saidMaybeMissed(w, s, kills)) {
              saidMissed++;
            } else {
              lost++;
            }
            continue;
          }
          doubled += times - 1;
          Long shown = ChaosVerdict.shownAt(w, s.n());
          if (shown != null && shown - s.startedAt() > DELAYED_MS) {
            delayed++;
          }
        }
      }
      effects.add(new Effect(k, servedAgain(k.killedAt()), sent, delayed, lost, saidMissed, doubled, longestAnswer));
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
            what = "accepted after " + (s.answeredAt() - s.startedAt()) + " ms, never shown"
                + (ChaosVerdict.saidMaybeMissed(w, s, kills) ? " (the receiver's page said messages may have been missed)" : "");
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

  /**
   * Writes every send and kill to a CSV file (epoch milliseconds), for reading a run next to the
   * processes' logs: kills as {@code kill,<process>,<killed>,<restarted>}, sends as
   * {@code send,<text>,<started>,<answered>,<outcome>,<shown at the peer>,<failure>}.
   */
  public void writeCsv(java.nio.file.Path file) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    kills.forEach(k -> lines.add("kill," + k.process() + "," + k.killedAt() + "," + k.restartedAt()));
    for (Writer w : traffic.writers()) {
      for (Send s : w.sends) {
        Long shown = ChaosVerdict.shownAt(w, s.n());
        lines.add("send," + s.text() + "," + s.startedAt() + "," + s.answeredAt() + "," + s.outcome() + ","
            + (shown == null ? "" : shown) + "," + (s.failure() == null ? "" : '"' + s.failure().replace("\"", "'") + '"'));
      }
    }
    java.nio.file.Files.write(file, lines);
  }

  /** Prints one line per kill and, per kind, the median time until served again and the sums. */
  public void print(List<Effect> effects) {
    out.println("| process killed | kills | users served again, median (max) | longest wait for a send's answer, median (max)"
        + " | messages accepted around the kills | delayed > 1 s | lost | not shown, page said maybe missed | doubled |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (Kind kind : Kind.values()) {
      List<Effect> of = effects.stream().filter(e -> e.kill().kind() == kind).toList();
      if (of.isEmpty()) {
        continue;
      }
      List<Long> times = of.stream().map(e -> e.servedAgainMs() == null ? Long.MAX_VALUE : e.servedAgainMs()).sorted().toList();
      long median = times.get(times.size() / 2);
      long max = times.get(times.size() - 1);
      List<Long> waits = of.stream().map(Effect::longestAnswerMs).sorted().toList();
      out.printf("| %s | %d | %s (%s) | %s (%s) | %d | %d | %d | %d | %d |%n", kind.name().toLowerCase(), of.size(), seconds(median),
          seconds(max), seconds(waits.get(waits.size() / 2)), seconds(waits.get(waits.size() - 1)),
          of.stream().mapToInt(Effect::sent).sum(), of.stream().mapToInt(Effect::delayed).sum(),
          of.stream().mapToInt(Effect::lost).sum(), of.stream().mapToInt(Effect::saidMissed).sum(),
          of.stream().mapToInt(Effect::doubled).sum());
    }
  }

  private static String seconds(long ms) {
    return ms == Long.MAX_VALUE ? "never" : String.format("%.1f s", ms / 1000.0);
  }
}
