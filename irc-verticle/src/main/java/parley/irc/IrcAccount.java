package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.node.ArchiveSynced;
import parley.contract.node.MessageFailed;
import parley.contract.node.RoomJoined;
import parley.contract.node.Roster;
import parley.contract.node.Typing;
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
  private final RoomChannels rooms;

  private IrcSession session;
  private boolean closed;
  private boolean everConnected;
  private OwnPresence ownPresence;
  /** The channels the person wants to be in (joined again after a reconnect), by key, with their names and keys. */
  private final Map<String, Wanted> channels = new LinkedHashMap<>();

  /** A channel to be in: its name and its key (password), or null. */
  private record Wanted(String name, String key) {
    IrcLine join() {
      return key == null ? IrcLine.of("JOIN", name) : IrcLine.of("JOIN", name, key);
    }
  }

  /** Messages of a channel's history fetched on joining it (IRCv3 chathistory). */
  static final int HISTORY_ON_JOIN = 20;
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
    this.rooms = new RoomChannels(vertx, events, this, config.connectTimeoutSeconds() * 1000L);
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
    session = new IrcSession(vertx, client, tls, config, request, this, rooms, events.logContext());
    session.start();
  }

  // ---- what the connection says ----

  @Override
  public void online(String nick) {
    everConnected = true;
    reconnects.connected();
    events.state(ConnectionState.CONNECTED, null);
    // IRC keeps no contact list: the roster is empty; channels are rooms.
    events.send(new Roster(List.of()));
    if (!ownPresence.available()) {
      session.line(away(ownPresence));
    }
    for (Wanted channel : channels.values()) {
      session.line(channel.join());
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
      events.send(ArchiveSynced.synced(null, true, 0));
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
          ArchiveSynced synced;
          if (ar.succeeded()) {
            ar.result().lines().forEach(s::replay);
            synced = ArchiveSynced.synced(since, ar.result().complete(), ar.result().lines().size());
          } else {
            log.info("Account {}: the IRC server's history could not be fetched: {}", request.accountId(),
                ar.cause().getMessage());
            synced = ArchiveSynced.synced(since, false, 0);
          }
          s.historySynced();
          events.send(synced);
        }));
  }

  @Override
  public void ended(ImFailure failure) {
    session = null;
    lastSent.clear();
    rooms.connectionEnded();
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
    events.send(new Typing(Names.key(from), state));
  }

  @Override
  public void sendRefused(String target, String sentence) {
    String messageId = lastSent.remove(Names.key(target));
    rooms.refused(target, messageId);
    if (messageId != null) {
      events.send(MessageFailed.of(messageId, Names.key(target), FailureCode.IM_ERROR, sentence));
    } else {
      log.info("The IRC server refused something sent to {}: {}", target, sentence);
    }
  }

  @Override
  public void channelReply(int numeric, String target, String channel) {
    rooms.reply(numeric, target, channel);
  }

  /** In the channel now: kept for reconnects, and its latest messages fetched where the server keeps history. */
  void channelJoined(String channel) {
    Wanted before = channels.get(Names.key(channel));
    channels.put(Names.key(channel), new Wanted(channel, before == null ? null : before.key()));
    IrcSession s = session;
    if (s != null && s.chathistory()) {
      s.history("LATEST", channel, "*", String.valueOf(HISTORY_ON_JOIN)).onComplete(events.logContext().wrap(ar -> {
        if (s != session) {
          return;
        }
        if (ar.succeeded()) {
          ar.result().forEach(s::replay);
        } else {
          log.info("Account {}: the history of {} could not be fetched: {}", request.accountId(), channel,
              ar.cause().getMessage());
        }
      }));
    }
  }

  void channelLeft(String channel) {
    channels.remove(Names.key(channel));
  }

  /** The account's nickname on the server now. */
  String nick() {
    return session == null ? request.nick() : session.nick();
  }

  /** The channel modes behind prefix symbols, as this server's PREFIX says. */
  String modesOf(String prefix) {
    return session == null ? "" : session.channels().modesOf(prefix);
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
    if (s.isChannel(to)) {
      // A channel's messages go as room messages (send-room-message); here the person is not in it.
      throw FailureCode.INVALID_FIELD.exception("You are not in the room " + to + "; join it first.");
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

  // ---- rooms (channels) ----

  /** A channel name this server has (its CHANTYPES), or INVALID_JID in words. */
  private static String channelOf(IrcSession s, String room) {
    if (!s.isChannel(room)) {
      throw FailureCode.INVALID_JID.exception(room + " is not a channel on this IRC server (its channel names begin with "
          + String.join(" or ", s.channelTypes().chars().mapToObj(c -> String.valueOf((char) c)).toList()) + ").");
    }
    return room;
  }

  private IrcSession inChannel(String room) {
    IrcSession s = online();
    if (!s.channels().in(channelOf(s, room))) {
      throw FailureCode.IM_ERROR.exception("You are not in the room " + room + "; join it first.");
    }
    return s;
  }

  /** Joins {@code room} with its key (or none); completes once the server confirms, fails with its refusal in words. */
  Future<JsonObject> joinRoom(String room, String key) {
    IrcSession s = online();
    channelOf(s, room);
    Wanted wanted = new Wanted(room, key);
    if (s.channels().in(room)) {
      channels.put(Names.key(room), wanted);
      return Future.succeededFuture(new RoomJoined(Names.key(room), s.nick(), false).toJson());
    }
    if (!channels.containsKey(Names.key(room)) && channels.size() >= Channels.MAX_CHANNELS) {
      throw FailureCode.IM_ERROR.exception("This account is in " + Channels.MAX_CHANNELS
          + " channels, as many as Parley keeps; leave one first.");
    }
    channels.put(Names.key(room), wanted);
    Future<JsonObject> joined = rooms.awaitJoin(room);
    s.line(wanted.join()).onFailure(e -> log.info("JOIN {} not sent: {}", room, e.getMessage()));
    return joined;
  }

  /** Out of the channel (when connected) and not joined again after a reconnect. */
  Future<Void> leaveRoom(String room) {
    channels.remove(Names.key(room));
    if (session == null || !session.online() || !session.channels().in(room)) {
      return Future.succeededFuture();
    }
    return session.line(IrcLine.of("PART", room));
  }

  Future<Void> sendRoomMessage(String room, String text, String messageId) {
    IrcSession s = inChannel(room);
    OutgoingText.Pieces pieces;
    try {
      pieces = OutgoingText.split(text, s.nick(), room, config.maxLinesPerMessage());
    } catch (OutgoingText.Refused e) {
      throw (e.getMessage().startsWith("IRC carries at most") ? FailureCode.TEXT_TOO_LONG : FailureCode.INVALID_FIELD)
          .exception(e.getMessage());
    }
    if (messageId != null) {
      lastSent.put(Names.key(room), messageId);
    }
    // Waiting for its echo before the first line goes: the server may send it back before the last is written.
    boolean echo = s.enabledCaps().contains("echo-message");
    if (echo) {
      rooms.sending(room, messageId, text, pieces.lines().size());
    }
    return s.privmsg(room, pieces.lines(), pieces.action())
        .onSuccess(v -> {
          if (!echo) {
            rooms.writtenWithoutEcho(room, messageId, text);
          }
        })
        .onFailure(e -> rooms.refused(room, messageId));
  }

  /** TOPIC; completes when the server reflects it, fails in words when only operators may. */
  Future<JsonObject> setRoomSubject(String room, String subject) {
    IrcSession s = inChannel(room);
    Future<JsonObject> done = rooms.awaitTopic(room);
    s.line(IrcLine.of("TOPIC", room, subject.replaceAll("[\\r\\n\\x00]", " ")));
    return done;
  }

  /** INVITE; completes when the server passed it on (341), fails in words otherwise. */
  Future<JsonObject> inviteToRoom(String room, String nick) {
    IrcSession s = inChannel(room);
    Future<JsonObject> done = rooms.awaitInvite(room, nick);
    s.line(IrcLine.of("INVITE", nick, room));
    return done;
  }

  @Override
  public void resync() {
    events.resendState();
    if (!closed && session != null && session.online()) {
      events.send(new Roster(List.of()));
      rooms.resync(session.channels().all());
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
