package parley.xmpp;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.util.rce.RemoteConnectionException;
import parley.contract.FailureCode;
import parley.contract.node.ImFailure;

/** Turns what Smack throws into a contract failure code and a sentence a person can read. */
final class FailureMapper {
  private FailureMapper() {}

  static final String TLS_NOT_OFFERED =
      "The IM server does not offer a secure connection (TLS), and this account requires one.";
  static final String KICKED_CONFLICT =
      "The IM server closed this session because the account signed in elsewhere.";
  static final String SERVER_CLOSED = "The IM server closed the connection.";
  static final String SHUTDOWN = "The IM server is shutting down; Parley will reconnect.";
  static final String LOST = "The connection to the IM server was lost; Parley will reconnect.";
  static final String NO_ANSWER = "The IM server did not answer in time.";

  /** Why a connect-and-login attempt failed. */
  static ImFailure connectFailure(Throwable error) {
    if (find(error, SASLErrorException.class) != null) {
      return new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false);
    }
    if (find(error, SmackException.SecurityRequiredException.class) != null) {
      return new ImFailure(FailureCode.IM_TLS_FAILED, TLS_NOT_OFFERED, true);
    }
    ImFailure tls = tlsFailure(error);
    if (tls != null) {
      return tls;
    }
    SmackException.EndpointConnectionException endpoints = find(error, SmackException.EndpointConnectionException.class);
    if (endpoints != null) {
      return new ImFailure(FailureCode.IM_UNREACHABLE, unreachableText(endpoints), true);
    }
    if (find(error, SmackException.ConnectionException.class) != null
        || find(error, ConnectException.class) != null
        || find(error, UnknownHostException.class) != null
        || find(error, NoRouteToHostException.class) != null
        || find(error, SocketTimeoutException.class) != null) {
      return new ImFailure(FailureCode.IM_UNREACHABLE, FailureCode.IM_UNREACHABLE.defaultText(), true);
    }
    if (find(error, SmackException.NoResponseException.class) != null) {
      return new ImFailure(FailureCode.IM_UNREACHABLE, NO_ANSWER, true);
    }
    XMPPException.StreamErrorException stream = find(error, XMPPException.StreamErrorException.class);
    if (stream != null) {
      return streamFailure(stream.getStreamError());
    }
    return connectionLost(error);
  }

  /** Why an established connection ended ({@code connectionClosedOnError}). */
  static ImFailure connectionLost(Throwable error) {
    XMPPException.StreamErrorException stream = find(error, XMPPException.StreamErrorException.class);
    if (stream != null) {
      return streamFailure(stream.getStreamError());
    }
    ImFailure tls = tlsFailure(error);
    if (tls != null) {
      return tls;
    }
    if (find(error, XMPPException.XMPPErrorException.class) != null) {
      return new ImFailure(FailureCode.IM_ERROR, FailureCode.IM_ERROR.defaultText(), true);
    }
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, LOST, true);
  }

  /** The server ended the stream without an error: it wants us gone, but a later try may work. */
  static ImFailure serverClosed() {
    return new ImFailure(FailureCode.IM_KICKED, SERVER_CLOSED, true);
  }

  static ImFailure streamFailure(StreamError streamError) {
    StreamError.Condition condition = streamError == null ? null : streamError.getCondition();
    if (condition == null) {
      return new ImFailure(FailureCode.IM_KICKED, SERVER_CLOSED, true);
    }
    return switch (condition) {
      // Another client took over this resource: trying again would only kick it back.
      case conflict -> new ImFailure(FailureCode.IM_KICKED, KICKED_CONFLICT, false);
      case system_shutdown -> new ImFailure(FailureCode.IM_CONNECTION_LOST, SHUTDOWN, true);
      case connection_timeout -> new ImFailure(FailureCode.IM_CONNECTION_LOST, LOST, true);
      case host_unknown -> new ImFailure(FailureCode.IM_ERROR,
          "The IM server does not serve this account's domain.", false);
      case not_authorized -> new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false);
      case policy_violation, reset, see_other_host, host_gone -> new ImFailure(FailureCode.IM_KICKED,
          SERVER_CLOSED + " (" + condition + ")", true);
      default -> new ImFailure(FailureCode.IM_ERROR,
          "The IM server reported an error (" + condition + ").", true);
    };
  }

  private static ImFailure tlsFailure(Throwable error) {
    if (find(error, CertificateException.class) != null
        || find(error, SmackException.SmackCertificateException.class) != null) {
      return new ImFailure(FailureCode.IM_TLS_FAILED,
          "A secure connection to the IM server could not be made: its certificate is not trusted.", true);
    }
    if (find(error, SSLException.class) != null) {
      return new ImFailure(FailureCode.IM_TLS_FAILED,
          "A secure connection (TLS) to the IM server could not be made.", true);
    }
    return null;
  }

  private static String unreachableText(SmackException.EndpointConnectionException e) {
    List<? extends RemoteConnectionException<?>> failures = e.getConnectionExceptions();
    if (failures != null && !failures.isEmpty()) {
      RemoteConnectionException<?> first = failures.get(0);
      String why = find(first.getException(), ConnectException.class) != null ? "the connection was refused"
          : find(first.getException(), SocketTimeoutException.class) != null ? "no answer in time"
          : "the network failed";
      InetSocketAddress address = first.getAddress() == null ? null : first.getAddress().getInetSocketAddress();
      String where = address == null ? "" : " at " + address.getHostString() + ":" + address.getPort();
      return "The IM server" + where + " could not be reached (" + why + ").";
    }
    if (e.getLookupFailures() != null && !e.getLookupFailures().isEmpty()) {
      return "The IM server for this account's domain could not be found (DNS lookup failed).";
    }
    return FailureCode.IM_UNREACHABLE.defaultText();
  }

  /** The first throwable in the cause chain (and suppressed lists) of the given type. */
  static <T extends Throwable> T find(Throwable error, Class<T> type) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 20; depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t instanceof SmackException.EndpointConnectionException endpoints && endpoints.getConnectionExceptions() != null) {
        for (RemoteConnectionException<?> rce : endpoints.getConnectionExceptions()) {
          if (type.isInstance(rce.getException())) {
            return type.cast(rce.getException());
          }
        }
      }
      t = t.getCause();
    }
    return null;
  }
}
