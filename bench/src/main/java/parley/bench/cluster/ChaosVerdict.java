package parley.bench.cluster;

import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import parley.bench.cluster.ChatTraffic.Outcome;
import parley.bench.cluster.ChatTraffic.Send;
import parley.bench.cluster.ChatTraffic.Writer;
import parley.contract.ConnectionState;
import parley.contract.browser.ArchiveGapEvent;
import parley.contract.browser.StoredMessage;

/**
 * What a chaos run did to the messages, checked after the traffic stopped: every accepted message
 * shown exactly once, in order, in the receiving browser and in the sender's; each browser's stream
 * without a gap or a double; the stored history equal to what was shown; billing holding each
 * stored message exactly once. A message whose answer was lost (unknown) or that was answered with a
 * failure may be there once or not at all (the second is written down as a note). So may a message
 * the receiver's page said may have been missed ({@link #saidMaybeMissed}): a network without an
 * archive (OSCAR) cannot give again what its server handed to a node that died; it is counted apart
 * from the lost ones, which stay silent losses.
 */
public final class ChaosVerdict {
  public final List<String> problems = new ArrayList<>();
  /**
   * Things a person would notice that are not a loss or a double: a send answered with a failure
   * whose message reached the peer all the same (once): the sender was told it failed.
   */
  public final List<String> notes = new ArrayList<>();
  public int accepted;
  public int refused;
  public int unknown;
  public int lost;
  /** Accepted messages not shown, of which the receiver's page said they may have been missed. */
  public int saidMissed;
  public int doubled;

  /** Waits (at most {@code settleMs}) until every accepted message is shown to its receiver, then checks everything. */
  public static ChaosVerdict check(ChatTraffic traffic, ParleyCluster cluster, List<ChaosRun.Kill> kills, long settleMs)
      throws InterruptedException {
    ChaosVerdict v = new ChaosVerdict();
    long end = System.currentTimeMillis() + settleMs;
    while (System.currentTimeMillis() < end && !allShown(traffic, kills)) {
      Thread.sleep(250);
    }
    // Time for a second copy to arrive, if one were coming.
    Thread.sleep(2000);
    for (Writer w : traffic.writers()) {
      v.checkDirection(w, kills);
    }
    for (Writer w : traffic.writers()) {
      v.problems.addAll(w.browser.problems());
    }
    v.checkBilling(cluster, traffic);
    return v;
  }

  private static boolean allShown(ChatTraffic traffic, List<ChaosRun.Kill> kills) {
    for (Writer w : traffic.writers()) {
      Set<Integer> shown = new HashSet<>(numbers(w.peer.browser.shown(), "in", w));
      for (Send s : w.sends) {
        if (s.outcome() == Outcome.ACCEPTED && !shown.contains(s.n()) && !saidMaybeMissed(w, s, kills)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The numbers of {@code from}'s messages among {@code messages} of that direction, in order. */
  static List<Integer> numbers(List<StoredMessage> messages, String direction, Writer from) {
    String prefix = from.browser.name() + "#";
    List<Integer> out = new ArrayList<>();
    for (StoredMessage m : messages) {
      String text = m.text();
      if (direction.equals(m.direction()) && text.startsWith(prefix)) {
        out.add(Integer.parseInt(text.substring(prefix.length())));
      }
    }
    return out;
  }

  /**
   * Whether the receiver's page said that {@code s} may have been missed: it showed an
   * {@code archive.gap} for the receiving account because the node holding it was lost (the
   * reason a network without an archive gives; an archive's incomplete catch-up excuses nothing
   * here, where Prosody keeps every message), and {@code s} was sent from a second before the
   * last kill preceding that notice until the page showed the account connected again after it.
   */
  public static boolean saidMaybeMissed(Writer w, Send s, List<ChaosRun.Kill> kills) {
    ChaosBrowser receiver = w.peer.browser;
    return saidMaybeMissed(s.startedAt(), w.peer.accountId, kills.stream().map(ChaosRun.Kill::killedAt).toList(),
        receiver.gapsSaid(), receiver.statesShown());
  }

  /** {@link #saidMaybeMissed(Writer, Send, List)} on what the receiver's page showed, for a message sent at {@code sentAt}. */
  static boolean saidMaybeMissed(long sentAt, String accountId, List<Long> killedAt, List<ChaosBrowser.GapSaid> gaps,
      List<ChaosBrowser.StateShown> states) {
    for (ChaosBrowser.GapSaid gap : gaps) {
      if (!gap.accountId().equals(accountId) || !ArchiveGapEvent.NODE_LOST.equals(gap.reason())) {
        continue;
      }
      Long lastKill = killedAt.stream().filter(k -> k <= gap.at()).max(Long::compare).orElse(null);
      if (lastKill == null) {
        continue;
      }
      long connectedAgain = states.stream()
          .filter(st -> st.at() >= gap.at() && st.accountId().equals(accountId) && ConnectionState.CONNECTED.equals(st.state()))
          .mapToLong(ChaosBrowser.StateShown::at).min().orElse(Long.MAX_VALUE);
      if (sentAt >= lastKill - 1000 && sentAt <= connectedAgain) {
        return true;
      }
    }
    return false;
  }

  /** When the receiver first showed message {@code n} of {@code w}, or null. */
  public static Long shownAt(Writer w, int n) {
    String text = w.browser.name() + "#" + n;
    for (StoredMessage m : w.peer.browser.shown()) {
      if (!m.outgoing() && text.equals(m.text())) {
        return w.peer.browser.shownAt(m.id());
      }
    }
    return null;
  }

  private void checkDirection(Writer w, List<ChaosRun.Kill> kills) throws InterruptedException {
    String who = w.browser.name() + " -> " + w.peer.browser.name();
    Set<Integer> acc = new HashSet<>();
    Set<Integer> maybe = new HashSet<>();
    // Accepted, but the receiver's page said it may have been missed: there once or not at all on the receiving side.
    Set<Integer> saidMaybe = new HashSet<>();
    for (Send s : w.sends) {
      switch (s.outcome()) {
        case ACCEPTED -> {
          acc.add(s.n());
          accepted++;
          if (saidMaybeMissed(w, s, kills)) {
            saidMaybe.add(s.n());
          }
        }
        case UNKNOWN -> {
          maybe.add(s.n());
          unknown++;
        }
        case REFUSED -> refused++;
      }
    }
    List<Integer> received = numbers(w.peer.browser.shown(), StoredMessage.IN, w);
    Set<Integer> receiverMust = new HashSet<>(acc);
    receiverMust.removeAll(saidMaybe);
    Set<Integer> receiverMay = new HashSet<>(maybe);
    receiverMay.addAll(saidMaybe);
    checkOnce(who + " (receiver's page)", received, receiverMust, receiverMay, true);
    List<Integer> missedAsSaid = saidMaybe.stream().filter(n -> !received.contains(n)).sorted().toList();
    if (!missedAsSaid.isEmpty()) {
      saidMissed += missedAsSaid.size();
      notes.add(who + ": accepted " + missedAsSaid + " not shown; the receiver's page said messages may have been missed then");
    }
    List<Integer> sentShown = numbers(w.browser.shown(), StoredMessage.OUT, w);
    checkOnce(who + " (sender's page)", sentShown, acc, maybe, false);
    for (Send s : w.sends) {
      if (s.outcome() == Outcome.REFUSED && received.contains(s.n())) {
        notes.add(who + ": #" + s.n() + " reached the peer, but its sender was answered " + s.failure());
      }
    }
    List<StoredMessage> history = w.peer.browser.history(w.peer.accountId, w.jid);
    if (history == null) {
      problems.add(who + ": the receiver's history could not be read");
    } else if (!numbers(history, StoredMessage.IN, w).equals(received)) {
      problems.add(who + ": the receiver's history " + numbers(history, StoredMessage.IN, w) + " is not what its page shows "
          + received);
    }
    List<StoredMessage> sentHistory = w.browser.history(w.accountId, w.peerJid);
    if (sentHistory == null) {
      problems.add(who + ": the sender's history could not be read");
    } else {
      for (StoredMessage m : sentHistory) {
        String text = m.text();
        if (m.outgoing() && text.startsWith(w.browser.name() + "#")) {
          int n = Integer.parseInt(text.substring(text.indexOf('#') + 1));
          if (acc.contains(n) && !List.of("sent", "delivered", "read").contains(m.status())) {
            problems.add(who + ": accepted #" + n + " is stored as " + m.status());
          }
        }
      }
      checkOnce(who + " (sender's history)", numbers(sentHistory, StoredMessage.OUT, w), acc, Set.of(), false);
    }
  }

  /** Each accepted number once, nothing twice, in rising order; a number never sent at all is a problem too. */
  private void checkOnce(String where, List<Integer> seen, Set<Integer> acc, Set<Integer> maybe, boolean count) {
    Map<Integer, Integer> times = new HashMap<>();
    for (int n : seen) {
      times.merge(n, 1, Integer::sum);
    }
    List<Integer> missing = acc.stream().filter(n -> !times.containsKey(n)).sorted().toList();
    List<Integer> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    if (!missing.isEmpty()) {
      problems.add(where + ": accepted but missing " + missing);
    }
    if (!twice.isEmpty()) {
      problems.add(where + ": shown more than once " + twice);
    }
    // The order of what was accepted (or may have been); one answered with a failure is a note when out of place.
    List<Integer> counted = seen.stream().filter(n -> acc.contains(n) || maybe.contains(n)).toList();
    for (int i = 1; i < counted.size(); i++) {
      if (counted.get(i) <= counted.get(i - 1)) {
        problems.add(where + ": out of order at " + counted.get(i - 1) + ", " + counted.get(i) + " in " + counted);
        break;
      }
    }
    for (int i = 1; i < seen.size(); i++) {
      if (seen.get(i) <= seen.get(i - 1) && !counted.contains(seen.get(i))) {
        notes.add(where + ": #" + seen.get(i) + ", answered with a failure, came after #" + seen.get(i - 1));
      }
    }
    if (count) {
      lost += missing.size();
      doubled += twice.stream().mapToInt(n -> times.get(n) - 1).sum();
    }
  }

  private void checkBilling(ParleyCluster cluster, ChatTraffic traffic) throws InterruptedException {
    Pool pool = PgBuilder.pool().connectingTo(cluster.db().getString("url")).using(cluster.vertx()).build();
    try {
      long end = System.currentTimeMillis() + 60_000;
      long waiting = 1;
      while (waiting > 0 && System.currentTimeMillis() < end) {
        waiting = pool.query("select count(*) from session.usage_outbox where id like 'msg:%'").execute().await()
            .iterator().next().getLong(0);
        if (waiting > 0) {
          Thread.sleep(250);
        }
      }
      if (waiting > 0) {
        problems.add("billing: " + waiting + " usage records of messages still wait in the outbox after 60 s");
      }
      pool.query("""
          select m.id, m.direction, m.body from session.messages m
          where (m.direction = 'in' or m.status in ('sent', 'delivered', 'read'))
            and not exists (select 1 from billing.usage_events u where u.id = 'msg:' || m.id
              and u.kind = case m.direction when 'in' then 'message-received' else 'message-sent' end)""")
          .execute().await().forEach(r -> problems.add("billing: message " + r.getLong(0) + " (" + r.getString(1) + " "
              + r.getString(2) + ") was not counted"));
      pool.query("""
          select u.id, u.kind from billing.usage_events u
          where u.kind in ('message-sent', 'message-received')
            and not exists (select 1 from session.messages m where 'msg:' || m.id = u.id)""")
          .execute().await().forEach(r -> problems.add("billing: " + r.getString(0) + " (" + r.getString(1)
              + ") counts a message that is not stored"));
      long rows = pool.query("select count(*) from session.messages where direction = 'in' or status in ('sent', 'delivered', 'read')")
          .execute().await().iterator().next().getLong(0);
      long counted = pool.query("select count(*) from billing.usage_events where kind in ('message-sent', 'message-received')")
          .execute().await().iterator().next().getLong(0);
      if (rows != counted) {
        problems.add("billing: " + counted + " message records counted for " + rows + " stored messages");
      }
    } finally {
      pool.close().await();
    }
  }

  public boolean clean() {
    return problems.isEmpty();
  }

  public String summary() {
    return accepted + " accepted, " + refused + " refused, " + unknown + " unknown; lost " + lost
        + (saidMissed == 0 ? "" : " (and " + saidMissed + " not shown where the page said messages may have been missed)")
        + ", doubled " + doubled
        + (problems.isEmpty() ? "" : "; problems:\n  " + String.join("\n  ", problems))
        + (notes.isEmpty() ? "" : "\nnotes:\n  " + String.join("\n  ", notes));
  }
}
