package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.irc.wire.IrcLine;
import parley.irc.wire.IrcSyntaxException;
import parley.irc.wire.LineFramer;
import parley.nodekit.ImFailure;

/**
 * One connection to an IRC server: connect (TLS or not), CAP LS 302 negotiation, SASL or NickServ,
 * registration with alternative nicknames, then the lines of an online session. It has one explicit
 * {@link State}; it ends once, with a failure in words, and never reconnects itself (the account does).
 * Everything runs on the verticle's context.
 */
final class IrcSession {
  private static final Logger log = LoggerFactory.getLogger(IrcSession.class);

  /** The capabilities Parley asks for where offered. */
  static final Set<String> WANTED = Set.of("server-time", "echo-message", "message-tags", "away-notify",
      "account-notify", "batch", "multi-prefix", "draft/chathistory", "chathistory", "sasl");
  /** Alternatives tried after the nickname is in use: nick_, nick__, nick1, nick2. */
  static final int ALTERNATIVES = 4;
  /** Garbage lines tolerated in a row before the server is taken for broken. */
  static final int MAX_BAD_LINES = 20;

  enum State { CONNECTING, NEGOTIATING, AUTHENTICATING, REGISTERING, IDENTIFYING, ONLINE, CLOSED }

  /** What the account learns from this connection. */
  interface Listener {
    /** Signed on as {@code nick} (which may be an alternative to the login). */
    void online(String nick);

    /** The connection is over (once); {@code failure} says why. */
    void ended(ImFailure failure);

    void privateMessage(Incoming message);

    void typing(String from, String state);

    /** The server refused what was last sent to {@code target}. */
    void sendRefused(String target, String sentence);

    /** The server's answer to a channel command (INVITE, TOPIC): {@code target} a nickname, {@code channel} a channel. */
    void channelReply(int numeric, String target, String channel);
  }

  private final Vertx vertx;
  private final NetClient client;
  private final ClientSSLOptions tls;
  private final IrcNodeConfig config;
  private final ConnectRequest request;
  private final Listener listener;
  private final Channels channels;
  private final LogContext logContext;

  private State state = State.CONNECTING;
  private NetSocket socket;
  private FloodQueue out;
  private String nick;
  private int alternative;
  private final Set<String> offered = new LinkedHashSet<>();
  private final Map<String, String> offeredValues = new HashMap<>();
  private final Set<String> enabled = new LinkedHashSet<>();
  private Sasl sasl;
  private long signOnTimer = -1;
  private long livenessTimer = -1;
  private long identifyTimer = -1;
  private long lastHeard;
  private long pingSentAt = -1;
  private int badLines;
  private String chanTypes = "#&";
  private final HistoryBatches historyBatches = new HistoryBatches();
  /** Live messages carry their time as the archive position once the catch-up is done. */
  private boolean historySynced;

  IrcSession(Vertx vertx, NetClient client, ClientSSLOptions tls, IrcNodeConfig config, ConnectRequest request,
      Listener listener, ChannelListener channelListener, LogContext logContext) {
    this.vertx = vertx;
    this.client = client;
    this.tls = tls;
    this.config = config;
    this.request = request;
    this.listener = listener;
    this.channels = new Channels(channelListener);
    this.logContext = logContext;
    this.nick = request.nick();
  }

  State state() {
    return state;
  }

  String nick() {
    return nick;
  }

  boolean online() {
    return state == State.ONLINE;
  }

  Set<String> enabledCaps() {
    return enabled;
  }

  Channels channels() {
    return channels;
  }

  /** The first characters of this server's channel names (ISUPPORT CHANTYPES). */
  String channelTypes() {
    return chanTypes;
  }

  boolean isChannel(String target) {
    return !target.isEmpty() && chanTypes.indexOf(target.charAt(0)) >= 0;
  }

  // ---- connecting and signing on ----

  void start() {
    ConnectOptions options = new ConnectOptions().setHost(request.host()).setPort(request.port())
        .setSsl(request.tls()).setTimeout(config.connectTimeoutSeconds() * 1000);
    if (request.tls()) {
      options.setSslOptions(tls);
    }
    signOnTimer = vertx.setTimer(config.connectTimeoutSeconds() * 1000L,
        id -> logContext.run(() -> end(Failures.noWelcome(config.connectTimeoutSeconds()))));
    client.connect(options).onComplete(logContext.wrap(ar -> {
      if (state == State.CLOSED) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        end(connectFailure(ar.cause()));
        return;
      }
      socket = ar.result();
      out = new FloodQueue(vertx, line -> socket.write(line + "\r\n"), config.floodLineMs(), config.floodBurstLines(),
          config.maxSendHoldSeconds() * 1000L);
      LineFramer framer = new LineFramer(line -> logContext.run(() -> onLine(line)),
          max -> logContext.run(() -> {
            log.warn("The IRC server {} sent a line longer than {} bytes; dropping the connection", where(), max);
            end(Failures.lineTooLong(max));
          }));
      socket.handler(framer);
      socket.closeHandler(v -> logContext.run(() -> end(Failures.lost())));
      socket.exceptionHandler(e -> log.debug("IRC socket error: {}", e.toString()));
      lastHeard = System.currentTimeMillis();
      long check = Math.max(1, Math.min(config.pingSeconds(), config.answerTimeoutSeconds()) / 2) * 1000L;
      livenessTimer = vertx.setPeriodic(check, id -> logContext.run(this::checkLiveness));
      state = State.NEGOTIATING;
      out.now("CAP LS 302");
      out.now(IrcLine.of("NICK", nick).toWire());
      out.now(IrcLine.of("USER", request.nick().toLowerCase(Locale.ROOT), "0", "*", "Parley").toWire());
    }));
  }

  private String where() {
    return request.host() + ":" + request.port();
  }

  private ImFailure connectFailure(Throwable cause) {
    if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
      return Failures.tls(where(), cause.getMessage());
    }
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return Failures.unreachable(where(), why);
  }

  /** After idle {@code pingSeconds} a PING; no answer (no line at all) within {@code answerTimeoutSeconds}: stopped. */
  private void checkLiveness() {
    if (state == State.CLOSED || out == null) {
      return;
    }
    long now = System.currentTimeMillis();
    if (pingSentAt >= 0) {
      if (now - pingSentAt >= config.answerTimeoutSeconds() * 1000L) {
        log.info("The IRC server {} did not answer a PING within {} s", where(), config.answerTimeoutSeconds());
        end(Failures.stoppedAnswering());
      }
    } else if (now - lastHeard >= config.pingSeconds() * 1000L) {
      pingSentAt = now;
      out.now("PING :parley-" + now);
    }
  }

  // ---- lines from the server ----

  private void onLine(String text) {
    if (state == State.CLOSED) {
      return;
    }
    lastHeard = System.currentTimeMillis();
    pingSentAt = -1;
    if (text.isEmpty()) {
      return;
    }
    IrcLine line;
    try {
      line = IrcLine.parse(text);
      badLines = 0;
    } catch (IrcSyntaxException e) {
      log.warn("Ignored a line from the IRC server {} that is not IRC ({}): {}", where(), e.getMessage(), shorten(text));
      if (++badLines >= MAX_BAD_LINES) {
        end(Failures.closedByServer("Parley dropped it: the server sent " + MAX_BAD_LINES + " lines in a row that are not IRC"));
      }
      return;
    }
    try {
      handle(line);
    } catch (RuntimeException e) {
      // A line of a shape Parley did not expect is ignored, never fatal to the connection.
      log.warn("Ignored a line from the IRC server {} Parley could not apply: {}", where(), shorten(text), e);
    }
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  private void handle(IrcLine line) {
    if (historyBatches.take(line)) {
      return;
    }
    switch (line.command()) {
      case "PING" -> out.now(IrcLine.of("PONG", line.params().isEmpty() ? "parley" : line.trailing()).toWire());
      case "PONG" -> { }
      case "CAP" -> onCap(line);
      case "AUTHENTICATE" -> onAuthenticate(line.param(0) == null ? "+" : line.param(0));
      case "ERROR" -> end(Failures.closedByServer(line.trailing()));
      case "PRIVMSG", "NOTICE" -> onMessage(line, false);
      case "BATCH" -> historyBatches.batch(line);
      case "FAIL" -> onFail(line);
      case "TAGMSG" -> onTagMessage(line);
      case "JOIN" -> onJoin(line);
      case "PART" -> onPart(line);
      case "KICK" -> channels.kicked(line.param(0), line.sourceNick(), line.param(1), line.param(2),
          self(line.param(1)));
      case "QUIT" -> channels.quit(line.sourceNick());
      case "NICK" -> onNick(line);
      case "TOPIC" -> channels.topic(line.param(0), line.trailing(), line.sourceNick());
      case "INVITE" -> {
        if (self(line.param(0)) && Names.channel(line.param(1)) && line.sourceNick() != null) {
          channels.invited(line.param(1), line.sourceNick());
        }
      }
      case "MODE" -> {
        if (line.param(0) != null && isChannel(line.param(0))) {
          channels.mode(line, line.sourceNick(), nick);
        }
      }
      default -> {
        int numeric = line.numeric();
        if (numeric >= 0) {
          onNumeric(numeric, line);
        }
      }
    }
  }

  private boolean self(String who) {
    return who != null && Names.key(who).equals(Names.key(nick));
  }

  private void onCap(IrcLine line) {
    String sub = line.param(1) == null ? "" : line.param(1).toUpperCase(Locale.ROOT);
    switch (sub) {
      case "LS" -> {
        // CAP * LS * :a b=c   (a "*" before the list: more lines follow)
        boolean more = line.params().size() > 3 && "*".equals(line.param(2));
        for (String cap : line.trailing().split(" ")) {
          if (cap.isEmpty()) {
            continue;
          }
          int eq = cap.indexOf('=');
          String name = eq < 0 ? cap : cap.substring(0, eq);
          offered.add(name);
          offeredValues.put(name, eq < 0 ? "" : cap.substring(eq + 1));
        }
        if (!more && state == State.NEGOTIATING) {
          requestCaps();
        }
      }
      case "ACK" -> {
        for (String cap : line.trailing().split(" ")) {
          if (!cap.isEmpty() && !cap.startsWith("-")) {
            enabled.add(cap);
          }
        }
        if (state == State.NEGOTIATING) {
          afterCaps();
        }
      }
      case "NAK" -> {
        log.info("The IRC server {} refused the capabilities {}", where(), line.trailing());
        if (state == State.NEGOTIATING) {
          afterCaps();
        }
      }
      case "NEW", "DEL" -> log.debug("IRC server capabilities changed: {} {}", sub, line.trailing());
      default -> { }
    }
  }

  private void requestCaps() {
    List<String> ask = new ArrayList<>();
    for (String cap : offered) {
      if (WANTED.contains(cap) && !(cap.equals("sasl") && !saslUsable())) {
        ask.add(cap);
      }
    }
    if (ask.isEmpty()) {
      afterCaps();
    } else {
      out.now("CAP REQ :" + String.join(" ", ask));
    }
  }

  private boolean saslUsable() {
    return request.password() != null && Sasl.choose(vertx, saslMechanisms(), nick, "") != null;
  }

  private Set<String> saslMechanisms() {
    String value = offeredValues.getOrDefault("sasl", "");
    Set<String> mechanisms = new LinkedHashSet<>();
    for (String m : value.split(",")) {
      if (!m.isEmpty()) {
        mechanisms.add(m.toUpperCase(Locale.ROOT));
      }
    }
    return mechanisms;
  }

  private void afterCaps() {
    if (enabled.contains("sasl") && request.password() != null) {
      sasl = Sasl.choose(vertx, saslMechanisms(), request.nick(), request.password());
      if (sasl != null) {
        state = State.AUTHENTICATING;
        log.debug("Signing in to {} with SASL {}", where(), sasl.mechanism());
        out.now("AUTHENTICATE " + sasl.mechanism());
        return;
      }
    }
    capEnd();
  }

  private void capEnd() {
    state = State.REGISTERING;
    out.now("CAP END");
  }

  private void onAuthenticate(String chunk) {
    if (state != State.AUTHENTICATING || sasl == null) {
      return;
    }
    Future<List<String>> answer = sasl.receive(chunk);
    if (answer == null) {
      return;
    }
    answer.onComplete(logContext.wrap(ar -> {
      if (state != State.AUTHENTICATING) {
        return;
      }
      if (ar.failed()) {
        log.info("SASL {} with {} failed: {}", sasl.mechanism(), where(), ar.cause().getMessage());
        out.now("AUTHENTICATE *");
        end(Failures.saslAborted(ar.cause().getMessage()));
        return;
      }
      ar.result().forEach(p -> out.now("AUTHENTICATE " + p));
    }));
  }

  private void onNumeric(int numeric, IrcLine line) {
    switch (numeric) {
      case 1 -> welcome(line);
      case 5 -> isupport(line);
      case 900 -> {
        log.debug("Signed in to the account {} on {}", line.param(2), where());
        if (state == State.IDENTIFYING) {
          goOnline();
        }
      }
      case 903 -> {
        if (state == State.AUTHENTICATING) {
          capEnd();
        }
      }
      case 904, 905 -> {
        if (state == State.AUTHENTICATING) {
          end(Failures.badSasl(sasl.mechanism()));
        }
      }
      case 902, 906 -> {
        if (state == State.AUTHENTICATING) {
          end(Failures.saslAborted(line.trailing()));
        }
      }
      case 908 -> log.debug("SASL mechanisms of {}: {}", where(), line.param(1));
      case 432 -> {
        if (!online()) {
          end(Failures.badNick(line.param(1) == null ? nick : line.param(1), line.trailing()));
        }
      }
      case 433, 436, 437 -> {
        if (!online() && state != State.IDENTIFYING) {
          nextNick();
        }
      }
      case 464 -> end(Failures.serverPassword());
      case 465 -> end(Failures.banned(line.trailing()));
      case 421 -> {
        if ("NICKSERV".equalsIgnoreCase(line.param(1)) && state == State.IDENTIFYING) {
          log.info("The IRC server {} has no NickServ (no NICKSERV command); the password was not used", where());
          goOnline();
        } else if ("CAP".equalsIgnoreCase(line.param(1)) && state == State.NEGOTIATING) {
          state = State.REGISTERING; // a server from before CAP registers on NICK and USER alone
        }
      }
      case 332 -> channels.topic(line.param(1), line.trailing(), null);
      case 353 -> channels.names(line.param(2), line.trailing());
      case 366 -> channels.namesEnd(line.param(1));
      case 341, 443 -> listener.channelReply(numeric, line.param(1), line.param(2) == null ? line.trailing() : line.param(2));
      case 482, 442 -> listener.channelReply(numeric, null, line.param(1));
      case 401, 404, 406, 407, 411, 412, 481 -> {
        String target = line.param(1);
        if (numeric == 401) {
          listener.channelReply(numeric, target, null);
        }
        if (target != null && online()) {
          listener.sendRefused(target, refusal(numeric, target, line.trailing()));
        }
      }
      default -> {
        String refusal = line.param(1) == null ? null : Channels.joinRefusal(numeric, line.param(1));
        if (refusal != null) {
          channels.selfLeft(line.param(1), null);
          channels.joinRefused(line.param(1), refusal);
        }
      }
    }
  }

  private static String refusal(int numeric, String target, String said) {
    return switch (numeric) {
      case 401, 406 -> "There is nobody called " + target + " on this IRC server now; the message was not delivered.";
      case 404 -> "The IRC server did not let the message into " + target + " (" + said + ").";
      default -> "The IRC server refused the message to " + target + " (" + said + ").";
    };
  }

  private void welcome(IrcLine line) {
    if (line.param(0) != null) {
      nick = line.param(0);
    }
    cancelSignOnTimer();
    if (sasl == null && request.password() != null) {
      // Without SASL: the server's NICKSERV command reaches only its real services (never a user who took
      // the nick "NickServ"); a server without services answers "unknown command" and the password stays here.
      state = State.IDENTIFYING;
      out.now(IrcLine.of("NICKSERV", "IDENTIFY", request.nick(), request.password()).toWire());
      identifyTimer = vertx.setTimer(config.answerTimeoutSeconds() * 1000L, id -> logContext.run(() -> {
        identifyTimer = -1;
        if (state == State.IDENTIFYING) {
          log.info("NickServ on {} did not answer IDENTIFY in time; going on", where());
          goOnline();
        }
      }));
      return;
    }
    goOnline();
  }

  private void cancelSignOnTimer() {
    if (signOnTimer >= 0) {
      vertx.cancelTimer(signOnTimer);
      signOnTimer = -1;
    }
  }

  private void goOnline() {
    if (identifyTimer >= 0) {
      vertx.cancelTimer(identifyTimer);
      identifyTimer = -1;
    }
    state = State.ONLINE;
    out.signedOn();
    log.info("Signed on to the IRC server {} as {} (capabilities {})", where(), nick, enabled);
    listener.online(nick);
  }

  private void isupport(IrcLine line) {
    for (int i = 1; i < line.params().size() - 1; i++) {
      String token = line.param(i);
      if (token.startsWith("CHANTYPES=")) {
        chanTypes = token.substring("CHANTYPES=".length());
      } else if (token.startsWith("PREFIX=")) {
        channels.prefix(token.substring("PREFIX=".length()));
      }
    }
  }

  private void nextNick() {
    if (alternative >= ALTERNATIVES) {
      end(Failures.nickUnavailable(request.nick()));
      return;
    }
    alternative++;
    String base = request.nick();
    nick = switch (alternative) {
      case 1 -> base + "_";
      case 2 -> base + "__";
      default -> base + (alternative - 2);
    };
    log.info("The nickname is in use on {}; trying {}", where(), nick);
    out.now(IrcLine.of("NICK", nick).toWire());
  }

  private void onNick(IrcLine line) {
    String from = line.sourceNick();
    String to = line.param(0);
    if (to == null) {
      return;
    }
    if (self(from)) {
      nick = to;
    }
    channels.renamed(from, to);
  }

  private void onJoin(IrcLine line) {
    String channel = line.param(0);
    if (channel == null) {
      return;
    }
    if (self(line.sourceNick())) {
      channels.selfJoined(channel);
    } else {
      channels.memberJoined(channel, line.sourceNick());
    }
  }

  private void onPart(IrcLine line) {
    String channel = line.param(0);
    if (channel == null) {
      return;
    }
    if (self(line.sourceNick())) {
      channels.selfLeft(channel, null);
    } else {
      channels.memberLeft(channel, line.sourceNick());
    }
  }

  private void onMessage(IrcLine line, boolean history) {
    String from = line.sourceNick();
    String target = line.param(0);
    String text = line.trailing();
    if (from == null || target == null || line.params().size() < 2) {
      return;
    }
    boolean notice = line.command().equals("NOTICE");
    if (notice && (line.source().indexOf('!') < 0 || !online() && state != State.IDENTIFYING)) {
      log.debug("Server notice: {}", shorten(text));
      return;
    }
    if (notice && state == State.IDENTIFYING && from.equalsIgnoreCase("NickServ")) {
      nickServSaid(text);
      return;
    }
    boolean action = false;
    if (text.length() >= 2 && text.charAt(0) == 1) {
      String ctcp = text.substring(1, text.charAt(text.length() - 1) == 1 ? text.length() - 1 : text.length());
      if (!notice && ctcp.startsWith("ACTION ")) {
        action = true;
        text = ctcp.substring("ACTION ".length());
      } else {
        // Other CTCP (VERSION, PING, ...) and CTCP replies are not answered: an answer would help floods and probes.
        log.debug("Ignored CTCP from {}: {}", from, shorten(ctcp));
        return;
      }
    }
    String time = line.tags().get("time");
    String archiveId = history || (historySynced && time != null) ? time : null;
    Incoming message = new Incoming(from, text, time(line), action, line.tags().get("msgid"), archiveId, history);
    String channel = target;
    while (!channel.isEmpty() && !isChannel(channel) && "@%+~&".indexOf(channel.charAt(0)) >= 0) {
      channel = channel.substring(1); // STATUSMSG: "@#chan" reaches the channel's operators
    }
    if (self(from)) {
      // Our own message echoed (echo-message): in a channel that is its reflection; a private one was stored when sent.
      if (isChannel(channel) && !history && !notice) {
        channels.ownEcho(channel, message);
      }
      return;
    }
    if (isChannel(channel)) {
      channels.message(channel, message);
    } else if (self(target)) {
      listener.privateMessage(message);
    }
  }

  /** IRCv3 standard replies: a refused CHATHISTORY fails its request. */
  private void onFail(IrcLine line) {
    log.info("The IRC server {} refused {}: {}", where(), line.param(0), line.trailing());
    if ("CHATHISTORY".equalsIgnoreCase(line.param(0))) {
      historyBatches.refused(line.trailing());
    }
  }

  /** Whether the server offers IRCv3 chathistory (with the batches and times it needs). */
  boolean chathistory() {
    return (enabled.contains("draft/chathistory") || enabled.contains("chathistory")) && enabled.contains("batch")
        && enabled.contains("server-time");
  }

  /** One CHATHISTORY request; completes with the lines of the batch that answers it. */
  Future<List<IrcLine>> history(String... params) {
    io.vertx.core.Promise<List<IrcLine>> answer = historyBatches.expect();
    out.send(List.of(IrcLine.of("CHATHISTORY", params).toWire())).onFailure(e -> historyBatches.notSent(answer, e));
    return answer.future();
  }

  /** A message from a history batch, reported as a live one would be, with its time as the archive position. */
  void replay(IrcLine line) {
    if ("PRIVMSG".equals(line.command()) || "NOTICE".equals(line.command())) {
      onMessage(line, true);
    }
  }

  /** The catch-up is over (or there was none): live messages carry the archive position from now on. */
  void historySynced() {
    historySynced = true;
  }

  private void nickServSaid(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("invalid password") || lower.contains("password incorrect") || lower.contains("incorrect password")
        || lower.contains("wrong password") || lower.contains("authentication failed")) {
      end(Failures.badNickServ(text));
    } else if (lower.contains("identified") || lower.contains("recognized") || lower.contains("accepted")
        || lower.contains("logged in") || lower.contains("not registered") || lower.contains("isn't registered")) {
      goOnline();
    } else {
      log.debug("NickServ: {}", shorten(text));
    }
  }

  private void onTagMessage(IrcLine line) {
    String typing = line.tags().get("+typing");
    String from = line.sourceNick();
    if (typing == null || from == null || self(from) || !self(line.param(0))) {
      return;
    }
    String state = switch (typing) {
      case "active" -> "composing";
      case "paused" -> "paused";
      default -> "active";
    };
    listener.typing(from, state);
  }

  /** The server-time tag, else now. */
  private static long time(IrcLine line) {
    String time = line.tags().get("time");
    if (time != null) {
      try {
        return Instant.parse(time).toEpochMilli();
      } catch (DateTimeParseException e) {
        // falls back to now
      }
    }
    return System.currentTimeMillis();
  }

  // ---- sending ----

  /** PRIVMSG lines to one target; completes when they went out (the flood limit may hold them). */
  Future<Void> privmsg(String target, List<String> texts, boolean action) {
    List<String> lines = new ArrayList<>();
    for (String text : texts) {
      lines.add(IrcLine.of("PRIVMSG", target, action ? "\u0001ACTION " + text + "\u0001" : text).toWire());
    }
    return out.send(lines);
  }

  Future<Void> line(IrcLine line) {
    return out.send(List.of(line.toWire()));
  }

  // ---- the end ----

  /** Ends the connection once: what the listener hears is {@code failure}, or nothing when closed on purpose. */
  private void end(ImFailure failure) {
    if (state == State.CLOSED) {
      return;
    }
    shutDown();
    if (failure != null) {
      listener.ended(failure);
    }
  }

  void close() {
    if (state == State.CLOSED) {
      return;
    }
    if (socket != null && out != null && state == State.ONLINE) {
      socket.write("QUIT :Parley\r\n");
    }
    shutDown();
  }

  private void shutDown() {
    state = State.CLOSED;
    cancelSignOnTimer();
    if (livenessTimer >= 0) {
      vertx.cancelTimer(livenessTimer);
      livenessTimer = -1;
    }
    if (identifyTimer >= 0) {
      vertx.cancelTimer(identifyTimer);
      identifyTimer = -1;
    }
    if (out != null) {
      out.close();
    }
    historyBatches.close();
    channels.clear();
    if (socket != null) {
      socket.close();
    }
  }
}
