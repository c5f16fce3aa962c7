package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.nodekit.ImFailure;
import parley.oscar.wire.Flap;
import parley.oscar.wire.Foodgroups.Bucp;
import parley.oscar.wire.Foodgroups.Login;
import parley.oscar.wire.Passwords;
import parley.oscar.wire.Reader;
import parley.oscar.wire.Snac;
import parley.oscar.wire.Tlv;
import parley.oscar.wire.TlvBlock;
import parley.oscar.wire.WireException;

/**
 * Signs on at the authorizer in one way and returns the BOS ticket. Two ways: BUCP (an MD5
 * challenge, then the hashed password, over SNACs of family 0x17) and the FLAP channel-1 login with
 * the roasted password, answered on channel 4. A failure completes the future with a
 * {@link SignonException}, which says whether the server did not speak this way at all ({@link SignOn}
 * then tries the other).
 */
final class LoginFlow {
  private static final Logger log = LoggerFactory.getLogger(LoginFlow.class);
  static final String CLIENT_NAME = "Parley";

  private final Vertx vertx;
  private final NetClient client;
  private final OscarNodeConfig config;
  private final ConnectRequest request;
  private final String method;
  private final Promise<BosTicket> result = Promise.promise();
  private FlapSocket socket;
  private long timer = -1;
  /** The sign-on request went out, and the server has not yet answered it in any way. */
  private boolean awaitingFirstAnswer;

  LoginFlow(Vertx vertx, NetClient client, OscarNodeConfig config, ConnectRequest request, String method) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.request = request;
    this.method = method;
  }

  String method() {
    return method;
  }

  Future<BosTicket> run() {
    String where = request.host() + ":" + request.port();
    step("connecting");
    client.connect(request.port(), request.host()).onComplete(LogContext.current().wrap(ar -> {
      if (ar.failed()) {
        Throwable e = ar.cause();
        finish(Failures.unreachable(where, e instanceof ConnectException ? "the connection was refused" : "the network failed"));
        return;
      }
      socket = new FlapSocket(vertx, ar.result());
      socket.onEnd(failure -> finish(failure == null ? Failures.lost() : failure,
          awaitingFirstAnswer ? "the server closed the connection" : null));
      socket.onFrame(this::onFrame);
      step("waiting for the server's hello");
    }));
    return result.future();
  }

  private void onFrame(Flap flap) {
    if (flap.channel() != Flap.SIGNON && flap.channel() != Flap.KEEPALIVE) {
      awaitingFirstAnswer = false;
    }
    switch (flap.channel()) {
      case Flap.SIGNON -> onHello(flap);
      case Flap.DATA -> onSnac(Snac.decode(flap.data()));
      case Flap.SIGNOFF -> onSignonReply(flap.data());
      default -> { }
    }
  }

  private void onHello(Flap hello) {
    hello.signonTlvs();
    step("signing on");
    awaitingFirstAnswer = true;
    if (OscarNodeConfig.ROASTED.equals(method)) {
      TlvBlock tlvs = TlvBlock.of(
          Tlv.of(Login.TLV_SCREEN_NAME, request.screenName()),
          new Tlv(Login.TLV_ROASTED_PASSWORD, Buffer.buffer(Passwords.roast(password()))),
          Tlv.of(Login.TLV_CLIENT_NAME, CLIENT_NAME));
      socket.send(Flap.SIGNON, Flap.signonData(tlvs));
    } else {
      socket.send(Flap.SIGNON, Flap.signonData(new TlvBlock()));
      socket.send(Snac.of(Bucp.FAMILY, Bucp.CHALLENGE_REQUEST, 1,
          TlvBlock.of(Tlv.of(Login.TLV_SCREEN_NAME, request.screenName())).encode()));
    }
  }

  private void onSnac(Snac snac) {
    if (snac.is(Bucp.FAMILY, Bucp.CHALLENGE_RESPONSE)) {
      Reader r = snac.reader();
      int length = r.u16("challenge key length");
      byte[] key = r.bytes(length, "challenge key").getBytes();
      boolean strong = OscarNodeConfig.MD5_STRONG.equals(method);
      TlvBlock tlvs = TlvBlock.of(
          Tlv.of(Login.TLV_SCREEN_NAME, request.screenName()),
          new Tlv(Login.TLV_PASSWORD_HASH, Buffer.buffer(Passwords.md5Login(key, password(), strong))),
          Tlv.of(Login.TLV_CLIENT_NAME, CLIENT_NAME));
      if (strong) {
        tlvs.add(Tlv.empty(Login.TLV_STRONG_HASH));
      }
      socket.send(Snac.of(Bucp.FAMILY, Bucp.LOGIN_REQUEST, 2, tlvs.encode()));
    } else if (snac.is(Bucp.FAMILY, Bucp.LOGIN_RESPONSE)) {
      onSignonReply(snac.data());
    } else if (snac.is(Bucp.FAMILY, Bucp.ERR)) {
      finish(Failures.protocol("The AIM/ICQ server does not accept this kind of sign-on."), "the server refused this kind of sign-on");
    }
  }

  /** The authorizer's answer (BUCP LOGIN_RESPONSE or FLAP channel 4): an error, or BOS and cookie. */
  private void onSignonReply(Buffer data) {
    TlvBlock tlvs = TlvBlock.readAll(new Reader(data));
    Integer error = tlvs.u16(Login.TLV_ERROR_CODE);
    if (error != null) {
      finish(signonError(error));
      return;
    }
    String address = tlvs.string(Login.TLV_BOS_ADDRESS);
    Tlv cookie = tlvs.get(Login.TLV_COOKIE);
    if (address == null || cookie == null) {
      throw new WireException("the sign-on reply has neither an error nor a BOS address and cookie");
    }
    BosTicket ticket = BosTicket.of(address, request.port(), cookie.value());
    log.debug("Account {} signed on, redirected to {}", request.accountId(), ticket);
    finish(ticket);
  }

  static ImFailure signonError(int code) {
    return switch (code) {
      case Login.ERR_INVALID_NAME, Login.ERR_BAD_PASSWORD, Login.ERR_BAD_PASSWORD_2, Login.ERR_NO_SUCH_ACCOUNT -> Failures.badPassword();
      case Login.ERR_RATE_LIMITED, Login.ERR_RATE_LIMITED_2 -> Failures.rateLimitedLogin();
      case Login.ERR_SUSPENDED -> Failures.suspended();
      default -> Failures.refused(code);
    };
  }

  private byte[] password() {
    return request.password().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Every step must be answered within the connect timeout. */
  private void step(String what) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = vertx.setTimer(config.connectTimeoutSeconds() * 1000L,
        id -> finish(Failures.noAnswer(what), awaitingFirstAnswer ? "no answer" : null));
  }

  private void finish(Object outcome) {
    finish(outcome, null);
  }

  /** {@code unspoken}: what the server did instead of answering the sign-on request, if it never did. */
  private void finish(Object outcome, String unspoken) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (result.future().isComplete()) {
      return;
    }
    if (socket != null) {
      socket.close();
    }
    if (outcome instanceof BosTicket ticket) {
      result.complete(ticket);
    } else {
      result.fail(new SignonException((ImFailure) outcome, unspoken));
    }
  }

  /**
   * Carries a {@link ImFailure} through a failed future; {@code unspoken} is non-null when the server
   * never answered this kind of sign-on (no answer, an error SNAC, or a closed connection), in words.
   */
  static final class SignonException extends RuntimeException {
    final ImFailure failure;
    final String unspoken;

    SignonException(ImFailure failure, String unspoken) {
      super(failure.text(), null, false, false);
      this.failure = failure;
      this.unspoken = unspoken;
    }
  }

  /** Cuts the flow short (the account was disconnected). */
  void cancel() {
    finish(Failures.lost());
  }
}
