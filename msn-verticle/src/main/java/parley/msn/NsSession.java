package parley.msn;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.FailureCode;
import parley.contract.Presence;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.Roster;
import parley.msn.wire.Digests;
import parley.msn.wire.MsnLine;
import parley.msn.wire.MsnSyntaxException;
import parley.msn.wire.Names;
import parley.nodekit.ImFailure;
import parley.nodekit.OwnPresence;

/**
 * One sign-in to an MSN notification server, from the TCP connect to its end: version ({@code VER},
 * MSNP2 to MSNP9), client version ({@code CVR}), sign-in ({@code USR}: Passport TWN on MSNP8 and 9, MD5
 * on MSNP2 to 7; {@code XFR NS} redirects followed), the lists ({@code SYN}), presence, list changes, the
 * switchboards of its conversations, challenges ({@code CHL}) and keepalive ({@code PNG}). A new
 * session is made for every reconnect; its state is one field.
 */
final class NsSession implements MsnConnection.Owner, Switchboard.Listener {
  private static final Logger log = LoggerFactory.getLogger(NsSession.class);

  interface Listener {
    void online(Roster roster, List<String> requests);

    void ended(ImFailure failure);

    void contactUpdated(Contact contact);

    void contactRemoved(String email);

    void presence(ContactPresence presence);

    void subscriptionRequest(String from);

    void message(String from, String text);

    void typing(String from);
  }

  enum State { CONNECTING, SIGNING_IN, SYNCING, ONLINE, ENDED }

  /**
   * The protocol versions spoken: MSNP2 to 7 (MD5 sign-in; groups from MSNP7) and MSNP8 and 9 (Passport).
   * MSNP10 changed the lists (contacts and groups by GUID, {@code ADC}), MSNP11 the challenge answer.
   */
  static final int OLDEST_VERSION = 2;
  static final int NEWEST_VERSION = 9;
  /** The first version with contact groups ({@code ADG}, {@code LSG}, a group on {@code ADD FL}). */
  static final int GROUPS_VERSION = 7;

  /** Notification-server redirects followed in one sign-in. */
  static final int MAX_REDIRECTS = 3;
  /** Open switchboards per account: a server (or peers) ringing without end cannot open more connections. */
  static final int MAX_SWITCHBOARDS = 32;

  /** A failure that ends the sign-in with these words. */
  private static final class Refusal extends RuntimeException {
    final ImFailure failure;

    Refusal(ImFailure failure) {
      super(failure.text(), null, false, false);
      this.failure = failure;
    }
  }

  /** {@code XFR NS}: sign in at another notification server. */
  private static final class Redirect extends RuntimeException {
    final String host;
    final int port;

    Redirect(String host, int port) {
      super("redirect", null, false, false);
      this.host = host;
      this.port = port;
    }
  }

  private final Vertx vertx;
  private final NetClient client;
  private final Passport passport;
  private final MsnNodeConfig config;
  private final ConnectRequest request;
  private final Listener listener;
  private final LogContext context;
  private final ContactList list = new ContactList();
  /** The open conversations by peer, oldest first. */
  private final Map<String, Switchboard> switchboards = new java.util.LinkedHashMap<>();
  private State state = State.CONNECTING;
  private MsnConnection conn;
  private int version;
  private OwnPresence own;
  /** The lists as SYN sends them, and when they are complete. */
  private ListSync sync;
  private final Promise<Void> synced = Promise.promise();
  private long pingTimer = -1;
  private long pongTimer = -1;

  NsSession(Vertx vertx, NetClient client, Passport passport, MsnNodeConfig config, ConnectRequest request, OwnPresence own,
      Listener listener, LogContext context) {
    this.vertx = vertx;
    this.client = client;
    this.passport = passport;
    this.config = config;
    this.request = request;
    this.own = own;
    this.listener = listener;
    this.context = context;
  }

  void start() {
    connect(request.host(), request.port(), 0);
  }

  State state() {
    return state;
  }

  boolean online() {
    return state == State.ONLINE;
  }

  Roster roster() {
    return list.roster();
  }

  // ---- signing in ----

  private void connect(String host, int port, int redirects) {
    MsnConnection.open(vertx, client, host, port, this, context, config.answerTimeoutSeconds() * 1000L)
        .onComplete(ar -> context.run(() -> {
          if (state == State.ENDED) {
            if (ar.succeeded()) {
              ar.result().close();
            }
            return;
          }
          if (ar.failed()) {
            finish(Failures.unreachable(host + ":" + port,
                ar.cause().getMessage() == null ? ar.cause().toString() : ar.cause().getMessage()));
            return;
          }
          conn = ar.result();
          state = State.SIGNING_IN;
          signIn(conn, redirects);
        }));
  }

  private void signIn(MsnConnection c, int redirects) {
    c.request("VER", Set.of("VER"), offeredVersions())
        .compose(ver -> {
          version = chosen(ver);
          return c.request("CVR", Set.of("CVR"), clientVersion(version, request.email()));
        })
        .compose(cvr -> c.request("USR", Set.of("USR", "XFR"), version >= 8 ? "TWN" : "MD5", "I", request.email()))
        .compose(usr -> {
          if ("XFR".equals(usr.command())) {
            throw redirect(usr);
          }
          String challenge = usr.param(3);
          if (!"S".equals(usr.param(2)) || challenge == null) {
            throw new Refusal(Failures.garbage("a sign-in answer without its challenge"));
          }
          if (version >= 8) {
            return passport.ticket(config.loginUrl(request.host()), request.email(), request.password(), challenge)
                .compose(ticket -> c.request("USR", Set.of("USR"), "TWN", "S", ticket));
          }
          return c.request("USR", Set.of("USR"), "MD5", "S", Digests.md5Login(challenge, request.password()));
        })
        .compose(ok -> {
          if (!"OK".equals(ok.param(1))) {
            throw new Refusal(Failures.garbage("a sign-in answer Parley does not know: " + ok));
          }
          state = State.SYNCING;
          sync = new ListSync(version, list);
          return c.request("SYN", Set.of("SYN"), "0");
        })
        .compose(syn -> {
          sync.answered(syn);
          checkSynced();
          long timer = vertx.setTimer(config.answerTimeoutSeconds() * 1000L,
              id -> synced.tryFail(new MsnConnection.Gone("the contact list did not arrive in time")));
          return synced.future().onComplete(ar -> vertx.cancelTimer(timer));
        })
        .onComplete(ar -> context.run(() -> {
          if (state == State.ENDED || c != conn) {
            return;
          }
          if (ar.succeeded()) {
            goOnline();
          } else if (ar.cause() instanceof Redirect r) {
            c.close();
            if (redirects >= MAX_REDIRECTS) {
              finish(Failures.tooManyRedirects());
            } else {
              log.info("Account {}: the MSN server sends the sign-in on to {}:{}", request.accountId(), r.host, r.port);
              state = State.CONNECTING;
              connect(r.host, r.port, redirects + 1);
            }
          } else {
            finish(signInFailure(ar.cause()));
          }
        }));
  }

  /** {@code VER}'s list, newest first, and {@code CVR0} as every client sends it. */
  static String[] offeredVersions() {
    List<String> out = new java.util.ArrayList<>();
    for (int v = NEWEST_VERSION; v >= OLDEST_VERSION; v--) {
      out.add("MSNP" + v);
    }
    out.add("CVR0");
    return out.toArray(String[]::new);
  }

  /** The version the server chose from ours; a {@link Refusal} when none ({@code VER trid 0}). */
  static int chosen(MsnLine ver) {
    for (String p : ver.params().subList(Math.min(1, ver.params().size()), ver.params().size())) {
      if (p.startsWith("MSNP")) {
        try {
          int v = Integer.parseInt(p.substring("MSNP".length()));
          if (v >= OLDEST_VERSION && v <= NEWEST_VERSION) {
            return v;
          }
        } catch (NumberFormatException e) {
          // not a version of ours
        }
      }
    }
    throw new Refusal(Failures.noCommonVersion());
  }

  /**
   * {@code CVR}'s parameters as the chosen version documents them: locale, system, CPU, library and client
   * version; the client's code base since MSNP4; the account since MSNP8.
   */
  static String[] clientVersion(int version, String email) {
    List<String> out = new java.util.ArrayList<>(List.of("0x0409", "win", "4.10", "i386", "MSNMSGR", "6.0.0602"));
    if (version >= 4) {
      out.add("MSMSGS");
    }
    if (version >= 8) {
      out.add(email);
    }
    return out.toArray(String[]::new);
  }

  /** XFR trid NS host:port 0 current: where to sign in instead. */
  private static RuntimeException redirect(MsnLine xfr) {
    HostPort where = HostPort.parse(xfr.param(2));
    if (!"NS".equals(xfr.param(1)) || where == null) {
      return new Refusal(Failures.garbage("a redirect without a server: " + xfr));
    }
    return new Redirect(where.host(), where.port());
  }

  private ImFailure signInFailure(Throwable e) {
    if (e instanceof Refusal r) {
      return r.failure;
    }
    if (e instanceof Passport.Refused r) {
      return r.failure;
    }
    if (e instanceof MsnConnection.ServerError s) {
      return s.code == 911 ? Failures.badPassword() : Failures.loginRefused(s.code);
    }
    if (e instanceof MsnSyntaxException s) {
      return Failures.garbage(s.getMessage());
    }
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    return why.startsWith("no answer") || why.contains("in time") ? Failures.noAnswer(why) : Failures.lost();
  }

  private void checkSynced() {
    if (sync.done()) {
      synced.tryComplete();
    }
  }

  private void goOnline() {
    state = State.ONLINE;
    listener.online(list.roster(), list.unanswered());
    sendStatus(own);
    pingTimer = vertx.setPeriodic(config.pingSeconds() * 1000L, id -> context.run(this::ping));
  }

  // ---- what the server says ----

  @Override
  public void line(MsnLine line) {
    switch (line.command()) {
      case "LST", "LSG" -> {
        if (state == State.SYNCING) {
          sync.line(line);
          checkSynced();
        }
      }
      case "ILN" -> presence(line.param(2), line.param(1), line.param(3));
      case "NLN" -> presence(line.param(1), line.param(0), line.param(2));
      case "FLN" -> {
        if (Names.email(line.param(0))) {
          listener.presence(ContactPresence.offline(Names.key(line.param(0))));
        }
      }
      case "ADD" -> added(line);
      case "REM" -> removed(line);
      case "RNG" -> invited(line);
      case "CHL" -> challenged(line);
      case "QNG" -> {
        if (pongTimer >= 0) {
          vertx.cancelTimer(pongTimer);
          pongTimer = -1;
        }
      }
      case "OUT" -> finish("OTH".equals(line.param(0)) ? Failures.signedInElsewhere()
          : "SSD".equals(line.param(0)) ? Failures.serverShutdown() : Failures.serverClosed("OUT"));
      default -> {
        if (line.isError()) {
          log.info("Account {}: the MSN server reported: {} (error {})", request.accountId(),
              Failures.errorText(line.errorCode()), line.errorCode());
        } else {
          log.debug("Account {}: ignored {}", request.accountId(), line);
        }
      }
    }
  }

  /** ILN/NLN: a contact's status and friendly name. */
  private void presence(String email, String status, String friendly) {
    if (!Names.email(email) || status == null) {
      return;
    }
    String key = Names.key(email);
    if (friendly != null) {
      ContactList.Entry e = list.get(key);
      String name = Names.decode(friendly);
      if (e != null && (e.lists & ContactList.FL) != 0 && !name.equals(e.friendly)) {
        e.friendly = name;
        listener.contactUpdated(list.contact(e));
      }
    }
    listener.presence(new ContactPresence(key, true, show(status), statusText(status)));
  }

  static String show(String status) {
    return switch (status) {
      case "BSY", "PHN" -> Presence.DND;
      case "AWY", "BRB", "IDL" -> Presence.AWAY;
      case "LUN" -> Presence.XA;
      default -> Presence.AVAILABLE;
    };
  }

  /** MSN has no status messages before MSNP11; its statuses' own words stand in. */
  static String statusText(String status) {
    return switch (status) {
      case "BSY" -> "Busy";
      case "PHN" -> "On the phone";
      case "AWY" -> "Away";
      case "BRB" -> "Be right back";
      case "IDL" -> "Idle";
      case "LUN" -> "Out to lunch";
      default -> "";
    };
  }

  static String status(OwnPresence own) {
    return switch (own.show()) {
      case Presence.DND -> "BSY";
      case Presence.AWAY, Presence.XA -> "AWY";
      default -> "NLN";
    };
  }

  /** ADD 0 RL version email friendly: someone added the account (a list change of ours comes as the answer to it). */
  private void added(MsnLine line) {
    if (!"RL".equals(line.param(1)) || !Names.email(line.param(3))) {
      return;
    }
    String email = Names.key(line.param(3));
    ContactList.Entry e = list.put(email, line.param(4) == null ? null : Names.decode(line.param(4)), ContactList.RL, null);
    if ((e.lists & ContactList.FL) != 0) {
      listener.contactUpdated(list.contact(e));
    }
    if ((e.lists & (ContactList.AL | ContactList.BL)) == 0) {
      listener.subscriptionRequest(email);
    }
  }

  /** REM 0 RL version email: someone took the account off their list. */
  private void removed(MsnLine line) {
    if (!"RL".equals(line.param(1)) || !Names.email(line.param(3))) {
      return;
    }
    ContactList.Entry e = list.remove(line.param(3), ContactList.RL, null);
    if (e != null && (e.lists & ContactList.FL) != 0) {
      listener.contactUpdated(list.contact(e));
    }
  }

  /** RNG session host:port CKI auth email friendly: a peer opened a conversation. */
  private void invited(MsnLine line) {
    String sessionId = line.param(0);
    String auth = line.param(3);
    String email = line.param(4);
    HostPort where = HostPort.parse(line.param(1));
    if (state != State.ONLINE || where == null || auth == null || !Names.email(email)) {
      return;
    }
    String peer = Names.key(email);
    Switchboard old = switchboards.remove(peer);
    if (old != null) {
      old.close();
    }
    if (switchboards.size() >= MAX_SWITCHBOARDS) {
      log.info("Account {}: an invitation from {} is not answered: {} conversations are open", request.accountId(), peer,
          switchboards.size());
      return;
    }
    Switchboard sb = new Switchboard(vertx, request.email(), peer, this, context, config.switchboardIdleSeconds() * 1000L);
    switchboards.put(peer, sb);
    sb.answer(MsnConnection.open(vertx, client, where.host(), where.port(), sb, context, config.answerTimeoutSeconds() * 1000L),
        auth, sessionId);
  }

  /** CHL 0 challenge: answered with QRY, else the server ends the session. */
  private void challenged(MsnLine line) {
    if (line.param(1) == null) {
      return;
    }
    Buffer answer = Buffer.buffer(Digests.challenge(line.param(1)).getBytes(StandardCharsets.US_ASCII));
    conn.request("QRY", Set.of("QRY"), answer, Digests.CLIENT_ID)
        .onFailure(e -> log.info("Account {}: the MSN server did not take the challenge answer: {}", request.accountId(),
            e.getMessage()));
  }

  private void ping() {
    if (state != State.ONLINE || pongTimer >= 0) {
      return;
    }
    conn.sendBare("PNG");
    pongTimer = vertx.setTimer(config.answerTimeoutSeconds() * 1000L, id -> context.run(() -> {
      pongTimer = -1;
      finish(Failures.stoppedAnswering());
    }));
  }

  @Override
  public void ended(Throwable why) {
    if (state == State.ENDED) {
      return;
    }
    if (state != State.ONLINE) {
      // The sign-in's own chain reports it: its pending command, or the lists' sync, fails with the reason.
      // (A server may close right after an XFR NS: that connection's end is no failure of the next one.)
      if (state == State.SYNCING) {
        synced.tryFail(why);
      }
      return;
    }
    finish(why instanceof MsnSyntaxException s ? Failures.garbage(s.getMessage()) : Failures.lost());
  }

  private void finish(ImFailure failure) {
    if (state == State.ENDED) {
      return;
    }
    end();
    listener.ended(failure);
  }

  private void end() {
    state = State.ENDED;
    vertx.cancelTimer(pingTimer);
    if (pongTimer >= 0) {
      vertx.cancelTimer(pongTimer);
    }
    new java.util.ArrayList<>(switchboards.values()).forEach(Switchboard::close);
    switchboards.clear();
    synced.tryFail(new MsnConnection.Gone("ended"));
    if (conn != null) {
      conn.close();
    }
  }

  /** Signs out ({@code OUT}) and closes, without reporting. */
  void close() {
    if (state == State.ENDED) {
      return;
    }
    if (conn != null && !conn.ended()) {
      conn.sendBare("OUT");
    }
    end();
  }

  // ---- switchboard events ----

  @Override
  public void message(String from, String text) {
    listener.message(from, text);
  }

  @Override
  public void typing(String from) {
    listener.typing(from);
  }

  @Override
  public void closed(Switchboard switchboard) {
    switchboards.remove(switchboard.peer(), switchboard);
  }

  // ---- commands ----

  private MsnConnection onlineConn() {
    if (state != State.ONLINE) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return conn;
  }

  Future<Void> sendMessage(String to, String text) {
    onlineConn();
    return switchboard(to).send(text);
  }

  Future<Void> sendTyping(String to, String typingState) {
    onlineConn();
    Switchboard sb = switchboards.get(to);
    // A typing notification opens no conversation; it goes where one is open.
    if (sb != null && "composing".equals(typingState)) {
      sb.typing();
    }
    return Future.succeededFuture();
  }

  /** The conversation's switchboard, opened on demand ({@code XFR SB}). */
  private Switchboard switchboard(String peer) {
    Switchboard sb = switchboards.get(peer);
    if (sb != null) {
      return sb;
    }
    if (switchboards.size() >= MAX_SWITCHBOARDS) {
      switchboards.values().iterator().next().close();
    }
    Switchboard opened = new Switchboard(vertx, request.email(), peer, this, context, config.switchboardIdleSeconds() * 1000L);
    switchboards.put(peer, opened);
    // XFR trid SB host:port CKI auth
    Future<Switchboard.Opened> connecting = conn.request("XFR", Set.of("XFR"), "SB").compose(xfr -> {
      HostPort where = HostPort.parse(xfr.param(2));
      String auth = xfr.param(4);
      if (!"SB".equals(xfr.param(1)) || where == null || auth == null) {
        return Future.failedFuture(new MsnConnection.Gone("the server named no switchboard"));
      }
      return MsnConnection.open(vertx, client, where.host(), where.port(), opened, context, config.answerTimeoutSeconds() * 1000L)
          .map(c -> new Switchboard.Opened(c, auth));
    });
    opened.call(connecting, config.answerTimeoutSeconds() * 1000L);
    return opened;
  }

  Future<Void> setPresence(OwnPresence presence) {
    own = presence;
    if (state != State.ONLINE) {
      return Future.succeededFuture();
    }
    return sendStatus(presence);
  }

  private Future<Void> sendStatus(OwnPresence presence) {
    Future<MsnLine> chg = version >= 8 ? conn.request("CHG", Set.of("CHG"), status(presence), "0")
        : conn.request("CHG", Set.of("CHG"), status(presence));
    return chg.<Void>mapEmpty().recover(e -> Future.failedFuture(refused("your status", e)));
  }

  Future<Void> addContact(String email, String name, String group) {
    MsnConnection c = onlineConn();
    Future<String> groupId;
    if (version < GROUPS_VERSION) {
      // No groups before MSNP7: the contact goes on the list without one, and the roster shows it so.
      groupId = Future.succeededFuture(null);
    } else if (group == null || group.isBlank()) {
      groupId = Future.succeededFuture("0");
    } else if (list.groupId(group) != null) {
      groupId = Future.succeededFuture(list.groupId(group));
    } else {
      // ADG trid name 0 -> ADG trid version name id 0
      groupId = c.request("ADG", Set.of("ADG"), Names.encode(group), "0").map(adg -> {
        list.group(adg.param(3), group);
        return adg.param(3);
      });
    }
    String friendly = Names.encode(name == null || name.isBlank() ? email : name);
    return groupId.compose(gid -> gid == null ? c.request("ADD", Set.of("ADD"), "FL", email, friendly)
            : c.request("ADD", Set.of("ADD"), "FL", email, friendly, gid))
        .recover(e -> isCode(e, 215) ? Future.succeededFuture(null) : Future.failedFuture(refused("adding " + email, e)))
        .compose(add -> {
          if (add != null) {
            // ADD trid FL version email friendly group
            list.put(email, Names.decode(add.param(4) == null ? email : add.param(4)), ContactList.FL, add.param(5));
            listener.contactUpdated(list.contact(list.get(email)));
          }
          // They may see the account too, unless it blocks them.
          return list.on(email, ContactList.AL | ContactList.BL) ? Future.succeededFuture() : putOn("AL", email);
        });
  }

  Future<Void> removeContact(String email) {
    MsnConnection c = onlineConn();
    if (!list.on(email, ContactList.FL)) {
      listener.contactRemoved(email);
      return Future.succeededFuture();
    }
    return c.request("REM", Set.of("REM"), "FL", email)
        .recover(e -> isCode(e, 216) ? Future.succeededFuture(null) : Future.failedFuture(refused("removing " + email, e)))
        .map(rem -> {
          list.remove(email, ContactList.FL, null);
          listener.contactRemoved(email);
          return null;
        });
  }

  /** The answer to "added you": allowed (they see the account) or blocked. */
  Future<Void> answerRequest(String email, boolean approve) {
    onlineConn();
    String to = approve ? "AL" : "BL";
    String from = approve ? "BL" : "AL";
    Future<Void> off = list.on(email, ContactList.bit(from)) ? takeOff(from, email) : Future.succeededFuture();
    return off.compose(v -> putOn(to, email));
  }

  private Future<Void> putOn(String which, String email) {
    return conn.request("ADD", Set.of("ADD"), which, email, email)
        .onSuccess(add -> list.put(email, null, ContactList.bit(which), null))
        .<Void>mapEmpty()
        .recover(e -> isCode(e, 215) ? Future.succeededFuture() : Future.failedFuture(refused("the change of " + email, e)));
  }

  private Future<Void> takeOff(String which, String email) {
    return conn.request("REM", Set.of("REM"), which, email)
        .onSuccess(rem -> list.remove(email, ContactList.bit(which), null))
        .<Void>mapEmpty()
        .recover(e -> isCode(e, 216) ? Future.succeededFuture() : Future.failedFuture(refused("the change of " + email, e)));
  }

  private static boolean isCode(Throwable e, int code) {
    return e instanceof MsnConnection.ServerError s && s.code == code;
  }

  private static Throwable refused(String what, Throwable e) {
    if (e instanceof MsnConnection.ServerError s) {
      return FailureCode.IM_ERROR.exception(Failures.commandRefused(what, s.code));
    }
    if (e instanceof parley.contract.ParleyException) {
      return e;
    }
    return FailureCode.IM_ERROR.exception("The MSN server did not confirm " + what + " (" + e.getMessage() + ").");
  }

  /** host:port as the server names a server. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text == null ? -1 : text.lastIndexOf(':');
      if (colon <= 0) {
        return null;
      }
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        return port < 1 || port > 65535 ? null : new HostPort(text.substring(0, colon), port);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
