package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeEvent;
import parley.contract.node.Roster;
import parley.irc.wire.IrcLine;
import parley.irc.wire.OutgoingText;
import parley.nodekit.ImFailure;
import parley.nodekit.NodeAccount;
import parley.nodekit.NodeEvents;
import parley.nodekit.OwnPresence;
import parley.nodekit.Reconnects;

/**
 * One IRC account held by this node: signs on, reports state, rejoins its channels and reconnects with
 * backoff, and carries out commands. Everything runs on the verticle's context.
 */
final class IrcAccount implements NodeAccount, IrcSession.Listener {
  private static final Logger log = LoggerFactory.getLogger(IrcAccount.class);

  private final Vertx vertx;
  private final NetClient client;
  private final ClientSSLOptions tls;
  private final IrcNodeConfig config;
  private final ConnectRequest request;
  private final NodeEvents events;
  private final Runnable onGone;
  private final Reconnects reconnects;
  private final ContractChannels channelEvents;

  private IrcSession session;
  private boolean closed;
  private boolean everConnected;
  private OwnPresence ownPresence;
  /** The channels the person wants to be in (joined again after a reconnect), by key, with their names. */
  private final Map<String, String> channels = new LinkedHashMap<>();
  /** The last message id sent to each target, for the server's refusal of it (401, 404). */
  private final Map<String, String> lastSent = new HashMap<>();
  /** The server time up to which every message has been reported (chathistory), or null: where a catch-up starts. */
  private String since;

  IrcAccount(Vertx vertx, NetClient client, ClientSSLOptions tls, IrcNodeConfig config, ConnectRequest request,
      NodeEvents events, Runnable onGone) {
    this.vertx = vertx;
    this.client = client;
    this.tls = tls;
    this.config = config;
    this.request = request;
    this.events = events;
    this.onGone = onGone;
    this.ownPresence = request.presence();
    this.reconnects = new Reconnects(vertx, events, config.reconnectMinSeconds(), config.reconnectMaxSeconds());
    this.channelEvents = new ContractChannels(events, this);
    this.since = request.archiveAfter();
  }

  @Override
  public void start() {
    events.state(ConnectionState.CONNECTING, null);
    attempt();
  }

  private void attempt() {
    if (closed) {
      return;
    }
    session = new IrcSession(vertx, client, tls, config, request, this, channelEvents, events.logContext());
    session.start();
  }

  // ---- what the connection says ----

  @Override
  public void online(String nick) {
    everConnected = true;
    reconnects.connected();
    events.state(ConnectionState.CONNECTED, null);
    events.send(new Roster(channels.values().stream().map(ContractChannels::contact).toList()));
    if (!ownPresence.available()) {
      session.line(away(ownPresence));
    }
    for (String channel : channels.values()) {
      session.line(IrcLine.of("JOIN", channel));
    }
    if (session.chathistory()) {
      catchUp(session);
    }
  }

  /** The messages of a catch-up, oldest first; {@code complete} unless a conversation had more than were fetched. */
  private record CaughtUp(java.util.List<IrcLine> lines, boolean complete) {}

  /** Most conversations and messages of each one fetched after a reconnect (IRCv3 chathistory). */
  static final int HISTORY_TARGETS = 50;
  static final int HISTORY_MESSAGES = 100;

  /**
   * What was said to the account while it was away, from the server's history: the conversations since
   * {@link #since}, then each one's messages after it, reported oldest first, each with its time as the
   * archive position (the session keeps it for the next connect) and its msgid (stored once).
   */
  private void catchUp(IrcSession s) {
    if (since == null) {
      s.historySynced();
      events.send(NodeEvent.ARCHIVE_SYNCED, new JsonObject().put("available", true).put("complete", true).put("fetched", 0));
      return;
    }
    String after = "timestamp=" + since;
    s.history("TARGETS", after, "timestamp=" + java.time.Instant.now(), String.valueOf(HISTORY_TARGETS))
        .compose(targets -> {
          java.util.List<Future<java.util.List<IrcLine>>> each = new java.util.ArrayList<>();
          for (IrcLine t : targets) {
            if ("CHATHISTORY".equals(t.command()) && "TARGETS".equalsIgnoreCase(t.param(0)) && t.param(1) != null) {
              each.add(s.history("AFTER", t.param(1), after, String.valueOf(HISTORY_MESSAGES)));
            }
          }
          return Future.all(each).map(all -> {
            java.util.List<IrcLine> lines = new java.util.ArrayList<>();
            boolean complete = true;
            for (int i = 0; i < all.size(); i++) {
              java.util.List<IrcLine> batch = all.resultAt(i);
              complete &= batch.size() < HISTORY_MESSAGES;
              lines.addAll(batch);
            }
            lines.sort(java.util.Comparator.comparing(l -> l.tags().getOrDefault("time", "")));
            return new CaughtUp(lines, complete);
          });
        })
        .timeout(config.answerTimeoutSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .onComplete(events.logContext().wrap(ar -> {
          if (s != session || closed) {
            return;
          }
          JsonObject synced = new JsonObject().put("available", true);
          if (ar.succeeded()) {
            ar.result().lines().forEach(s::replay);
            synced.put("complete", ar.result().complete()).put("fetched", ar.result().lines().size());
          } else {
            log.info("Account {}: the IRC server's history could not be fetched: {}", request.accountId(),
                ar.cause().getMessage());
            synced.put("complete", false).put("fetched", 0);
          }
          if (since != null) {
            synced.put("lastId", since);
          }
          s.historySynced();
          events.send(NodeEvent.ARCHIVE_SYNCED, synced);
        }));
  }

  @Override
  public void ended(ImFailure failure) {
    session = null;
    lastSent.clear();
    if (closed) {
      return;
    }
    log.info("Account {}: {} ({})", request.accountId(), failure.code(), failure.text());
    reconnects.retryOrGiveUp(failure, everConnected, this::attempt, this::giveUp);
  }

  private void giveUp(ImFailure failure) {
    closed = true;
    events.state(ConnectionState.FAILED, failure);
    onGone.run();
  }

  @Override
  public void privateMessage(Incoming m) {
    seen(m);
    events.send(m.event(Names.key(m.from()), m.action() ? "/me " + m.text() : m.text()));
  }

  /** The archive position moves with each message reported with one (chathistory). */
  void seen(Incoming m) {
    if (m.archiveId() != null && (since == null || m.archiveId().compareTo(since) > 0)) {
      since = m.archiveId();
    }
  }

  @Override
  public void typing(String from, String state) {
    events.send(NodeEvent.TYPING, new JsonObject().put("from", Names.key(from)).put("state", state));
  }

  @Override
  public void sendRefused(String target, String sentence) {
    String messageId = lastSent.remove(Names.key(target));
    if (messageId != null) {
      events.send(NodeEvent.MESSAGE_FAILED, new JsonObject().put("messageId", messageId).put("to", Names.key(target))
          .put("error", FailureCode.IM_ERROR.toJson(sentence)));
    } else {
      log.info("The IRC server refused something sent to {}: {}", target, sentence);
    }
  }

  void channelJoined(String channel) {
    channels.put(Names.key(channel), channel);
  }

  void channelLeft(String channel) {
    channels.remove(Names.key(channel));
  }

  // ---- commands ----

  private IrcSession online() {
    if (closed || session == null || !session.online()) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return session;
  }

  Future<Void> sendMessage(String to, String text, String messageId) {
    IrcSession s = online();
    if (s.isChannel(to) && !s.channels().in(to)) {
      throw FailureCode.INVALID_FIELD.exception("You are not in " + to + "; join it first.");
    }
    OutgoingText.Pieces pieces;
    try {
      pieces = OutgoingText.split(text, s.nick(), to, config.maxLinesPerMessage());
    } catch (OutgoingText.Refused e) {
      throw (e.getMessage().startsWith("IRC carries at most") ? FailureCode.TEXT_TOO_LONG : FailureCode.INVALID_FIELD)
          .exception(e.getMessage());
    }
    if (messageId != null) {
      lastSent.put(Names.key(to), messageId);
    }
    return s.privmsg(to, pieces.lines(), pieces.action());
  }

  /** IRCv3 typing notifications ({@code +typing} client tag), where the server carries message tags. */
  Future<Void> sendTyping(String to, String state) {
    IrcSession s = online();
    if (!s.enabledCaps().contains("message-tags")) {
      return Future.succeededFuture();
    }
    String value = switch (state) {
      case "composing" -> "active";
      case "paused" -> "paused";
      default -> "done";
    };
    return s.line(new IrcLine(Map.of("+typing", value), null, "TAGMSG", java.util.List.of(to)));
  }

  /** Remembered for reconnects; sent now if online (IRC knows only "away" with a text, or not). */
  Future<Void> setPresence(OwnPresence presence) {
    ownPresence = presence;
    if (session == null || !session.online()) {
      return Future.succeededFuture();
    }
    return session.line(away(presence));
  }

  private static IrcLine away(OwnPresence presence) {
    if (presence.available()) {
      return IrcLine.of("AWAY");
    }
    String text = presence.status() == null || presence.status().isBlank() ? presence.show() : presence.status();
    return IrcLine.of("AWAY", text.replaceAll("[\\r\\n\\x00]", " "));
  }

  Future<Void> join(String channel) {
    IrcSession s = online();
    return s.line(IrcLine.of("JOIN", channel));
  }

  Future<Void> part(String channel) {
    if (session == null || !session.online() || !session.channels().in(channel)) {
      if (channels.remove(Names.key(channel)) != null) {
        events.send(NodeEvent.CONTACT_REMOVED, new JsonObject().put("jid", Names.key(channel)));
      }
      return Future.succeededFuture();
    }
    return session.line(IrcLine.of("PART", channel));
  }

  @Override
  public void resync() {
    events.resendState();
    if (!closed && session != null && session.online()) {
      events.send(new Roster(channels.values().stream().map(ContractChannels::contact).toList()));
      for (Channels.Channel c : session.channels().all()) {
        events.send(ContractChannels.presence(c.name, true, c.topic));
      }
    }
  }

  @Override
  public Future<Void> close(boolean report) {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    reconnects.cancel();
    if (session != null) {
      session.close();
      session = null;
    }
    if (report) {
      events.state(ConnectionState.DISCONNECTED, null);
    }
    return Future.succeededFuture();
  }
}
