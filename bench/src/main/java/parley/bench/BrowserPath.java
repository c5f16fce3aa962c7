package parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import parley.contract.Addresses;
import parley.contract.BrowserEvent;
import parley.contract.browser.Attach;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.StoredMessage;
import parley.contract.browser.MessageSend;
import parley.web.testing.BridgeUser;
import parley.web.testing.HttpUser;

/**
 * Users chatting through Parley as the page does: HTTP sign-up (cookie), a SockJS WebSocket to
 * the bridge, register on the user's events, {@code attach}, {@code account.add} of an XMPP
 * account, then {@code message.send}; arrivals are the {@code message} events (direction in).
 */
final class BrowserPath implements ChatPath {
  private final Vertx vertx;
  private final List<Browser> browsers = new ArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  /** The refusals so far by their words (the failure code and the reply's text). */
  private final Map<String, AtomicLong> refusedBy = new ConcurrentHashMap<>();
  private final Arrivals arrivals;
  /** The page pings the bridge every 5 s; the bridge closes a socket that stays silent for 10 s. */
  private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-bridge-ping");
    t.setDaemon(true);
    return t;
  });

  /** One signed-in user: the open bridge, the attached stream, the XMPP account. */
  static final class Browser {
    final HttpUser http;
    volatile BridgeUser bridge;
    final String accountId;
    final String jid;
    /** The page names each message it sends (its client message id), so a resend is stored once: so does the bench. */
    final AtomicLong sent = new AtomicLong();
    volatile String stream;
    volatile long lastSeq;

    Browser(HttpUser http, String accountId, String jid) {
      this.http = http;
      this.accountId = accountId;
      this.jid = jid;
    }
  }

  /** Signs up {@code jids.size()} users and attaches each one's XMPP account (password {@code password}). */
  BrowserPath(Vertx vertx, int webPort, int xmppPort, List<String> jids, String password, Arrivals arrivals)
      throws InterruptedException {
    this.vertx = vertx;
    this.arrivals = arrivals;
    for (String jid : jids) {
      HttpUser http = new HttpUser(vertx, webPort).signUp("web-" + jid.substring(0, jid.indexOf('@')), "bench-parley-password");
      BridgeUser bridge = BridgeUser.open(vertx, http);
      JsonObject attached = bridge.request(new Attach(null, null).toJson());
      String accountId = bridge.addXmppAccount(jid, password, xmppPort);
      Browser browser = new Browser(http, accountId, jid);
      browser.bridge = bridge;
      browser.stream = attached.getString("stream");
      browsers.add(browser);
    }
    browsers.forEach(this::listen);
    pinger.scheduleAtFixedRate(() -> browsers.forEach(b -> b.bridge.bridge.write(new JsonObject().put("type", "ping"))),
        0, 5, TimeUnit.SECONDS);
  }

  /** From now on every frame of this browser is consumed here: message events timed, failures counted. */
  private void listen(Browser browser) {
    String events = Addresses.browserEvents(browser.http.userId());
    browser.bridge.bridge.tap(frame -> {
      if ("err".equals(frame.getString("type"))) {
        refused.incrementAndGet();
        refusedBy.computeIfAbsent(reason(frame), k -> new AtomicLong()).incrementAndGet();
      } else if (events.equals(frame.getString("address"))) {
        JsonObject event = frame.getJsonObject("body");
        browser.lastSeq = Math.max(browser.lastSeq, event.getLong("seq", 0L));
        if (BrowserEvent.MESSAGE.equals(event.getString("type"))) {
          StoredMessage message = MessageEvent.fromJson(event).message();
          if (!message.outgoing()) {
            arrivals.arrived(message.text());
          }
        }
      }
      return true;
    });
  }

  /**
   * A refusal's words: Parley's failure code and text, or the SockJS bridge's own reason (its
   * refusals, such as too many reply handlers, carry only a body).
   */
  private static String reason(JsonObject err) {
    return err.containsKey("failureCode") ? err.getValue("failureCode") + " " + err.getString("message")
        : "bridge: " + err.getValue("body");
  }

  @Override
  public String name() {
    return "Parley";
  }

  @Override
  public int users() {
    return browsers.size();
  }

  Browser browser(int i) {
    return browsers.get(i);
  }

  @Override
  public void send(int from, int to, String text) {
    Browser sender = browsers.get(from);
    sender.bridge.bridge.send(Addresses.BROWSER_COMMANDS,
        new MessageSend(sender.accountId, browsers.get(to).jid, text, "m" + sender.sent.incrementAndGet()).toJson(), null);
  }

  /** Closes this browser's socket: the user is detached (the IM account stays connected). */
  void detach(int i) {
    browsers.get(i).bridge.close();
  }

  /**
   * Opens a new socket for the detached user, registers and attaches from the last event it
   * applied; returns the attach reply, whose {@code events} are the backlog.
   */
  JsonObject reattach(int i) throws InterruptedException {
    Browser browser = browsers.get(i);
    browser.bridge = BridgeUser.open(vertx, browser.http);
    JsonObject reply = browser.bridge.request(new Attach(browser.lastSeq, browser.stream).toJson());
    listen(browser);
    return reply;
  }

  @Override
  public long refused() {
    return refused.get();
  }

  @Override
  public Map<String, Long> refusedByReason() {
    Map<String, Long> now = new TreeMap<>();
    refusedBy.forEach((reason, n) -> now.put(reason, n.get()));
    return now;
  }

  @Override
  public void close() {
    pinger.shutdownNow();
    browsers.forEach(b -> b.bridge.close());
  }
}
