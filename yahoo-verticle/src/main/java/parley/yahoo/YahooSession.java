package parley.yahoo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.FailureCode;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.nodekit.ImFailure;
import parley.nodekit.OwnPresence;
import parley.yahoo.wire.Services;
import parley.yahoo.wire.YahooAuth;
import parley.yahoo.wire.YmsgException;
import parley.yahoo.wire.YmsgPacket;
import parley.yahoo.wire.YmsgParser;

/**
 * One YMSG connection of one account, from the TCP connect through the challenge-response login
 * to the end: buddy list, presence, messages, typing, "added you" requests, keepalive. It ends once,
 * telling the {@link Listener} why. Everything runs on the verticle's context.
 */
final class YahooSession {
  private static final Logger log = LoggerFactory.getLogger(YahooSession.class);

  /** What the account hears from its connection. */
  interface Listener {
    void online(List<Contact> contacts, List<ContactPresence> presences);

    void ended(ImFailure failure);

    void contactUpdated(Contact contact);

    void contactRemoved(String jid);

    void presence(ContactPresence presence);

    void message(String from, String text, long ts);

    void typing(String from, String state);

    void subscriptionRequest(String from);
  }

  /** The connection's one state; it only moves forward. */
  enum State { CONNECTING, CHALLENGE_ASKED, ANSWERED, ONLINE, ENDED }

  private final Vertx vertx;
  private final NetClient client;
  private final YahooNodeConfig config;
  private final ConnectRequest request;
  private final Listener listener;
  private final LogContext logContext;
  private final Roster roster = new Roster();
  private OwnPresence ownPresence;
  private State state = State.CONNECTING;
  private NetSocket socket;
  private long sessionId;
  private long loginTimer = -1;
  private long keepalive = -1;
  private long pingTimer = -1;
  /** Packets read so far: a PING is answered when this grows. */
  private long received;
  /** Add and remove requests waiting for the server's answer, by lower-case Yahoo ID. */
  private final Map<String, Promise<Void>> adding = new HashMap<>();
  private final Map<String, Promise<Void>> removing = new HashMap<>();

  YahooSession(Vertx vertx, NetClient client, YahooNodeConfig config, ConnectRequest request, OwnPresence ownPresence,
      Listener listener, LogContext logContext) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.request = request;
    this.ownPresence = ownPresence;
    this.listener = listener;
    this.logContext = logContext;
  }

  State state() {
    return state;
  }

  boolean online() {
    return state == State.ONLINE;
  }

  List<Contact> contacts() {
    return roster.contacts();
  }

  void start() {
    loginTimer = vertx.setTimer(config.connectTimeoutSeconds() * 1000L, id -> logContext.run(() -> {
      if (state != State.ONLINE) {
        end(Failures.noAnswer(state == State.CONNECTING ? "connecting" : "the login"));
      }
    }));
    client.connect(request.port(), request.host()).onComplete(logContext.wrap(ar -> {
      if (state == State.ENDED) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        end(Failures.unreachable(request.where(), why(ar.cause())));
        return;
      }
      socket = ar.result();
      YmsgParser parser = new YmsgParser(config.maxPacketBytes(), p -> logContext.run(() -> onPacket(p)),
          e -> logContext.run(() -> end(Failures.malformed(e.getMessage()))));
      socket.handler(parser);
      socket.closeHandler(v -> logContext.run(() -> end(Failures.lost())));
      socket.exceptionHandler(e -> log.debug("Yahoo connection of account {}: {}", request.accountId(), e.toString()));
      state = State.CHALLENGE_ASKED;
      write(YmsgPacket.of(Services.AUTH, 0, 0).put(1, request.yahooId()).build());
    }));
  }

  private static String why(Throwable cause) {
    if (cause instanceof ConnectException) {
      return "the connection was refused";
    }
    String text = cause.getMessage();
    return text == null || text.isBlank() ? cause.getClass().getSimpleName() : text;
  }

  // ---- reading ----

  private void onPacket(YmsgPacket p) {
    if (state == State.ENDED) {
      return;
    }
    received++;
    try {
      switch (p.service()) {
        case Services.AUTH -> challenge(p);
        case Services.AUTH_RESP -> end(Failures.loginRefused(p.number(66, -1), p.get(20)));
        case Services.LIST -> p.all(87).forEach(roster::addList);
        case Services.LOGON -> logon(p);
        case Services.LOGOFF -> logoff(p);
        case Services.IS_AWAY, Services.IS_BACK -> statuses(p).forEach(listener::presence);
        case Services.MESSAGE -> messages(p);
        case Services.NOTIFY -> notify(p);
        case Services.AUTHORIZATION -> authorization(p);
        case Services.NEW_CONTACT -> {
          String from = p.get(3);
          if (YahooIds.valid(from)) {
            listener.subscriptionRequest(YahooIds.normalize(from));
          }
        }
        case Services.ADD_BUDDY -> buddyAdded(p);
        case Services.REMOVE_BUDDY -> buddyRemoved(p);
        case Services.PING -> {
          // The answer to our keepalive; a text in key 16 is a notice from the server's operators.
          if (p.get(16) != null) {
            log.info("Yahoo server notice for account {}: {}", request.accountId(), p.get(16));
          }
        }
        default -> log.debug("Account {}: ignored {}", request.accountId(), p);
      }
    } catch (YmsgException e) {
      end(Failures.malformed(e.getMessage()));
    }
  }

  private void challenge(YmsgPacket p) {
    if (state != State.CHALLENGE_ASKED) {
      return;
    }
    String challenge = p.get(94);
    if (challenge == null) {
      throw new YmsgException("the login challenge (key 94) is missing");
    }
    if ("2".equals(p.get(13))) {
      end(new ImFailure(FailureCode.IM_ERROR, "The Yahoo server asks for the web token login of YMSG 16, which Parley "
          + "does not speak; it speaks the YMSG 9/10 challenge-response login.", false));
      return;
    }
    sessionId = p.sessionId();
    YahooAuth.Response answer = YahooAuth.respond(request.yahooId(), request.password(), challenge);
    state = State.ANSWERED;
    write(YmsgPacket.of(Services.AUTH_RESP, 0, sessionId).put(0, request.yahooId()).put(6, answer.fromPassword())
        .put(96, answer.fromCrypt()).put(2, request.yahooId()).put(1, request.yahooId()).build());
  }

  private void logon(YmsgPacket p) {
    List<ContactPresence> presences = statuses(p);
    if (state == State.ANSWERED) {
      state = State.ONLINE;
      vertx.cancelTimer(loginTimer);
      keepalive = vertx.setPeriodic(config.keepaliveSeconds() * 1000L, id -> logContext.run(this::ping));
      if (!(ownPresence.available() && ownPresence.status().isBlank())) {
        write(YahooStatus.own(ownPresence, sessionId));
      }
      listener.online(roster.contacts(), presences);
    } else if (state == State.ONLINE) {
      presences.forEach(listener::presence);
    }
  }

  private void logoff(YmsgPacket p) {
    List<String> ids = p.all(7);
    if (ids.isEmpty() && p.status() == Services.STATUS_ERROR) {
      end(Failures.loggedInElsewhere());
      return;
    }
    ids.stream().filter(YahooIds::valid).forEach(id -> listener.presence(YahooStatus.offline(id)));
  }

  /** The buddies' status groups of a packet: each starts at key 7 and holds 10, 19 and 47. */
  private static List<ContactPresence> statuses(YmsgPacket p) {
    List<ContactPresence> out = new ArrayList<>();
    String id = null;
    long code = 0;
    String text = null;
    long away = 0;
    for (YmsgPacket.Field f : p.fields()) {
      switch (f.key()) {
        case 7 -> {
          if (id != null) {
            out.add(YahooStatus.presence(id, code, text, away));
          }
          id = YahooIds.valid(f.value()) ? f.value() : null;
          code = 0;
          text = null;
          away = 0;
        }
        case 10 -> code = parse(f.value());
        case 19 -> text = f.value();
        case 47 -> away = parse(f.value());
        default -> { }
      }
    }
    if (id != null) {
      out.add(YahooStatus.presence(id, code, text, away));
    }
    return out;
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One or more messages: each group starts at key 4 (the sender) and holds 14 (text) and 15 (when, stored ones). */
  private void messages(YmsgPacket p) {
    if (p.status() == Services.STATUS_ERROR) {
      log.info("Account {}: the Yahoo server could not deliver a message: {}", request.accountId(), p.get(16, "no reason given"));
      return;
    }
    String from = null;
    String text = null;
    long ts = -1;
    for (YmsgPacket.Field f : p.fields()) {
      switch (f.key()) {
        case 4 -> {
          deliver(from, text, ts);
          from = f.value();
          text = null;
          ts = -1;
        }
        case 14 -> text = f.value();
        case 15 -> ts = parse(f.value());
        default -> { }
      }
    }
    deliver(from, text, ts);
  }

  private void deliver(String from, String text, long ts) {
    if (from == null || text == null || !YahooIds.valid(from)) {
      return;
    }
    String plain = MessageText.plain(text);
    if (!plain.isBlank()) {
      listener.message(YahooIds.normalize(from), plain, ts > 0 ? ts * 1000 : System.currentTimeMillis());
    }
  }

  private void notify(YmsgPacket p) {
    String from = p.get(4);
    if ("TYPING".equalsIgnoreCase(p.get(49, "")) && YahooIds.valid(from)) {
      listener.typing(YahooIds.normalize(from), "1".equals(p.get(13)) ? "composing" : "paused");
    }
  }

  /** A request to add this account (no key 13), or the answer to ours (13: 1 accepted, 2 refused). */
  private void authorization(YmsgPacket p) {
    String from = p.get(4);
    if (!YahooIds.valid(from)) {
      return;
    }
    String id = YahooIds.normalize(from);
    String answer = p.get(13);
    if (answer == null) {
      listener.subscriptionRequest(id);
    } else if (roster.contains(id)) {
      roster.pending(id, !"1".equals(answer));
      listener.contactUpdated(roster.contact(id));
    }
  }

  private void buddyAdded(YmsgPacket p) {
    String buddy = p.get(7);
    if (buddy == null) {
      return;
    }
    String id = YahooIds.normalize(buddy);
    Promise<Void> waiting = adding.remove(id);
    long error = p.number(66, 0);
    if (error != 0) {
      if (waiting != null) {
        waiting.tryFail(FailureCode.IM_ERROR.exception(Failures.addRefused(id, error)));
      }
      return;
    }
    roster.add(buddy, p.get(65, Roster.DEFAULT_GROUP));
    // The buddy has not answered our request yet.
    roster.pending(id, true);
    listener.contactUpdated(roster.contact(id));
    if (waiting != null) {
      waiting.tryComplete();
    }
  }

  private void buddyRemoved(YmsgPacket p) {
    String buddy = p.get(7);
    if (buddy == null) {
      return;
    }
    String id = YahooIds.normalize(buddy);
    Promise<Void> waiting = removing.remove(id);
    long error = p.number(66, 0);
    if (error != 0) {
      if (waiting != null) {
        waiting.tryFail(FailureCode.IM_ERROR.exception(Failures.removeRefused(id, error)));
      }
      return;
    }
    if (roster.contains(id)) {
      roster.remove(id);
      listener.contactRemoved(id);
    }
    if (waiting != null) {
      waiting.tryComplete();
    }
  }

  // ---- keepalive ----

  /** A PING the server answers; if nothing at all comes back in time, the server has stopped answering. */
  private void ping() {
    if (state != State.ONLINE || pingTimer >= 0) {
      return;
    }
    long before = received;
    write(YmsgPacket.of(Services.PING, 0, sessionId).build());
    pingTimer = vertx.setTimer(config.answerTimeoutSeconds() * 1000L, id -> logContext.run(() -> {
      pingTimer = -1;
      if (received == before) {
        end(Failures.stoppedAnswering());
      }
    }));
  }

  // ---- commands ----

  Future<Void> sendMessage(String to, String text) {
    return send(YmsgPacket.of(Services.MESSAGE, Services.STATUS_MESSAGE, sessionId).put(1, request.yahooId())
        .put(5, to).put(14, text).put(97, 1).put(63, ";0").put(64, 0).build());
  }

  Future<Void> sendTyping(String to, boolean typing) {
    return send(YmsgPacket.of(Services.NOTIFY, Services.STATUS_TYPING, sessionId).put(49, "TYPING")
        .put(1, request.yahooId()).put(14, " ").put(13, typing ? 1 : 0).put(5, to).build());
  }

  Future<Void> sendOwnPresence(OwnPresence presence) {
    ownPresence = presence;
    return send(YahooStatus.own(presence, sessionId));
  }

  Future<Void> addContact(String id, String group) {
    if (roster.contains(id) && roster.groupsOf(id).contains(group)) {
      return Future.succeededFuture();
    }
    return awaitAnswer(adding, id, YmsgPacket.of(Services.ADD_BUDDY, 0, sessionId).put(1, request.yahooId())
        .put(7, id).put(65, group).put(14, "").build());
  }

  Future<Void> removeContact(String id) {
    if (!roster.contains(id)) {
      return Future.succeededFuture();
    }
    YmsgPacket.Builder packet = YmsgPacket.of(Services.REMOVE_BUDDY, 0, sessionId).put(1, request.yahooId()).put(7, id);
    roster.groupsOf(id).forEach(g -> packet.put(65, g));
    return awaitAnswer(removing, id, packet.build());
  }

  Future<Void> answerRequest(String from, boolean approve) {
    return send(YmsgPacket.of(Services.AUTHORIZATION, 0, sessionId).put(1, request.yahooId()).put(5, from)
        .put(13, approve ? 1 : 2).put(14, "").build());
  }

  private Future<Void> awaitAnswer(Map<String, Promise<Void>> waiting, String id, YmsgPacket packet) {
    if (waiting.containsKey(id)) {
      return waiting.get(id).future();
    }
    Promise<Void> answer = Promise.promise();
    waiting.put(id, answer);
    long timer = vertx.setTimer(config.answerTimeoutSeconds() * 1000L, t -> {
      if (waiting.remove(id, answer)) {
        answer.tryFail(FailureCode.IM_ERROR.exception("The Yahoo server did not answer in time."));
      }
    });
    send(packet).onFailure(e -> {
      waiting.remove(id, answer);
      answer.tryFail(e);
    });
    return answer.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private Future<Void> send(YmsgPacket packet) {
    if (state != State.ONLINE) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    try {
      return write(packet);
    } catch (YmsgException e) {
      return Future.failedFuture(FailureCode.TEXT_TOO_LONG.exception("The message is too long for Yahoo (" + e.getMessage() + ")."));
    }
  }

  private Future<Void> write(YmsgPacket packet) {
    if (socket == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return socket.write(packet.encode());
  }

  // ---- ending ----

  /** Ends the connection without telling the listener (the account closes it). */
  void close() {
    finish(FailureCode.NOT_CONNECTED.exception(null));
  }

  private void end(ImFailure failure) {
    if (state == State.ENDED) {
      return;
    }
    finish(failure.code().exception(failure.text()));
    listener.ended(failure);
  }

  private void finish(Throwable cause) {
    if (state == State.ENDED) {
      return;
    }
    state = State.ENDED;
    vertx.cancelTimer(loginTimer);
    vertx.cancelTimer(keepalive);
    vertx.cancelTimer(pingTimer);
    adding.values().forEach(p -> p.tryFail(cause));
    removing.values().forEach(p -> p.tryFail(cause));
    adding.clear();
    removing.clear();
    if (socket != null) {
      socket.close();
    }
  }
}
