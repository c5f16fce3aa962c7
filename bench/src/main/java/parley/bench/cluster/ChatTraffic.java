package parley.bench.cluster;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import parley.contract.ConnectionState;
import parley.contract.browser.AccountAdd;
import parley.contract.browser.AccountReply;
import parley.contract.browser.MessageSend;
import parley.oscar.OscarNetwork;
import parley.xmpp.XmppNetwork;
import parley.xmpp.testing.ProsodyServer;

/**
 * Pairs of Parley users, each with an XMPP account on the cluster's Prosody (or an AIM account on
 * its OSCAR test server), who write each other
 * numbered messages ({@code <name>#<n>}) through the bridge, one at a time, each waiting for the
 * answer to the last. Every send is written down with its outcome: accepted (the answer said
 * sent), refused (a failure answer, in words), or unknown (the socket went before an answer).
 */
public final class ChatTraffic implements AutoCloseable {
  /** One direction of a pair: a sender, its browser, and who it writes to. */
  public static final class Writer {
    public final ChaosBrowser browser;
    public final String accountId;
    public final String jid;
    public String peerJid;
    public Writer peer;
    public final List<Send> sends = new CopyOnWriteArrayList<>();
    /** Time between two of this writer's messages. */
    final long intervalMs;
    private Thread thread;

    Writer(ChaosBrowser browser, String accountId, String jid, long intervalMs) {
      this.browser = browser;
      this.accountId = accountId;
      this.jid = jid;
      this.intervalMs = intervalMs;
    }
  }

  /** One message as its sender saw it. */
  public record Send(int n, String text, long startedAt, long answeredAt, Outcome outcome, String failure) {}

  public enum Outcome { ACCEPTED, REFUSED, UNKNOWN }

  private final List<Writer> writers = new ArrayList<>();
  private volatile boolean sending;

  private ChatTraffic() {
  }

  /** Signs up {@code pairs} pairs of users through the front port and connects their accounts. */
  public static ChatTraffic setUp(ParleyCluster cluster, int pairs, long intervalMs) throws Exception {
    return setUp(cluster, pairs, intervalMs, 0, 0);
  }

  /**
   * The same with {@code oscarPairs} pairs on the cluster's OSCAR test server too, writing each
   * {@code oscarIntervalMs} (the test server limits a connection's messages as AIM servers did).
   */
  public static ChatTraffic setUp(ParleyCluster cluster, int pairs, long intervalMs, int oscarPairs, long oscarIntervalMs)
      throws Exception {
    ChatTraffic traffic = new ChatTraffic();
    ProsodyServer prosody = cluster.prosody();
    List<Writer[]> all = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      all.add(new Writer[] {traffic.user(cluster, prosody, "pa" + i, intervalMs), traffic.user(cluster, prosody, "pb" + i, intervalMs)});
    }
    for (int i = 0; i < oscarPairs; i++) {
      all.add(new Writer[] {traffic.aimUser(cluster, "oscara" + i, oscarIntervalMs), traffic.aimUser(cluster, "oscarb" + i, oscarIntervalMs)});
    }
    for (Writer[] pair : all) {
      Writer a = pair[0];
      Writer b = pair[1];
      a.peer = b;
      a.peerJid = b.jid;
      b.peer = a;
      b.peerJid = a.jid;
      a.browser.watch(a.accountId, b.jid);
      b.browser.watch(b.accountId, a.jid);
    }
    for (Writer w : traffic.writers) {
      long end = System.currentTimeMillis() + 60_000;
      while (!ConnectionState.CONNECTED.equals(w.browser.accountState(w.accountId))) {
        if (System.currentTimeMillis() > end) {
          throw new IllegalStateException(w.jid + " never connected: " + w.browser.accountState(w.accountId));
        }
        Thread.sleep(100);
      }
    }
    return traffic;
  }

  /** A user with an AIM account (screen name {@code name}) on the cluster's OSCAR test server. */
  private Writer aimUser(ParleyCluster cluster, String name, long intervalMs) throws Exception {
    cluster.oscar().addUser(name, name + "-im-pw");
    ChaosBrowser browser = ChaosBrowser.signUp(cluster.vertx(), cluster.frontPort(writers.size()), name);
    String accountId = AccountReply.fromJson(browser.requestOk(new AccountAdd(OscarNetwork.ID, name, name + "-im-pw", "127.0.0.1",
        cluster.oscar().port(), "if-offered").toJson())).account().id();
    Writer w = new Writer(browser, accountId, name, intervalMs);
    writers.add(w);
    return w;
  }

  private Writer user(ParleyCluster cluster, ProsodyServer prosody, String name, long intervalMs) throws Exception {
    prosody.createUser(name, name + "-im-pw");
    ChaosBrowser browser = ChaosBrowser.signUp(cluster.vertx(), cluster.frontPort(writers.size()), name);
    String jid = name + "@" + prosody.domain();
    String accountId = AccountReply.fromJson(browser.requestOk(new AccountAdd(XmppNetwork.ID, jid, name + "-im-pw", "127.0.0.1",
        prosody.port(), "if-offered").toJson())).account().id();
    Writer w = new Writer(browser, accountId, jid, intervalMs);
    writers.add(w);
    return w;
  }

  public List<Writer> writers() {
    return writers;
  }

  /** Every writer starts writing, one message each {@code intervalMs}. */
  public void start() {
    sending = true;
    for (Writer w : writers) {
      w.thread = new Thread(() -> write(w), "writer-" + w.browser.name());
      w.thread.setDaemon(true);
      w.thread.start();
    }
  }

  private void write(Writer w) {
    int n = 0;
    try {
      while (sending) {
        Thread.sleep(w.intervalMs);
        if (!w.browser.attached()) {
          continue;
        }
        int number = n + 1;
        String text = w.browser.name() + "#" + number;
        long started = System.currentTimeMillis();
        // With a client id, as the page sends it: the session stores and sends it once, so a router
        // may send it again when a shard's owner changes while it is on its way.
        JsonObject frame = w.browser.request(
            new MessageSend(w.accountId, w.peerJid, text, UUID.randomUUID().toString()).toJson(), 40_000);
        if (frame == ChaosBrowser.NOT_SENT) {
          continue;
        }
        n = number;
        long answered = System.currentTimeMillis();
        if (frame == null) {
          w.sends.add(new Send(number, text, started, answered, Outcome.UNKNOWN, null));
        } else if ("rec".equals(frame.getString("type"))) {
          w.sends.add(new Send(number, text, started, answered, Outcome.ACCEPTED, null));
        } else {
          w.sends.add(new Send(number, text, started, answered, Outcome.REFUSED,
              frame.getValue("failureCode") + " " + frame.getString("message")));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops writing; returns when every writer has its last answer. */
  public void stop() throws InterruptedException {
    sending = false;
    for (Writer w : writers) {
      if (w.thread != null) {
        w.thread.join(60_000);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    for (Writer w : writers) {
      w.browser.close();
    }
  }
}
