package parley.xmpp.client;

import com.ongres.scram.common.exception.ScramException;
import com.ongres.scram.common.util.TlsServerEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.xmpp.SaltedPasswords;
import parley.xmpp.client.XmppClientException.Reason;
import parley.xmpp.stream.Element;
import parley.xmpp.stream.StreamHeader;
import parley.xmpp.stream.XmlStreamException;
import parley.xmpp.stream.XmlStreamParser;
import parley.xmpp.stream.XmlWriter;

/**
 * One XMPP client connection on the Vert.x {@link NetClient}: connect, STARTTLS, SASL (SCRAM,
 * PLAIN only inside TLS), resource binding, then stanzas both ways. Runs entirely on the context
 * that created it (an event loop): no thread of its own, no blocking call; the only worker hop is
 * the derivation of a SCRAM salted password that is not kept yet.
 *
 * <p>It answers what the server asks of any client (XEP-0199 pings, service discovery, roster push
 * acknowledgements, {@code service-unavailable} for the rest), pings an idle server itself, and
 * hands messages, presences and roster pushes to its {@link Listener}.
 *
 * <p>Stream management (XEP-0198), when the server offers it: after binding the client enables it
 * with resumption, answers the server's {@code <r/>} with the count of stanzas it handled, keeps
 * its own stanzas until the server acknowledges them ({@link #sendAcked}), and can be
 * {@linkplain #resume resumed} on a new connection with the {@link StreamManagement} of a lost one.
 *
 * <p>Memory per idle connection: the socket, the parser, a few fields; no buffer of its own.
 */
public final class XmppClient implements XmlStreamParser.Handler {
  private static final Logger log = LoggerFactory.getLogger(XmppClient.class);
  private static final String CB_TYPE = TlsServerEndpoint.TLS_SERVER_END_POINT;

  /** What the connection reports, on its context. */
  public interface Listener {
    /** A message, a presence, or a roster or blocklist push ({@code iq} of type set, already acknowledged). */
    void stanza(Element stanza);

    /**
     * The connection ended after it was online; not called when {@link #connect()} fails or after
     * {@link #close()}. If {@link #streamManagement()} is resumable, whoever waits for an
     * acknowledgement in it still waits: resume it, or fail it ({@link StreamManagement#failAll}).
     */
    void closed(XmppClientException why);
  }

  private record Pending(Promise<Element> promise, String to, long timer) {}

  private final Vertx vertx;
  /** The event-loop thread of the context that created this client: the only one that may touch it. */
  private final Thread eventLoop;
  private final NetClient net;
  private final XmppClientOptions options;
  private final SaltedPasswords salted;
  private final Listener listener;
  private final XmlStreamParser parser;

  private ClientState state = ClientState.IDLE;
  private NetSocket socket;
  private Promise<Void> login;
  private Promise<Void> closing;
  private StreamHeader header;
  private ScramExchange scram;
  private Element features;
  private String boundJid;
  private Map<String, Pending> pending;
  private int nextId;
  private long loginTimer = -1;
  private long pingTimer = -1;
  /** Runs while an acknowledgement we asked for is due. */
  private long ackTimer = -1;
  /** Ends a close the server does not answer; cancelled when it does, so a closed client is freed at once. */
  private long closeTimer = -1;
  /** Runs while the socket's write queue is full: a server that does not read again by then is hung. */
  private long stallTimer = -1;
  private long lastReceived;
  private Throwable socketError;
  /** XEP-0198 of this stream, once enabled; null without. */
  private StreamManagement sm;
  /** The stream to resume instead of binding, while logging in with {@link #resume}. */
  private StreamManagement resuming;
  private boolean resumed;
  /** Whether this connection goes to the server's resumption location rather than the usual endpoint. */
  private boolean atLocation;
  /** The SASL mechanism of the last login, and its GS2 channel-binding flag ('n', 'y' or 'p'; 0 without SCRAM). */
  private String saslMechanism;
  private char channelBindingFlag;
  /** Acks are requested after each message, and after this many other stanzas at the latest. */
  private static final int ACK_EVERY = 10;

  public XmppClient(Vertx vertx, NetClient net, XmppClientOptions options, SaltedPasswords salted, Listener listener) {
    this.vertx = vertx;
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("An XmppClient is made on an event loop, and used there only");
    }
    this.eventLoop = Thread.currentThread();
    this.net = net;
    this.options = options;
    this.salted = salted;
    this.listener = listener;
    this.parser = new XmlStreamParser(this, options.maxStanzaBytes(), XmlStreamParser.DEFAULT_MAX_DEPTH);
  }

  public ClientState state() {
    return state;
  }

  /** The full JID the server bound, once online. */
  public String boundJid() {
    return boundJid;
  }

  /** The id of the server's current stream (for logs; later for resumption). */
  public String streamId() {
    return header == null ? null : header.id();
  }

  /** The SASL mechanism this connection logged in with (e.g. SCRAM-SHA-256), or null before. */
  public String saslMechanism() {
    return saslMechanism;
  }

  /**
   * The channel-binding flag of its SCRAM login (RFC 5802 7): 'p' bound to the TLS channel, 'y' able
   * to bind but the server offered no -PLUS, 'n' not bound; 0 before a SCRAM login.
   */
  public char channelBindingFlag() {
    return channelBindingFlag;
  }

  /** Whether the connection is encrypted. */
  public boolean secure() {
    return socket != null && socket.isSsl();
  }

  // ---- logging in ----

  /**
   * Connects, logs in and resumes {@code previous} (a stream of a lost connection) instead of
   * binding a new resource; completes once online. {@link #resumed()} then says whether the server
   * resumed it (what it had not acknowledged is sent again) or refused (a new session is bound, and
   * whoever waited for an acknowledgement in {@code previous} fails with NOT_CONNECTED, condition
   * {@code unacknowledged}). Until online, and after a failed login, {@link #send} adds to
   * {@code previous}'s queue. If the login fails, {@code previous} is left as it was, for another attempt.
   */
  public Future<Void> resume(StreamManagement previous) {
    checkContext();
    resuming = previous;
    return connect();
  }

  /** Whether this connection resumed the stream given to {@link #resume}. */
  public boolean resumed() {
    return resumed;
  }

  /** This stream's management once enabled (or resumed), or null: what a next connection resumes. */
  public StreamManagement streamManagement() {
    return sm;
  }

  /**
   * Connects and logs in; completes once bound, or fails with an {@link XmppClientException}. A
   * stream being resumed is resumed where the server asked ({@code location}), if it can be reached
   * there; else at the usual endpoint.
   */
  public Future<Void> connect() {
    checkContext();
    moveTo(ClientState.CONNECTING);
    login = Promise.promise();
    resetLoginTimer();
    open(resuming == null ? null : Location.parse(resuming.location(), options.port()));
    return login.future();
  }

  /** Opens the TCP connection: to {@code at} (a resumption location; half the timeout) or the usual endpoint. */
  private void open(Location at) {
    atLocation = at != null;
    ConnectOptions to = at == null
        ? new ConnectOptions().setHost(options.host()).setPort(options.port()).setTimeout(options.timeoutMillis())
        : new ConnectOptions().setHost(at.host()).setPort(at.port()).setTimeout(Math.max(1, options.timeoutMillis() / 2));
    net.connect(to)
        .onComplete(ar -> {
          if (state != ClientState.CONNECTING) {
            if (ar.succeeded()) {
              ar.result().close();
            }
          } else if (ar.failed() && at != null) {
            log.debug("{}: resumption location {} unreachable ({}); the usual endpoint", options, at, ar.cause().toString());
            resetLoginTimer();
            open(null);
          } else if (ar.failed()) {
            fail(unreachable(ar.cause()));
          } else {
            socket = ar.result();
            socket.setWriteQueueMaxSize(options.maxQueuedBytes());
            socket.drainHandler(v -> drained());
            socket.handler(this::received);
            socket.exceptionHandler(e -> socketError = e);
            socket.closeHandler(v -> socketClosed());
            openStream();
          }
        });
  }

  private void openStream() {
    moveTo(ClientState.OPENING);
    features = null;
    socket.write(XmlWriter.streamOpen(options.domain(), "en"));
  }

  private void onFeatures(Element f) {
    features = f;
    boolean secure = socket.isSsl();
    Element mechanisms = f.child("mechanisms", Ns.SASL);
    if (!secure && f.child("starttls", Ns.TLS) != null) {
      moveTo(ClientState.STARTING_TLS);
      write(Element.builder("starttls", Ns.TLS).build());
    } else if (!secure && (options.tlsRequired() || atLocation)) {
      // A location is only taken from an encrypted stream, and only with TLS (checked against the domain).
      fail(new XmppClientException(Reason.TLS_NOT_OFFERED, null, "The server offers no STARTTLS"));
    } else if (mechanisms != null) {
      authenticate(mechanisms, f.child("sasl-channel-binding", Ns.SASL_CB), secure);
    } else if (resuming != null && f.child("sm", Ns.SM) != null) {
      moveTo(ClientState.RESUMING);
      write(Element.builder("resume", Ns.SM).attribute("previd", resuming.id())
          .attribute("h", Long.toString(resuming.inbound())).build());
    } else if (f.child("bind", Ns.BIND) != null) {
      if (resuming != null) {
        resumeRefused(null, "The server no longer offers stream management");
        return;
      }
      bind();
    } else {
      fail(new XmppClientException(Reason.BAD_STREAM, null, "The server offers neither a login nor resource binding"));
    }
  }

  private void startTls() {
    parser.restart();
    ClientSSLOptions ssl = tlsOptions(options.trustManager(), options.timeoutMillis());
    socket.upgradeToSsl(ssl, options.domain()).onComplete(ar -> {
      if (state != ClientState.STARTING_TLS) {
        return;
      }
      if (ar.failed()) {
        fail(tlsFailure(ar.cause()));
      } else {
        openStream();
      }
    });
  }

  /**
   * The same options object for every connection with the same trust and timeout, so that Vert.x
   * builds one TLS context for them all instead of one per login.
   */
  private static ClientSSLOptions tlsOptions(X509TrustManager trust, int timeoutMillis) {
    return TLS_OPTIONS.computeIfAbsent(new TlsKey(trust, timeoutMillis), key -> {
      ClientSSLOptions ssl = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS")
          .setSslHandshakeTimeout(timeoutMillis).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
      if (trust != null) {
        ssl.setTrustOptions(TrustOptions.wrap(trust));
      }
      return ssl;
    });
  }

  private record TlsKey(X509TrustManager trust, int timeoutMillis) {}

  private static final Map<TlsKey, ClientSSLOptions> TLS_OPTIONS = new ConcurrentHashMap<>();

  private void authenticate(Element mechanisms, Element channelBindings, boolean secure) {
    List<String> offered = new ArrayList<>();
    for (Element m : mechanisms.children("mechanism", Ns.SASL)) {
      offered.add(m.text().trim());
    }
    List<String> scramOffered = offered.stream().filter(ScramExchange::supports).toList();
    moveTo(ClientState.AUTHENTICATING);
    if (!scramOffered.isEmpty()) {
      byte[] cbData = secure && givesBindingData(offered, channelBindings) ? endPointBinding() : null;
      try {
        scram = new ScramExchange(vertx, salted, "xmpp:" + options.domain(), options.username(), options.password(),
            scramOffered, cbData == null ? null : CB_TYPE, cbData);
      } catch (RuntimeException e) {
        fail(new XmppClientException(Reason.AUTH_FAILED, "bad-password", "SCRAM refused the password: " + e.getMessage()));
        return;
      }
      saslMechanism = scram.mechanism();
      channelBindingFlag = scram.clientFirst().charAt(0);
      write(Element.builder("auth", Ns.SASL).attribute("mechanism", scram.mechanism()).text(base64(scram.clientFirst())).build());
    } else if (offered.contains("PLAIN") && secure) {
      saslMechanism = "PLAIN";
      write(Element.builder("auth", Ns.SASL).attribute("mechanism", "PLAIN")
          .text(base64("\0" + options.username() + "\0" + options.password())).build());
    } else {
      fail(new XmppClientException(Reason.AUTH_FAILED, "no-usable-mechanism",
          "No SASL mechanism usable " + (secure ? "" : "without TLS ") + "among " + offered));
    }
  }

  /**
   * Whether a client on TLS hands SCRAM its channel-binding data (RFC 5802 6): then it says 'p' with a
   * -PLUS mechanism it can do, bound to a type the server lists, or 'y' (we could bind) when the server
   * offers no -PLUS at all. Otherwise 'n': the server offers -PLUS only with a type or hash we cannot do
   * (tls-unique, SHA-512); a 'y' there would read as a downgrade and fail.
   */
  static boolean givesBindingData(List<String> offered, Element channelBindings) {
    boolean plusOffered = offered.stream().anyMatch(m -> m.startsWith("SCRAM-") && m.endsWith("-PLUS"));
    boolean plusUsable = offered.stream().anyMatch(m -> m.endsWith("-PLUS") && ScramExchange.supports(m))
        && offersEndPointBinding(channelBindings);
    return !plusOffered || plusUsable;
  }

  /** XEP-0440: use -PLUS only with a channel-binding type the server says it supports. */
  private static boolean offersEndPointBinding(Element channelBindings) {
    if (channelBindings == null) {
      return false;
    }
    for (Element type : channelBindings.children("channel-binding", Ns.SASL_CB)) {
      if (CB_TYPE.equals(type.attribute("type"))) {
        return true;
      }
    }
    return false;
  }

  private byte[] endPointBinding() {
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain.isEmpty() || !(chain.get(0) instanceof X509Certificate cert) ? null
          : TlsServerEndpoint.getChannelBindingData(cert);
    } catch (Exception e) {
      log.debug("No tls-server-end-point channel binding: {}", e.toString());
      return null;
    }
  }

  private void onSasl(Element e) {
    switch (e.name()) {
      case "challenge" -> {
        String challenge = unbase64(e.text());
        if (scram == null || challenge == null) {
          fail(new XmppClientException(Reason.AUTH_FAILED, "malformed-request", "Unexpected SASL challenge"));
        } else if (challenge.startsWith("v=")) {
          // Some servers send the server-final message as a challenge, then an empty success.
          if (verifyServer(challenge)) {
            write(Element.builder("response", Ns.SASL).build());
          }
        } else {
          scram.clientFinal(challenge).onComplete(ar -> {
            if (state != ClientState.AUTHENTICATING) {
              return;
            }
            if (ar.failed()) {
              fail(new XmppClientException(Reason.AUTH_FAILED, "scram", ar.cause().getMessage()));
            } else {
              write(Element.builder("response", Ns.SASL).text(base64(ar.result())).build());
            }
          });
        }
      }
      case "success" -> {
        String additional = unbase64(e.text());
        if (scram != null && additional != null && !additional.isEmpty() && !verifyServer(additional)) {
          return;
        }
        // RFC 6120 6.4.6: a new stream on the same connection.
        parser.restart();
        openStream();
      }
      case "failure" -> {
        if (scram != null) {
          scram.forget();
        }
        String condition = e.children().stream().filter(c -> !c.name().equals("text")).map(Element::name)
            .findFirst().orElse(null);
        fail(new XmppClientException(Reason.AUTH_FAILED, condition, "SASL failure " + condition + " " + e.childText("text")));
      }
      default -> log.debug("Ignored during SASL: {}", e.name());
    }
  }

  private boolean verifyServer(String serverFinal) {
    try {
      scram.verify(serverFinal);
      return true;
    } catch (ScramException e) {
      fail(new XmppClientException(Reason.AUTH_FAILED, "server-signature",
          "The server's SCRAM signature is wrong: " + e.getMessage()));
      return false;
    }
  }

  private void bind() {
    moveTo(ClientState.BINDING);
    Element bind = Element.builder("bind", Ns.BIND).textChild("resource", options.resource()).build();
    request(Stanzas.iq("set", null, bind)).onComplete(ar -> {
      if (state != ClientState.BINDING) {
        return;
      }
      Element jid = ar.succeeded() && ar.result().child("bind", Ns.BIND) != null
          ? ar.result().child("bind", Ns.BIND).child("jid") : null;
      if (jid == null) {
        fail(new XmppClientException(Reason.BIND_FAILED, condition(ar.cause()), "Resource binding failed"));
        return;
      }
      boundJid = jid.text().trim();
      Element session = features.child("session", Ns.SESSION);
      if (session != null && session.child("optional") == null) {
        moveTo(ClientState.STARTING_SESSION);
        request(Stanzas.iq("set", null, Element.builder("session", Ns.SESSION).build())).onComplete(s -> {
          if (state != ClientState.STARTING_SESSION) {
            return;
          }
          if (s.failed()) {
            fail(new XmppClientException(Reason.BIND_FAILED, condition(s.cause()), "Session establishment failed"));
          } else {
            enableOrOnline();
          }
        });
      } else {
        enableOrOnline();
      }
    });
  }

  /**
   * Asks the server to acknowledge what it has. No answer in time means the connection is dead
   * (it ends with NO_ANSWER, condition "ack", so it can be resumed): stanzas do not pile up
   * unacknowledged on a link that silently stopped carrying them.
   */
  private void requestAck() {
    write(Element.builder("r", Ns.SM).build());
    if (ackTimer < 0) {
      ackTimer = vertx.setTimer(options.timeoutMillis(), t -> {
        ackTimer = -1;
        if (state == ClientState.ONLINE && sm != null && sm.unackedCount() > 0) {
          fail(new XmppClientException(Reason.NO_ANSWER, "ack", "The IM server did not acknowledge stanzas in time"));
        }
      });
    }
  }

  /** XEP-0198: enabled after binding, with resumption, when the server offers it. */
  private void enableOrOnline() {
    if (features.child("sm", Ns.SM) == null) {
      online();
      return;
    }
    moveTo(ClientState.ENABLING_SM);
    write(Element.builder("enable", Ns.SM).attribute("resume", "true").build());
  }

  /** The stream-management elements (nonzas), in any state. */
  private void onSm(Element e) {
    switch (e.name()) {
      case "r" -> {
        if (sm != null) {
          write(Element.builder("a", Ns.SM).attribute("h", Long.toString(sm.inbound())).build());
        }
      }
      case "a" -> {
        if (sm != null && acknowledge(sm, e.attribute("h"))) {
          cancelTimer(ackTimer);
          ackTimer = -1;
          if (sm.unackedCount() > 0) {
            requestAck();
          }
        }
      }
      case "enabled" -> {
        if (state == ClientState.ENABLING_SM) {
          boolean resumable = "true".equals(e.attribute("resume")) || "1".equals(e.attribute("resume"));
          // A location from an unencrypted stream could have been put there by anyone on the path.
          sm = new StreamManagement(resumable ? e.attribute("id") : null, boundJid,
              socket.isSsl() ? e.attribute("location") : null,
              seconds(e.attribute("max")));
          online();
        }
      }
      case "resumed" -> {
        if (state == ClientState.RESUMING && acknowledge(resuming, e.attribute("h"))) {
          sm = resuming;
          resuming = null;
          resumed = true;
          boundJid = sm.jid();
          // XEP-0198 5: what the server did not acknowledge is sent again, in order.
          for (String xml : sm.unackedXml()) {
            socket.write(Buffer.buffer(xml));
          }
          if (sm.unackedCount() > 0) {
            requestAck();
          }
          online();
        }
      }
      case "failed" -> {
        if (state == ClientState.ENABLING_SM) {
          log.debug("{}: the server refused stream management", options);
          online();
        } else if (state == ClientState.RESUMING) {
          String condition = Stanzas.errorCondition(e, Ns.STANZA_ERRORS);
          resumeRefused(e.attribute("h"), "The server refused to resume the stream (" + condition + ")");
        }
      }
      default -> log.debug("Ignored stream-management element {}", e.name());
    }
  }

  /**
   * The old session is gone: what the server acknowledged of it (XEP-0198 1.6 lets {@code <failed/>}
   * say) completes, the rest fails, and a new session is bound.
   */
  private void resumeRefused(String h, String why) {
    StreamManagement old = resuming;
    resuming = null;
    Long acked = StreamManagement.parseH(h);
    if (acked != null) {
      try {
        old.acknowledge(acked);
      } catch (IllegalArgumentException ignored) {
        // A wrong count here changes nothing: the rest fails below.
      }
    }
    log.debug("{}: {}; binding a new session", options, why);
    old.failAll(unacknowledged());
    bind();
  }

  /** Applies an ack; a count that cannot be right breaks the stream (XEP-0198 4: undefined-condition). */
  private boolean acknowledge(StreamManagement of, String h) {
    Long value = StreamManagement.parseH(h);
    try {
      if (value == null) {
        throw new IllegalArgumentException("h='" + h + "' is not a count");
      }
      of.acknowledge(value);
      return true;
    } catch (IllegalArgumentException e) {
      socket.write(Buffer.buffer("<stream:error><undefined-condition xmlns='" + Ns.STREAM_ERRORS
          + "'/><handled-count-too-high xmlns='" + Ns.SM + "'/></stream:error></stream:stream>"));
      fail(new XmppClientException(Reason.BAD_STREAM, "ack", "The IM server acknowledged messages it was never sent."));
      return false;
    }
  }

  private static int seconds(String max) {
    try {
      return max == null ? 0 : Math.max(0, Integer.parseInt(max.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Why a message waiting for the server's acknowledgement fails when the stream cannot be resumed. */
  public static XmppClientException unacknowledged() {
    return new XmppClientException(Reason.NOT_CONNECTED, "unacknowledged",
        "The IM server did not acknowledge the stanza before the stream was lost");
  }

  private void online() {
    moveTo(ClientState.ONLINE);
    cancelTimer(loginTimer);
    loginTimer = -1;
    features = null;
    scram = null;
    if (options.pingIntervalMillis() > 0) {
      pingTimer = vertx.setPeriodic(options.pingIntervalMillis(), t -> pingIfIdle());
    }
    login.complete();
  }

  // ---- stanzas ----

  /**
   * Sends a stanza; completes once written. Fails with NOT_CONNECTED unless online (or resuming: then
   * it waits in the resumed stream's queue), with QUEUE_FULL when more than {@code maxQueuedBytes}
   * wait to be sent already, or with InvalidXmlCharacterException.
   */
  public Future<Void> send(Element stanza) {
    return send(stanza, false);
  }

  /**
   * Sends a stanza and asks the server to acknowledge it at once; completes when the server has
   * (XEP-0198), or once written on a stream without stream management. If the connection is lost
   * first it keeps waiting: the stream's {@link StreamManagement} decides (resumed, or failed).
   */
  public Future<Void> sendAcked(Element stanza) {
    return send(stanza, true);
  }

  private Future<Void> send(Element stanza, boolean acked) {
    checkContext();
    // While resuming (or between attempts, after a failed one) stanzas wait in the stream's queue.
    StreamManagement queue = state == ClientState.ONLINE ? sm : resuming;
    if (state != ClientState.ONLINE && queue == null) {
      return Future.failedFuture(notConnected());
    }
    String xml;
    try {
      xml = XmlWriter.toXml(stanza, Ns.CLIENT);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (queueFull(queue)) {
      return Future.failedFuture(queueFullFailure());
    }
    if (queue == null) {
      Future<Void> written = socket.write(Buffer.buffer(xml));
      watchQueue();
      // A write still queued when the connection ends fails with the socket's error: say what it means.
      return written.recover(e -> Future.failedFuture(unacknowledged()));
    }
    Promise<Void> done = Promise.promise();
    queue.sent(xml, acked ? done : null);
    if (state == ClientState.ONLINE) {
      socket.write(Buffer.buffer(xml));
      watchQueue();
      if (acked || queue.unackedCount() % ACK_EVERY == 0) {
        requestAck();
      }
    }
    return acked ? done.future() : Future.succeededFuture();
  }

  /**
   * Whether a further stanza must be refused: the socket holds more than {@code maxQueuedBytes} not
   * yet taken by the network (Netty's write buffer, past the kernel's), or the stream's queue waiting
   * for acknowledgement (or for resumption) holds more. What the client writes itself (acks, answers)
   * is never refused: the stall timer bounds it.
   */
  private boolean queueFull(StreamManagement queue) {
    return state == ClientState.ONLINE && socket.writeQueueFull()
        || queue != null && queue.unackedChars() >= options.maxQueuedBytes();
  }

  private XmppClientException queueFullFailure() {
    return new XmppClientException(Reason.QUEUE_FULL, null,
        "More than " + options.maxQueuedBytes() + " bytes wait to be sent: the server is not reading");
  }

  /** After a write: a full write queue starts the stall timer; only draining it stops the timer. */
  private void watchQueue() {
    if (stallTimer >= 0 || !socket.writeQueueFull()) {
      return;
    }
    stallTimer = vertx.setTimer(options.timeoutMillis(), t -> {
      stallTimer = -1;
      if (state == ClientState.ONLINE && socket.writeQueueFull()) {
        // Like a lost connection: resumed (stream management) or reconnected; nothing waits forever.
        fail(new XmppClientException(Reason.NO_ANSWER, "write", "The IM server stopped reading what we send"));
      }
    });
  }

  private void drained() {
    cancelTimer(stallTimer);
    stallTimer = -1;
  }

  /** A stanza of ours the client writes itself (iq requests and answers): counted when acks are on. */
  private void writeStanza(Element stanza) {
    String xml = XmlWriter.toXml(stanza, Ns.CLIENT);
    if (sm != null) {
      sm.sent(xml, null);
      if (sm.unackedCount() % ACK_EVERY == 0) {
        socket.write(Buffer.buffer(xml));
        watchQueue();
        requestAck();
        return;
      }
    }
    socket.write(Buffer.buffer(xml));
    watchQueue();
  }

  /**
   * Sends an iq (its id is set here) and completes with the result, or fails with STANZA_ERROR
   * (condition: the server's), NO_ANSWER after the timeout, or NOT_CONNECTED.
   */
  public Future<Element> request(Element iq) {
    checkContext();
    if (state != ClientState.ONLINE && state != ClientState.BINDING && state != ClientState.STARTING_SESSION) {
      return Future.failedFuture(notConnected());
    }
    if (queueFull(sm)) {
      return Future.failedFuture(queueFullFailure());
    }
    String id = "p" + Integer.toString(++nextId, 36);
    Element stanza = iq.withAttribute("id", id);
    try {
      XmlWriter.toXml(stanza, Ns.CLIENT);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Promise<Element> promise = Promise.promise();
    long timer = vertx.setTimer(options.timeoutMillis(), t -> {
      Pending p = pending.remove(id);
      if (p != null) {
        p.promise.tryFail(new XmppClientException(Reason.NO_ANSWER, null, "No answer to iq " + id));
      }
    });
    if (pending == null) {
      pending = new HashMap<>(4);
    }
    pending.put(id, new Pending(promise, iq.attribute("to"), timer));
    writeStanza(stanza);
    return promise.future();
  }

  private void onStanza(Element e) {
    if (e.is("iq", Ns.CLIENT)) {
      onIq(e);
    } else if (state == ClientState.ONLINE && (e.is("message", Ns.CLIENT) || e.is("presence", Ns.CLIENT))) {
      listener.stanza(e);
    }
    // XEP-0198 4: counted once handled (what the server resends after resumption starts after it).
    if (sm != null && e.namespace().equals(Ns.CLIENT) && state != ClientState.CLOSED) {
      sm.handled();
    }
  }

  private void onIq(Element iq) {
    String type = iq.attribute("type");
    String id = iq.attribute("id");
    if ("result".equals(type) || "error".equals(type)) {
      Pending p = pending == null || id == null ? null : pending.get(id);
      if (p == null || !answersTo(iq.attribute("from"), p.to)) {
        return;
      }
      pending.remove(id);
      vertx.cancelTimer(p.timer);
      if ("result".equals(type)) {
        p.promise.tryComplete(iq);
      } else {
        String condition = Stanzas.errorCondition(iq, Ns.STANZA_ERRORS);
        p.promise.tryFail(new XmppClientException(Reason.STANZA_ERROR, condition, "iq error " + condition)
            .withError(iq.child("error", Ns.CLIENT)));
      }
      return;
    }
    if (!"get".equals(type) && !"set".equals(type) || state != ClientState.ONLINE) {
      return;
    }
    Element payload = iq.children().isEmpty() ? null : iq.children().get(0);
    if (payload != null && "get".equals(type) && payload.is("ping", Ns.PING)) {
      writeStanza(answer(iq).build());
    } else if (payload != null && "get".equals(type) && payload.is("query", Ns.DISCO_INFO)) {
      writeStanza(answer(iq).child(Caps.discoInfo(payload.attribute("node"))).build());
    } else if (payload != null && "set".equals(type) && payload.is("query", Ns.ROSTER)) {
      // RFC 6121 2.1.6: a push comes from our own account only.
      if (fromOwnAccount(iq.attribute("from"))) {
        writeStanza(answer(iq).build());
        listener.stanza(iq);
      }
    } else if (payload != null && "set".equals(type) && (payload.is("block", Ns.BLOCKING) || payload.is("unblock", Ns.BLOCKING))) {
      // XEP-0191 3.3: a blocklist push, from our own account only (a contact must not edit it).
      if (fromOwnAccount(iq.attribute("from"))) {
        writeStanza(answer(iq).build());
        listener.stanza(iq);
      }
    } else {
      writeStanza(answer(iq).attribute("type", "error").child(Element.builder("error", Ns.CLIENT).attribute("type", "cancel")
          .child(Element.builder("service-unavailable", Ns.STANZA_ERRORS).build()).build()).build());
    }
  }

  private static Element.Builder answer(Element iq) {
    return Element.builder("iq", Ns.CLIENT).attribute("type", "result").attribute("to", iq.attribute("from"))
        .attribute("id", iq.attribute("id"));
  }

  /** An answer must come from whom the request went to (RFC 6120 8.1.2.1 leaves "to our server" open). */
  private boolean answersTo(String from, String to) {
    if (to == null) {
      return fromOwnAccount(from) || from.equalsIgnoreCase(options.domain());
    }
    return from != null && from.equalsIgnoreCase(to);
  }

  private boolean fromOwnAccount(String from) {
    return from == null || from.equalsIgnoreCase(options.bareJid()) || from.equalsIgnoreCase(boundJid);
  }

  private void pingIfIdle() {
    if (state != ClientState.ONLINE || System.nanoTime() - lastReceived < options.pingIntervalMillis() * 1_000_000L) {
      return;
    }
    request(Stanzas.ping(null)).onFailure(e -> {
      if (e instanceof XmppClientException x && x.reason() == Reason.NO_ANSWER) {
        fail(new XmppClientException(Reason.NO_ANSWER, "ping", "The IM server did not answer a ping."));
      }
    });
  }

  // ---- what the parser reports ----

  @Override
  public void streamOpened(StreamHeader header) {
    this.header = header;
  }

  @Override
  public void element(Element e) {
    if (state == ClientState.CLOSED) {
      return;
    }
    if (e.is("error", Ns.STREAMS)) {
      String condition = Stanzas.errorCondition(e, Ns.STREAM_ERRORS);
      Element text = e.child("text", Ns.STREAM_ERRORS);
      fail(new XmppClientException(Reason.STREAM_ERROR, condition,
          "Stream error " + condition + (text == null ? "" : ": " + text.text())));
      return;
    }
    if (e.namespace().equals(Ns.SM)) {
      onSm(e);
      return;
    }
    switch (state) {
      case OPENING -> {
        if (e.is("features", Ns.STREAMS)) {
          onFeatures(e);
        }
      }
      case STARTING_TLS -> {
        if (e.is("proceed", Ns.TLS)) {
          startTls();
        } else if (e.is("failure", Ns.TLS)) {
          fail(new XmppClientException(Reason.TLS_FAILED, null, "The server refused STARTTLS"));
        }
      }
      case AUTHENTICATING -> {
        if (e.namespace().equals(Ns.SASL)) {
          onSasl(e);
        }
      }
      default -> onStanza(e);
    }
  }

  @Override
  public void streamClosed() {
    if (state == ClientState.CLOSING) {
      socket.close();
    } else if (state != ClientState.CLOSED) {
      socket.write(XmlWriter.streamClose());
      fail(new XmppClientException(Reason.SERVER_CLOSED, null, "The server closed the stream"));
    }
  }

  private void received(Buffer buffer) {
    lastReceived = System.nanoTime();
    if (state.loggingIn()) {
      resetLoginTimer();
    }
    try {
      parser.feed(buffer);
    } catch (XmlStreamException e) {
      if (state == ClientState.CLOSED) {
        return;
      }
      // RFC 6120 4.9.3: say why before closing.
      String condition = switch (e.kind()) {
        case RESTRICTED_XML -> "restricted-xml";
        case TOO_LARGE -> "policy-violation";
        case MALFORMED, TOO_DEEP, NOT_A_STREAM -> "not-well-formed";
      };
      socket.write(Buffer.buffer("<stream:error><" + condition + " xmlns='" + Ns.STREAM_ERRORS
          + "'/></stream:error></stream:stream>"));
      log.info("{}: unreadable stream in state {} ({})", options, state, e.detail());
      fail(new XmppClientException(Reason.BAD_STREAM, e.kind().name(), e.getMessage()));
    }
  }

  private void socketClosed() {
    if (state == ClientState.CLOSING) {
      finishClosed();
    } else if (state != ClientState.CLOSED) {
      fail(socketError instanceof SSLException ? tlsFailure(socketError)
          : new XmppClientException(Reason.CONNECTION_LOST, null, "The connection was lost",
              socketError));
    }
  }

  // ---- ending ----

  /** Closes the stream politely and then the socket; the listener hears nothing of it. */
  public Future<Void> close() {
    checkContext();
    if (state == ClientState.CLOSED) {
      return Future.succeededFuture();
    }
    if (closing != null) {
      return closing.future();
    }
    closing = Promise.promise();
    if (socket == null) {
      fail(new XmppClientException(Reason.NOT_CONNECTED, null, "Closed before it was connected"));
      return closing.future();
    }
    boolean wasLoggingIn = state.loggingIn();
    moveTo(ClientState.CLOSING);
    stopTimers();
    failPending();
    if (sm != null) {
      // After our end of the stream no acknowledgement can come.
      sm.failAll(unacknowledged());
    }
    if (wasLoggingIn) {
      login.tryFail(new XmppClientException(Reason.NOT_CONNECTED, null, "Closed while logging in"));
    }
    socket.write(XmlWriter.streamClose());
    closeTimer = vertx.setTimer(options.timeoutMillis(), t -> {
      closeTimer = -1;
      if (state == ClientState.CLOSING) {
        socket.close();
        finishClosed();
      }
    });
    return closing.future();
  }

  private void finishClosed() {
    cancelTimer(closeTimer);
    closeTimer = -1;
    moveTo(ClientState.CLOSED);
    closing.tryComplete();
  }

  /** Ends the connection with a failure: the login's, or the listener's if it was online. */
  private void fail(XmppClientException why) {
    if (state == ClientState.CLOSED) {
      return;
    }
    boolean wasOnline = state == ClientState.ONLINE;
    boolean byUs = state == ClientState.CLOSING;
    moveTo(ClientState.CLOSED);
    stopTimers();
    failPending();
    if (sm != null && (!sm.resumable() || !wasOnline || byUs)) {
      sm.failAll(unacknowledged());
    }
    if (socket != null) {
      socket.close();
    }
    log.debug("{} ended: {} {}", options, why.reason(), why.getMessage());
    if (login != null) {
      login.tryFail(why);
    }
    if (closing != null) {
      closing.tryComplete();
    }
    if (wasOnline && !byUs) {
      listener.closed(why);
    }
  }

  private void failPending() {
    if (pending != null) {
      for (Pending p : pending.values()) {
        vertx.cancelTimer(p.timer);
        p.promise.tryFail(notConnected());
      }
      pending = null;
    }
  }

  private void stopTimers() {
    cancelTimer(loginTimer);
    cancelTimer(pingTimer);
    cancelTimer(ackTimer);
    cancelTimer(stallTimer);
    loginTimer = -1;
    pingTimer = -1;
    ackTimer = -1;
    stallTimer = -1;
  }

  private void cancelTimer(long id) {
    if (id >= 0) {
      vertx.cancelTimer(id);
    }
  }

  private void resetLoginTimer() {
    cancelTimer(loginTimer);
    loginTimer = vertx.setTimer(options.timeoutMillis(), t -> {
      loginTimer = -1;
      if (state.loggingIn()) {
        fail(new XmppClientException(Reason.NO_ANSWER, state.name(), "No answer while " + state));
      }
    });
  }

  private void moveTo(ClientState next) {
    if (!state.canGoTo(next)) {
      throw new IllegalStateException("XMPP client cannot go from " + state + " to " + next);
    }
    state = next;
  }

  private void write(Element e) {
    socket.write(XmlWriter.stanza(e));
  }

  private void checkContext() {
    if (Thread.currentThread() != eventLoop) {
      throw new IllegalStateException("XmppClient used outside its context");
    }
  }

  private static XmppClientException notConnected() {
    return new XmppClientException(Reason.NOT_CONNECTED, null, "Not connected");
  }

  private static String condition(Throwable e) {
    return e instanceof XmppClientException x ? x.condition() : null;
  }

  private XmppClientException unreachable(Throwable cause) {
    String why = find(cause, ConnectException.class) != null ? "refused"
        : find(cause, UnknownHostException.class) != null ? "unknown-host"
        : find(cause, io.netty.channel.ConnectTimeoutException.class) != null ? "timeout"
        : "network";
    return new XmppClientException(Reason.UNREACHABLE, why, options.host() + ":" + options.port() + ": " + cause, cause);
  }

  private static XmppClientException tlsFailure(Throwable cause) {
    if (find(cause, CertificateException.class) != null) {
      return new XmppClientException(Reason.CERTIFICATE, null, "Certificate refused: " + cause, cause);
    }
    return new XmppClientException(Reason.TLS_FAILED, null, "TLS failed: " + cause, cause);
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 20; depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      t = t.getCause();
    }
    return null;
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Decoded SASL data; "=" and empty both mean none (RFC 6120 6.4.2). Null if not base64. */
  private static String unbase64(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.equals("=")) {
      return "";
    }
    try {
      return new String(Base64.getMimeDecoder().decode(t), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
