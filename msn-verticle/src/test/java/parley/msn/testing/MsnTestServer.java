package parley.msn.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.msn.wire.Digests;
import parley.msn.wire.Mime;
import parley.msn.wire.MsnFramer;
import parley.msn.wire.MsnLine;
import parley.msn.wire.Names;

/**
 * An MSN Messenger server for tests, written from the public MSNP documentation: a notification
 * server speaking MSNP2 to MSNP7 (MD5 sign-in, the old list format, groups from MSNP7) and MSNP8 and
 * MSNP9 (Passport TWN sign-in with a Passport 1.4 login service over HTTP, the SYN/LST/LSG lists),
 * each version's documented CVR, USR, ADD and XFR shapes, with the four lists, groups,
 * presence, "added you" notices, challenges ({@code CHL}/{@code QRY}) and {@code PNG}/{@code QNG};
 * and a switchboard server ({@code XFR SB}, {@code USR}, {@code CAL}, {@code RNG}/{@code ANS},
 * {@code JOI}/{@code BYE}, {@code MSG} with {@code ACK}/{@code NAK}). Misbehaves on demand: a
 * notification-server redirect, sign-ins refused with an error number, a message refused with
 * {@code NAK}, switchboards that drop, garbage, a server that stops answering,
 * a server that dies and comes back. Everything on 127.0.0.1, random ports, its own Vert.x.
 */
public final class MsnTestServer implements AutoCloseable {
  static final Logger log = LoggerFactory.getLogger(MsnTestServer.class);

  /** A message a switchboard carried: who to whom, its MIME headers and body. */
  public record Carried(String from, String to, Mime mime) {}

  static final int FL = 1;
  static final int AL = 2;
  static final int BL = 4;
  static final int RL = 8;

  private static final class Entry {
    String friendly;
    int lists;
    final Set<String> groups = new LinkedHashSet<>();
  }

  private static final class User {
    final String email;
    final String password;
    String friendly;
    final Map<String, Entry> lists = new LinkedHashMap<>();
    final Map<String, String> groups = new LinkedHashMap<>(Map.of("0", "Other Contacts"));
    int nextGroup = 1;
    int listVersion = 1;
    Ns online;
    String status;

    User(String email, String password) {
      this.email = email;
      this.password = password;
      this.friendly = email.substring(0, email.indexOf('@'));
    }

    Entry entry(String other) {
      return lists.computeIfAbsent(other, k -> new Entry());
    }

    boolean on(String other, int list) {
      Entry e = lists.get(other);
      return e != null && (e.lists & list) != 0;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, User> users = new HashMap<>();
  private final Set<String> versions = new LinkedHashSet<>(List.of("MSNP8", "MSNP7"));
  private final Map<String, String> tickets = new HashMap<>();
  private final Map<String, Sb> switchboards = new HashMap<>();
  private final List<Ns> nsConnections = new ArrayList<>();
  private final List<SbConn> sbConnections = new ArrayList<>();
  private final List<Carried> carried = new ArrayList<>();
  private NetServer ns;
  private NetServer ns2;
  private NetServer sb;
  private HttpServer passport;
  private HttpServer passportTls;
  private final io.vertx.core.net.SelfSignedCertificate certificate = io.vertx.core.net.SelfSignedCertificate.create("localhost");
  private int passportTlsPort;
  private int nsPort;
  private int ns2Port;
  private int sbPort;
  private int passportPort;
  private boolean redirectNext;
  private boolean nakNext;
  private int refusalCode;
  private int refusalsLeft;
  private int signInAttempts;
  private int signInsAtSecond;
  private boolean muted;
  private boolean challenge = true;
  private int challengesAnswered;
  private int pings;
  private int nextSession = 1000;

  public MsnTestServer start() {
    ns = await(vertx.createNetServer().connectHandler(s -> new Ns(s, false)).listen(nsPort, "127.0.0.1"));
    nsPort = ns.actualPort();
    ns2 = await(vertx.createNetServer().connectHandler(s -> new Ns(s, true)).listen(ns2Port, "127.0.0.1"));
    ns2Port = ns2.actualPort();
    sb = await(vertx.createNetServer().connectHandler(SbConn::new).listen(sbPort, "127.0.0.1"));
    sbPort = sb.actualPort();
    passport = await(vertx.createHttpServer().requestHandler(this::login).listen(passportPort, "127.0.0.1"));
    passportPort = passport.actualPort();
    passportTls = await(vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSsl(true)
        .setKeyCertOptions(certificate.keyCertOptions())).requestHandler(this::login).listen(passportTlsPort, "127.0.0.1"));
    passportTlsPort = passportTls.actualPort();
    return this;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return nsPort;
  }

  /** The Passport login URL of this server ({@code msn.loginUrl}). */
  public String loginUrl() {
    return "http://127.0.0.1:" + passportPort + "/login2.srf";
  }

  /** The same login service over HTTPS, with a self-signed certificate for "localhost" ({@link #certificatePath()}). */
  public String loginUrlHttps() {
    return "https://localhost:" + passportTlsPort + "/login2.srf";
  }

  /** The PEM file of the HTTPS login service's certificate ({@code msn.trustedCertificate}). */
  public String certificatePath() {
    return certificate.certificatePath();
  }

  @Override
  public void close() {
    kill();
    await(vertx.close());
  }

  // ---- set-up and misbehaviour ----

  public synchronized void addUser(String email, String password) {
    users.put(email, new User(email, password));
  }

  public synchronized void setFriendlyName(String email, String friendly) {
    users.get(email).friendly = friendly;
  }

  /**
   * The versions the notification server speaks from now on (MSNP2 to MSNP9; a connection keeps the one it chose), e.g.
   * only "MSNP2" (MD5 sign-in, no groups) or only "MSNP9" (Passport).
   */
  public synchronized void speak(String... versionNames) {
    versions.clear();
    versions.addAll(List.of(versionNames));
  }

  /** {@code owner} has {@code contact} on their forward list in {@code group} (made if new), and the contact has them on the reverse list. */
  public synchronized void storeContact(String owner, String contact, String group) {
    User u = users.get(owner);
    String gid = "0";
    if (group != null) {
      gid = u.groups.entrySet().stream().filter(g -> g.getValue().equals(group)).map(Map.Entry::getKey).findFirst().orElse(null);
      if (gid == null) {
        gid = String.valueOf(u.nextGroup++);
        u.groups.put(gid, group);
      }
    }
    User c = users.get(contact);
    Entry e = u.entry(contact);
    e.friendly = c == null ? contact : c.friendly;
    e.lists |= FL | AL;
    e.groups.add(gid);
    if (c != null) {
      Entry r = c.entry(owner);
      r.friendly = u.friendly;
      r.lists |= RL;
    }
  }

  /** Whether {@code owner} has {@code contact} on {@code list} ("FL", "AL", "BL", "RL"). */
  public synchronized boolean onList(String owner, String contact, String list) {
    return users.get(owner).on(contact, bit(list));
  }

  /** The next sign-in is sent on to a second notification server ({@code XFR NS}). */
  public synchronized void redirectNextSignIn() {
    redirectNext = true;
  }

  /** The next message a switchboard is asked to acknowledge is answered {@code NAK} and not delivered. */
  public synchronized void nakNextMessage() {
    nakNext = true;
  }

  /** The next {@code times} sign-ins ({@code USR … I}) are answered with error {@code code}, as a busy or refusing server does. */
  public synchronized void refuseSignIns(int code, int times) {
    refusalCode = code;
    refusalsLeft = times;
  }

  /** Sign-ins begun ({@code USR … I}) at either notification server. */
  public synchronized int signInAttempts() {
    return signInAttempts;
  }

  /** Sign-ins completed at the second notification server (the redirect's target). */
  public synchronized int signInsAtSecondServer() {
    return signInsAtSecond;
  }

  public synchronized int challengesAnswered() {
    return challengesAnswered;
  }

  public synchronized int pings() {
    return pings;
  }

  /** From now on the servers read but answer nothing (a hung server); {@code false} ends it. */
  public synchronized void stopAnswering(boolean stop) {
    muted = stop;
  }

  /** Sends {@code email}'s notification-server connection bytes that are not MSNP. */
  public synchronized void sendGarbage(String email) {
    User u = users.get(email);
    if (u.online != null) {
      u.online.socket.write(Buffer.buffer(new byte[] {0, 1, 2, (byte) 0xff, '\r', '\n'}));
    }
  }

  /** Closes every switchboard connection, as a switchboard server that fails does. */
  public synchronized void dropSwitchboards() {
    new ArrayList<>(sbConnections).forEach(c -> c.socket.close());
  }

  /** Number of switchboard connections open now. */
  public synchronized int openSwitchboards() {
    return sbConnections.size();
  }

  /** The server dies: every connection closed, nothing listening, until {@link #restart()}. */
  public void kill() {
    synchronized (this) {
      new ArrayList<>(nsConnections).forEach(c -> c.socket.close());
      new ArrayList<>(sbConnections).forEach(c -> c.socket.close());
    }
    for (Object server : new Object[] {ns, ns2, sb}) {
      if (server instanceof NetServer n) {
        await(n.close());
      }
    }
    if (passport != null) {
      await(passport.close());
      await(passportTls.close());
    }
    ns = ns2 = sb = null;
    passport = null;
    passportTls = null;
  }

  /** Listens again on the same ports, with the same accounts. */
  public MsnTestServer restart() {
    return start();
  }

  public synchronized List<Carried> carried() {
    return List.copyOf(carried);
  }

  public synchronized boolean isOnline(String email) {
    User u = users.get(email);
    return u != null && u.online != null && u.status != null;
  }

  // ---- Passport 1.4 ----

  private void login(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    Map<String, String> fields = new HashMap<>();
    if (authorization != null && authorization.startsWith("Passport1.4 ")) {
      for (String part : authorization.substring("Passport1.4 ".length()).split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          fields.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String email = fields.getOrDefault("sign-in", "").toLowerCase(Locale.ROOT);
    String ticket;
    synchronized (this) {
      User u = users.get(email);
      if (u == null || !u.password.equals(fields.get("pwd")) || fields.get("lc") == null) {
        request.response().setStatusCode(401)
            .putHeader("WWW-Authenticate", "Passport1.4 da-status=failed,srealm=Passport.NET,ts=-3,prompt,cburl=,cbtxt=")
            .end();
        return;
      }
      ticket = "t=" + Long.toHexString(random.nextLong()) + "&p=" + Long.toHexString(random.nextLong());
      tickets.put(ticket, email);
    }
    request.response().putHeader("Authentication-Info", "Passport1.4 da-status=success,tname=MSPAuth,tname=MSPProf,"
        + "tname=MSPSec,from-PP='" + ticket + "',ru=http://messenger.msn.com").end();
  }

  // ---- the notification server ----

  private final class Ns {
    final NetSocket socket;
    final boolean second;
    String version;
    /** The chosen version's number (2 for MSNP2), 0 before VER. */
    int n;
    User user;
    String pendingEmail;
    String md5Challenge;
    String chl;

    Ns(NetSocket socket, boolean second) {
      this.socket = socket;
      this.second = second;
      synchronized (MsnTestServer.this) {
        nsConnections.add(this);
      }
      MsnFramer framer = new MsnFramer(MsnFramer.FROM_CLIENT, this::command, e -> socket.close());
      socket.handler(framer);
      socket.closeHandler(v -> gone());
    }

    void send(String line) {
      socket.write(line + "\r\n");
    }

    void command(MsnLine line) {
      synchronized (MsnTestServer.this) {
        if (muted) {
          return;
        }
        try {
          handle(line);
        } catch (RuntimeException e) {
          log.info("test NS: {} on {}", e.toString(), line);
          send("200 " + line.param(0));
        }
      }
    }

    void handle(MsnLine line) {
      String tr = line.param(0);
      switch (line.command()) {
        case "VER" -> {
          version = line.params().subList(1, line.params().size()).stream().filter(versions::contains).findFirst().orElse(null);
          if (version == null) {
            send("VER " + tr + " 0");
            socket.close();
          } else {
            n = Integer.parseInt(version.substring("MSNP".length()));
            send("VER " + tr + " " + version + " CVR0");
          }
        }
        case "CVR" -> {
          // The documented request: locale, OS type and version, CPU, library, client version; then the client's
          // code base (MSNP4 and later) and the account (MSNP8 and later).
          if (line.params().size() - 1 != (n >= 8 ? 8 : n >= 4 ? 7 : 6)) {
            send("201 " + tr);
          } else {
            send("CVR " + tr + " 6.0.0602 6.0.0602 6.0.0602 http://download.example/msn.exe http://messenger.example");
          }
        }
        case "USR" -> usr(line);
        case "SYN" -> syn(tr);
        case "CHG" -> chg(tr, line.param(1), line.param(2));
        case "REA" -> rea(tr, line.param(1), line.param(2));
        case "ADD" -> add(tr, line.param(1), line.param(2), line.param(3), line.param(4));
        case "REM" -> rem(tr, line.param(1), line.param(2));
        case "ADG" -> {
          if (n < 7) {
            // Groups came with MSNP7.
            send("200 " + tr);
            return;
          }
          String gid = String.valueOf(user.nextGroup++);
          user.groups.put(gid, Names.decode(line.param(1)));
          send("ADG " + tr + " " + ++user.listVersion + " " + line.param(1) + " " + gid + " 0");
        }
        case "XFR" -> {
          String auth = nextSession++ + "." + Long.toUnsignedString(random.nextLong());
          switchboards.put(auth, new Sb());
          send("XFR " + tr + " SB 127.0.0.1:" + sbPort + " CKI " + auth);
        }
        case "PNG" -> {
          pings++;
          // MSNP9 names the seconds until the next ping is due.
          send(n >= 9 ? "QNG 50" : "QNG");
        }
        case "QRY" -> {
          String answer = line.payload().toString(StandardCharsets.US_ASCII);
          if (chl != null && Digests.CLIENT_ID.equals(line.param(1)) && answer.equals(Digests.challenge(chl))) {
            challengesAnswered++;
            send("QRY " + tr);
          } else {
            send("540 " + tr);
            socket.close();
          }
        }
        case "OUT" -> socket.close();
        default -> send("200 " + tr);
      }
    }

    void usr(MsnLine line) {
      String tr = line.param(0);
      String method = line.param(1);
      boolean twn = n >= 8;
      if (!(twn ? "TWN" : "MD5").equals(method)) {
        send("911 " + tr);
        socket.close();
        return;
      }
      if ("I".equals(line.param(2))) {
        signInAttempts++;
        if (refusalsLeft > 0) {
          refusalsLeft--;
          send(refusalCode + " " + tr);
          return;
        }
        if (redirectNext && !second) {
          redirectNext = false;
          // MSNP3 added a 0, MSNP7 the server that sends the client on.
          send("XFR " + tr + " NS 127.0.0.1:" + ns2Port + (n >= 3 ? " 0" : "") + (n >= 7 ? " 127.0.0.1:" + nsPort : ""));
          // As the real dispatch server does: the client goes on alone.
          socket.end();
          return;
        }
        pendingEmail = line.param(3) == null ? "" : line.param(3).toLowerCase(Locale.ROOT);
        if (twn) {
          send("USR " + tr + " TWN S lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct="
              + System.currentTimeMillis() / 1000 + ",kpp=1,kv=5,ver=2.1.0173.1,tpf=" + Long.toHexString(random.nextLong()));
        } else {
          md5Challenge = (1000000000L + random.nextInt(999999999)) + "." + (100000000 + random.nextInt(899999999));
          send("USR " + tr + " MD5 S " + md5Challenge);
        }
        return;
      }
      User u = users.get(pendingEmail);
      boolean ok;
      if (twn) {
        ok = u != null && pendingEmail.equals(tickets.remove(line.param(3)));
      } else {
        ok = u != null && md5Challenge != null && Digests.md5Login(md5Challenge, u.password).equals(line.param(3));
      }
      if (!ok) {
        send("911 " + tr);
        socket.close();
        return;
      }
      if (u.online != null && u.online != this) {
        u.online.send("OUT OTH");
        u.online.socket.close();
        u.online = null;
        u.status = null;
      }
      user = u;
      u.online = this;
      if (second) {
        signInsAtSecond++;
      }
      // MSNP6 added the "verified" bit, MSNP8 one more 0.
      send("USR " + tr + " OK " + u.email + " " + Names.encode(u.friendly) + (twn ? " 1 0" : n >= 6 ? " 1" : ""));
      // Challenges came with MSNP6.
      if (challenge && n >= 6) {
        chl = String.valueOf(Math.abs(random.nextLong()) % 100000000000000000L + 10000000000000000L);
        send("CHL 0 " + chl);
      }
    }

    void syn(String tr) {
      String v = String.valueOf(user.listVersion);
      if (n >= 8) {
        send("SYN " + tr + " " + v + " " + user.lists.size() + " " + user.groups.size());
        send("GTC A");
        send("BLP AL");
        user.groups.forEach((id, name) -> send("LSG " + id + " " + Names.encode(name) + " 0"));
        user.lists.forEach((email, e) -> send("LST " + email + " " + Names.encode(e.friendly == null ? email : e.friendly) + " "
            + e.lists + ((e.lists & FL) != 0 ? " " + String.join(",", e.groups) : "")));
        return;
      }
      send("SYN " + tr + " " + v);
      send("GTC " + tr + " " + v + " A");
      send("BLP " + tr + " " + v + " AL");
      int gi = 0;
      // Before MSNP7 there are no groups: no LSG, and no group on a forward-list entry.
      for (Map.Entry<String, String> g : n >= 7 ? user.groups.entrySet() : Set.<Map.Entry<String, String>>of()) {
        send("LSG " + tr + " " + v + " " + ++gi + " " + user.groups.size() + " " + g.getKey() + " " + Names.encode(g.getValue()) + " 0");
      }
      for (String list : List.of("FL", "AL", "BL", "RL")) {
        int b = bit(list);
        List<Map.Entry<String, Entry>> on = user.lists.entrySet().stream().filter(x -> (x.getValue().lists & b) != 0).toList();
        if (on.isEmpty()) {
          send("LST " + tr + " " + list + " " + v + " 0 0");
        }
        int i = 0;
        for (Map.Entry<String, Entry> x : on) {
          send("LST " + tr + " " + list + " " + v + " " + ++i + " " + on.size() + " " + x.getKey() + " "
              + Names.encode(x.getValue().friendly == null ? x.getKey() : x.getValue().friendly)
              + (b == FL && n >= 7 ? " " + x.getValue().groups.iterator().next() : ""));
        }
      }
    }

    void chg(String tr, String status, String clientId) {
      boolean first = user.status == null;
      user.status = status;
      send("CHG " + tr + " " + status + (clientId != null ? " " + clientId : ""));
      if (first) {
        for (Map.Entry<String, Entry> x : user.lists.entrySet()) {
          User c = users.get(x.getKey());
          if ((x.getValue().lists & FL) != 0 && c != null && c.online != null && c.status != null && !"HDN".equals(c.status)
              && !c.on(user.email, BL)) {
            send("ILN " + tr + " " + c.status + " " + c.email + " " + Names.encode(c.friendly) + (isEight() ? " 0" : ""));
          }
        }
      }
      tellWatchers(user);
    }

    /** REA trid email friendly: a new friendly name, told to everyone watching. */
    void rea(String tr, String email, String friendly) {
      if (friendly == null || !user.email.equalsIgnoreCase(email)) {
        send("201 " + tr);
        return;
      }
      user.friendly = Names.decode(friendly);
      send("REA " + tr + " " + ++user.listVersion + " " + user.email + " " + Names.encode(user.friendly));
      tellWatchers(user);
    }

    boolean isEight() {
      return n >= 8;
    }

    void add(String tr, String list, String email, String friendly, String group) {
      int b = bit(list);
      if (b == 0 || email == null || !Names.email(email)) {
        send("201 " + tr);
        return;
      }
      email = email.toLowerCase(Locale.ROOT);
      User c = users.get(email);
      if (b == FL && c == null) {
        send("205 " + tr);
        return;
      }
      if (user.on(email, b)) {
        send("215 " + tr);
        return;
      }
      if ((b == AL && user.on(email, BL)) || (b == BL && user.on(email, AL))) {
        send("219 " + tr);
        return;
      }
      if (n < 7 && group != null) {
        // ADD trid list email friendly: a group parameter came with MSNP7.
        send("201 " + tr);
        return;
      }
      Entry e = user.entry(email);
      e.lists |= b;
      e.friendly = Names.decode(friendly == null ? email : friendly);
      String gid = group == null ? "0" : group;
      if (b == FL) {
        e.groups.add(gid);
      }
      send("ADD " + tr + " " + list + " " + ++user.listVersion + " " + email + " " + Names.encode(e.friendly)
          + (b == FL && n >= 7 ? " " + gid : ""));
      if (b == FL) {
        Entry r = c.entry(user.email);
        boolean had = (r.lists & RL) != 0;
        r.lists |= RL;
        r.friendly = user.friendly;
        if (!had && c.online != null) {
          c.online.send("ADD 0 RL " + ++c.listVersion + " " + user.email + " " + Names.encode(user.friendly));
        }
        if (c.online != null && c.status != null && !"HDN".equals(c.status)) {
          send("NLN " + c.status + " " + c.email + " " + Names.encode(c.friendly) + (isEight() ? " 0" : ""));
        }
      }
      if (b == AL || b == BL) {
        tellWatcher(user, c);
      }
    }

    void rem(String tr, String list, String email) {
      int b = bit(list);
      if (b == 0 || email == null) {
        send("201 " + tr);
        return;
      }
      email = email.toLowerCase(Locale.ROOT);
      if (!user.on(email, b)) {
        send("216 " + tr);
        return;
      }
      Entry e = user.entry(email);
      e.lists &= ~b;
      if (b == FL) {
        e.groups.clear();
      }
      send("REM " + tr + " " + list + " " + ++user.listVersion + " " + email);
      User c = users.get(email);
      if (b == FL && c != null) {
        c.entry(user.email).lists &= ~RL;
        if (c.online != null) {
          c.online.send("REM 0 RL " + ++c.listVersion + " " + user.email);
        }
      }
    }

    void gone() {
      synchronized (MsnTestServer.this) {
        nsConnections.remove(this);
        if (user != null && user.online == this) {
          user.online = null;
          user.status = null;
          tellWatchers(user);
        }
      }
    }
  }

  /** Tells everyone watching {@code u} (having them on their forward list) its status now. */
  private void tellWatchers(User u) {
    for (User w : users.values()) {
      tellWatcher(u, w);
    }
  }

  private void tellWatcher(User u, User w) {
    if (w == null || w == u || w.online == null || w.status == null || !w.on(u.email, FL)) {
      return;
    }
    boolean eight = w.online.isEight();
    if (u.online == null || u.status == null || "HDN".equals(u.status) || u.on(w.email, BL)) {
      w.online.send("FLN " + u.email);
    } else {
      w.online.send("NLN " + u.status + " " + u.email + " " + Names.encode(u.friendly) + (eight ? " 0" : ""));
    }
  }

  // ---- the switchboard server ----

  /** One switchboard session: who is in it. */
  private final class Sb {
    final String id = String.valueOf(nextSession++);
    final List<SbConn> in = new ArrayList<>();
    /** Invitations by auth: who may answer. */
    final Map<String, String> invited = new HashMap<>();
  }

  private final class SbConn {
    final NetSocket socket;
    Sb session;
    User user;

    SbConn(NetSocket socket) {
      this.socket = socket;
      synchronized (MsnTestServer.this) {
        sbConnections.add(this);
      }
      MsnFramer framer = new MsnFramer(MsnFramer.FROM_CLIENT, this::command, e -> socket.close());
      socket.handler(framer);
      socket.closeHandler(v -> gone());
    }

    void send(String line) {
      socket.write(line + "\r\n");
    }

    void command(MsnLine line) {
      synchronized (MsnTestServer.this) {
        if (muted) {
          return;
        }
        handle(line);
      }
    }

    void handle(MsnLine line) {
      String tr = line.param(0);
      switch (line.command()) {
        case "USR" -> {
          Sb s = switchboards.remove(line.param(2));
          User u = line.param(1) == null ? null : users.get(line.param(1).toLowerCase(Locale.ROOT));
          if (s == null || u == null || u.online == null) {
            send("911 " + tr);
            socket.close();
            return;
          }
          session = s;
          user = u;
          s.in.add(this);
          send("USR " + tr + " OK " + u.email + " " + Names.encode(u.friendly));
        }
        case "ANS" -> {
          // ANS trid email auth sessionId
          Sb s = null;
          for (Sb open : openSessions()) {
            if (open.id.equals(line.param(3)) && line.param(1) != null
                && line.param(1).toLowerCase(Locale.ROOT).equals(open.invited.get(line.param(2)))) {
              s = open;
            }
          }
          if (s == null) {
            send("911 " + tr);
            socket.close();
            return;
          }
          session = s;
          user = users.get(line.param(1).toLowerCase(Locale.ROOT));
          int i = 0;
          for (SbConn other : s.in) {
            send("IRO " + tr + " " + ++i + " " + s.in.size() + " " + other.user.email + " " + Names.encode(other.user.friendly));
          }
          for (SbConn other : s.in) {
            other.send("JOI " + user.email + " " + Names.encode(user.friendly));
          }
          s.in.add(this);
          send("ANS " + tr + " OK");
        }
        case "CAL" -> {
          User callee = line.param(1) == null ? null : users.get(line.param(1).toLowerCase(Locale.ROOT));
          if (session == null) {
            send("302 " + tr);
            return;
          }
          if (callee == null || callee.online == null || callee.status == null || "HDN".equals(callee.status)) {
            send("217 " + tr);
            return;
          }
          String auth = nextSession++ + "." + Long.toUnsignedString(random.nextLong());
          session.invited.put(auth, callee.email);
          send("CAL " + tr + " RINGING " + session.id);
          callee.online.send("RNG " + session.id + " 127.0.0.1:" + sbPort + " CKI " + auth + " " + user.email + " "
              + Names.encode(user.friendly));
        }
        case "MSG" -> {
          if (session == null || line.payload() == null) {
            socket.close();
            return;
          }
          if (line.payload().length() > 1664) {
            socket.close();
            return;
          }
          String mode = line.param(1);
          if (nakNext && "A".equals(mode)) {
            nakNext = false;
            send("NAK " + tr);
            return;
          }
          Mime mime = Mime.parse(line.payload());
          int delivered = 0;
          for (SbConn other : session.in) {
            if (other != this) {
              other.socket.write("MSG " + user.email + " " + Names.encode(user.friendly) + " " + line.payload().length() + "\r\n");
              other.socket.write(line.payload());
              carried.add(new Carried(user.email, other.user.email, mime));
              delivered++;
            }
          }
          if ("A".equals(mode) || "N".equals(mode)) {
            if (delivered == 0) {
              send("NAK " + tr);
            } else if ("A".equals(mode)) {
              send("ACK " + tr);
            }
          }
        }
        case "OUT" -> socket.close();
        default -> send("200 " + tr);
      }
    }

    void gone() {
      synchronized (MsnTestServer.this) {
        sbConnections.remove(this);
        if (session != null && session.in.remove(this) && user != null) {
          for (SbConn other : session.in) {
            other.send("BYE " + user.email);
          }
        }
      }
    }
  }

  private List<Sb> openSessions() {
    List<Sb> out = new ArrayList<>();
    for (SbConn c : sbConnections) {
      if (c.session != null && !out.contains(c.session)) {
        out.add(c.session);
      }
    }
    return out;
  }

  static int bit(String list) {
    return switch (list == null ? "" : list) {
      case "FL" -> FL;
      case "AL" -> AL;
      case "BL" -> BL;
      case "RL" -> RL;
      default -> 0;
    };
  }

  static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
