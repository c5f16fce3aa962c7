package parley.bench.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import parley.contract.Addresses;
import parley.contract.BrowserEvent;
import parley.contract.browser.AccountStateEvent;
import parley.contract.browser.AccountView;
import parley.contract.browser.ArchiveGapEvent;
import parley.contract.browser.Attach;
import parley.contract.browser.HistoryGet;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.MessageUpdatedEvent;
import parley.contract.browser.StoredMessage;
import parley.web.testing.BridgeClient;
import parley.web.testing.HttpUser;

/**
 * One browser tab of one Parley user, driven as the page drives the bridge: it registers on the
 * user's events, attaches, applies the attach reply and then every pushed event in {@code seq}
 * order; after a lost socket it reconnects (through the front proxy, so possibly to the other web
 * process) and attaches with {@code stream} and {@code since}; on {@code session.moved} it attaches
 * again, and when a pushed event's {@code seq} jumps (as the page does); when the stream changed
 * ({@code complete: false}) it rebuilds its chat from {@code history.get}. It keeps the chat as the
 * page shows it (messages by id, in order) and writes down anything a page could not have shown
 * right: a jump in an attach reply's events, a message event for a message it already had.
 */
public final class ChaosBrowser implements AutoCloseable {
  private static final long REPLY_MS = 30_000;
  /** As the page: the bridge closes a socket that sent no ping for 30 s. */
  private static final long PING_MS = 10_000;
  /** Sends every browser's pings, on their own clock as the page does, whatever the browser waits for. */
  private static final java.util.concurrent.ScheduledExecutorService PINGS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "browser-pings");
        t.setDaemon(true);
        return t;
      });
  private java.util.concurrent.ScheduledFuture<?> pinging;
  /** What {@link #request} answers when no socket was open: nothing was sent. */
  public static final JsonObject NOT_SENT = new JsonObject().put("type", "not-sent");

  private final Vertx vertx;
  private final int port;
  private final HttpUser http;
  private final String userId;
  private final String name;
  private final String events;
  private final BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();
  private final Thread driver;
  private volatile boolean running = true;
  private volatile BridgeClient bridge;
  private volatile boolean attached;
  private boolean attachAgain;
  private volatile long openedAt;
  /** Applying an attach reply's events: a jump there is a loss, not something to ask again for. */
  private boolean replaying;
  /** Jumps in pushed events' seq, each answered by attaching again (as the page does). */
  private final List<String> gaps = new ArrayList<>();
  private volatile long attachedAt;
  private String stream;
  private long last;
  /** The chat as the page shows it: message id to message, in the order they were shown. */
  private final Map<Long, StoredMessage> view = new LinkedHashMap<>();
  /** Ids the last rebuild took from history: their pushed message event may still come, and is no double. */
  private final Set<Long> fromRebuild = new HashSet<>();
  /** When each message id was first shown (epoch ms). */
  private final Map<Long, Long> shownAt = new ConcurrentHashMap<>();
  private final List<String> problems = new ArrayList<>();
  /** The last state each account was shown in. */
  private final Map<String, String> accountStates = new ConcurrentHashMap<>();
  /** Every account state shown, with when (epoch ms): what a person watching the page saw. */
  private final List<StateShown> statesShown = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** An account state the page showed at a moment. */
  public record StateShown(long at, String accountId, String state) {}

  /** The page said at a moment that messages to the account may have been missed ({@code archive.gap}). */
  public record GapSaid(long at, String accountId, String reason) {}
  private final List<GapSaid> gapsSaid = new java.util.concurrent.CopyOnWriteArrayList<>();
  private String accountId;
  private String peer;
  private int reconnects;
  private int rebuilds;
  private int moves;

  private ChaosBrowser(Vertx vertx, int port, HttpUser http, String name) {
    this.vertx = vertx;
    this.port = port;
    this.http = http;
    this.userId = http.userId();
    this.name = name;
    this.events = Addresses.browserEvents(userId);
    this.driver = new Thread(this::drive, "browser-" + name);
    this.driver.setDaemon(true);
  }

  /** Signs up through the front port and opens the first socket (attached when this returns). */
  public static ChaosBrowser signUp(Vertx vertx, int port, String name) throws InterruptedException {
    HttpUser http = new HttpUser(vertx, port).signUp(name, name + "-parley-password");
    ChaosBrowser browser = new ChaosBrowser(vertx, port, http, name);
    browser.driver.start();
    browser.pinging = PINGS.scheduleAtFixedRate(browser::ping, PING_MS, PING_MS, TimeUnit.MILLISECONDS);
    browser.awaitAttached(60_000);
    return browser;
  }

  public String name() {
    return name;
  }

  public String userId() {
    return userId;
  }

  /** The one chat this browser watches (its account and peer), so that a rebuild knows what to fetch. */
  public synchronized void watch(String accountId, String peer) {
    this.accountId = accountId;
    this.peer = peer;
  }

  public boolean attached() {
    return attached && bridge != null && !bridge.closed();
  }

  public void awaitAttached(long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (!attached()) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException(name + " could not attach within " + ms + " ms");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Sends a command on the current socket and waits for its answer frame ({@code type} "rec" with
   * the reply, or "err"); {@link #NOT_SENT} when there was no socket to send it on; null when the
   * socket went or no answer came in time: the outcome is then unknown.
   */
  public JsonObject request(JsonObject command, long ms) throws InterruptedException {
    BridgeClient b = bridge;
    if (b == null || b.closed()) {
      return NOT_SENT;
    }
    String replyAddress = b.send(Addresses.BROWSER_COMMANDS, command, null);
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      JsonObject frame = b.take(f -> replyAddress.equals(f.getString("address")), Math.min(500, end - System.currentTimeMillis()));
      if (frame != null) {
        return frame;
      }
      if (b.closed()) {
        return null;
      }
    }
    return null;
  }

  /** A request that must succeed (set-up steps); its body. */
  public JsonObject requestOk(JsonObject command) throws InterruptedException {
    JsonObject frame = request(command, REPLY_MS);
    if (frame == null || !"rec".equals(frame.getString("type"))) {
      throw new IllegalStateException(name + ": " + command.getString("type") + " failed: " + frame);
    }
    return frame.getJsonObject("body");
  }

  // --- the driver thread: sockets, attach, events ---

  private void drive() {
    while (running) {
      try {
        BridgeClient b = bridge;
        if (b == null || b.closed()) {
          attached = false;
          if (b != null) {
            b.close();
            reconnects++;
          }
          bridge = open();
          openedAt = System.currentTimeMillis();
          if (bridge == null) {
            Thread.sleep(250);
            continue;
          }
          attachAgain = true;
        }
        if (attachAgain) {
          attachAgain = !attach();
          if (attachAgain) {
            Thread.sleep(250);
          }
          continue;
        }
        JsonObject event = pushed.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          apply(event);
        }

      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A socket that broke under us: the next turn opens another.
        BridgeClient b = bridge;
        if (b != null) {
          b.close();
        }
      }
    }
  }

  private void ping() {
    BridgeClient b = bridge;
    if (b != null && !b.closed()) {
      try {
        b.write(new JsonObject().put("type", "ping"));
      } catch (RuntimeException e) {
        // The socket is going; the driver opens another.
      }
    }
  }

  private BridgeClient open() {
    try {
      BridgeClient b = BridgeClient.connect(vertx, port, http.cookieHeader());
      if (b.closed()) {
        return null;
      }
      b.tap(frame -> {
        if ("rec".equals(frame.getString("type")) && events.equals(frame.getString("address"))) {
          pushed.add(frame.getJsonObject("body"));
          return true;
        }
        return false;
      });
      b.register(events);
      return b;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Attaches (with stream and since when it has them); false when no answer came. */
  private boolean attach() throws InterruptedException {
    JsonObject command = (stream == null ? new Attach(null, null) : new Attach(last, stream)).toJson();
    JsonObject frame = request(command, REPLY_MS);
    if (frame == null || !"rec".equals(frame.getString("type"))) {
      return false;
    }
    JsonObject reply = frame.getJsonObject("body");
    boolean resumed = stream != null && reply.getBoolean("complete", false) && stream.equals(reply.getString("stream"));
    for (Object a : reply.getJsonObject("state", new JsonObject()).getJsonArray("accounts", new JsonArray())) {
      AccountView account = AccountView.fromJson((JsonObject) a);
      showState(account.id(), account.state());
    }
    if (resumed) {
      replaying = true;
      try {
        for (Object e : reply.getJsonArray("events", new JsonArray())) {
          apply((JsonObject) e);
        }
      } finally {
        replaying = false;
      }
    } else {
      stream = reply.getString("stream");
      last = reply.getLong("seq", 0L);
      if (!rebuild()) {
        return false;
      }
    }
    attached = true;
    attachedAt = System.currentTimeMillis();
    return true;
  }

  /** The page's rebuild: the chat's history replaces what it showed (a first attach is one too). */
  private boolean rebuild() throws InterruptedException {
    String account;
    String with;
    synchronized (this) {
      account = accountId;
      with = peer;
    }
    if (account == null) {
      return true;
    }
    List<StoredMessage> history = history(account, with);
    if (history == null) {
      return false;
    }
    synchronized (this) {
      rebuilds++;
      view.clear();
      fromRebuild.clear();
      long now = System.currentTimeMillis();
      for (StoredMessage m : history) {
        long id = m.id();
        view.put(id, m);
        fromRebuild.add(id);
        shownAt.putIfAbsent(id, now);
      }
    }
    return true;
  }

  /** Every stored message of the chat, oldest first; null when a page of it could not be had. */
  public List<StoredMessage> history(String account, String with) throws InterruptedException {
    List<StoredMessage> all = new ArrayList<>();
    Long before = null;
    while (true) {
      JsonObject command = new HistoryGet(account, with, before, null, null, 200L).toJson();
      JsonObject frame = request(command, REPLY_MS);
      if (frame == null || !"rec".equals(frame.getString("type"))) {
        return null;
      }
      JsonArray page = frame.getJsonObject("body").getJsonArray("messages");
      List<StoredMessage> older = new ArrayList<>();
      page.forEach(m -> older.add(StoredMessage.fromJson((JsonObject) m)));
      if (page.size() < 200) {
        older.addAll(all);
        return older;
      }
      before = older.get(0).id();
      older.addAll(all);
      all = older;
    }
  }

  private synchronized void apply(JsonObject event) {
    String type = event.getString("type");
    if (BrowserEvent.SESSION_MOVED.equals(type)) {
      moves++;
      attachAgain = true;
      attached = false;
      return;
    }
    Long seq = event.getLong("seq");
    if (seq == null) {
      return;
    }
    if (seq <= last) {
      return;
    }
    if (seq != last + 1 && !replaying) {
      // As the page does: some were missed, so attach again with since = last; the reply brings them.
      gaps.add(name + ": seq jumped from " + last + " to " + seq + " at " + java.time.Instant.now() + " (a " + type
          + " event; socket opened at " + java.time.Instant.ofEpochMilli(openedAt) + ", attached at "
          + java.time.Instant.ofEpochMilli(attachedAt) + "); attached again");
      attachAgain = true;
      attached = false;
      return;
    }
    if (seq != last + 1) {
      problems.add(name + ": the attach reply of stream " + stream + " jumped from seq " + last + " to " + seq + " (events lost)");
    }
    last = seq;
    if (BrowserEvent.ACCOUNT_STATE.equals(type)) {
      AccountStateEvent state = AccountStateEvent.fromJson(event);
      showState(state.accountId(), state.state());
    } else if (BrowserEvent.MESSAGE.equals(type)) {
      StoredMessage m = MessageEvent.fromJson(event).message();
      long id = m.id();
      if (view.containsKey(id) && !fromRebuild.remove(id)) {
        problems.add(name + ": message " + id + " (" + m.text() + ") shown twice, again at seq " + seq);
      }
      view.put(id, m);
      shownAt.putIfAbsent(id, System.currentTimeMillis());
    } else if (BrowserEvent.MESSAGE_STATUS.equals(type)) {
      StoredMessage m = MessageStatusEvent.fromJson(event).message();
      view.put(m.id(), m);
    } else if (BrowserEvent.MESSAGE_UPDATED.equals(type)) {
      StoredMessage m = MessageUpdatedEvent.fromJson(event).message();
      view.put(m.id(), m);
    } else if (BrowserEvent.ARCHIVE_GAP.equals(type)) {
      ArchiveGapEvent gap = ArchiveGapEvent.fromJson(event);
      gapsSaid.add(new GapSaid(System.currentTimeMillis(), gap.accountId(), gap.reason()));
    }
  }

  /** Every "messages may have been missed" the page showed, in order. */
  public List<GapSaid> gapsSaid() {
    return List.copyOf(gapsSaid);
  }

  private void showState(String account, String state) {
    accountStates.put(account, state);
    statesShown.add(new StateShown(System.currentTimeMillis(), account, state));
  }

  /** Every account state shown so far, in order. */
  public List<StateShown> statesShown() {
    return List.copyOf(statesShown);
  }

  /** The state the account was last shown in ("" when not known yet). */
  public String accountState(String accountId) {
    return accountStates.getOrDefault(accountId, "");
  }

  /** The chat as shown now, in order. */
  public synchronized List<StoredMessage> shown() {
    return new ArrayList<>(view.values());
  }

  /** When the message with this id was first shown, or null. */
  public Long shownAt(long id) {
    return shownAt.get(id);
  }

  public synchronized List<String> problems() {
    return new ArrayList<>(problems);
  }

  public synchronized String summary() {
    return name + ": " + reconnects + " reconnects, " + moves + " session.moved, " + rebuilds + " rebuilds, " + gaps.size()
        + " jumps in seq answered by attaching again" + (gaps.isEmpty() ? "" : ":\n  " + String.join("\n  ", gaps));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (pinging != null) {
      pinging.cancel(false);
    }
    driver.interrupt();
    driver.join(5000);
    BridgeClient b = bridge;
    if (b != null) {
      b.close();
    }
  }
}
