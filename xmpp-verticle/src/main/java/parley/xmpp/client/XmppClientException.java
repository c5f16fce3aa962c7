package parley.xmpp.client;

import parley.xmpp.stream.Element;

/**
 * Why a client connection failed or ended, or why a request was refused. {@link #reason()} is what
 * callers map to a failure code; {@link #condition()} is the server's own word (a stream, SASL or
 * stanza error condition) when there is one; {@link #getMessage()} is for the log.
 */
public final class XmppClientException extends Exception {
  public enum Reason {
    /** The TCP connection could not be made; condition: "refused", "timeout", "unknown-host" or "network". */
    UNREACHABLE,
    /** The server did not answer in time (login step, request, ping). */
    NO_ANSWER,
    TLS_NOT_OFFERED,
    /** The TLS handshake failed for another reason than the certificate. */
    TLS_FAILED,
    /** The server's certificate is not trusted or not for the account's domain. */
    CERTIFICATE,
    /** SASL failed (condition: the SASL failure, e.g. not-authorized), or no usable mechanism. */
    AUTH_FAILED,
    /** The server sent a stream error; condition: its condition (conflict, system-shutdown…). */
    STREAM_ERROR,
    /** The server closed the stream without an error. */
    SERVER_CLOSED,
    /** The TCP connection broke. */
    CONNECTION_LOST,
    /** The server's bytes could not be read as an XMPP stream; the message is a sentence for people. */
    BAD_STREAM,
    /** The server answered a request with an error; condition: the stanza error condition. */
    STANZA_ERROR,
    /** A request on a connection that is not online. */
    NOT_CONNECTED,
    /** The server refused resource binding or session establishment. */
    BIND_FAILED,
    /**
     * A stanza refused because too much waits to be sent already (the server is not reading); the
     * connection goes on, and ends with NO_ANSWER (condition "write") if the server stays so.
     */
    QUEUE_FULL
  }

  private final Reason reason;
  private final String condition;
  /** The server's error element of a refused request (its text and application conditions), or null. */
  private Element error;

  public XmppClientException(Reason reason, String condition, String message) {
    this(reason, condition, message, null);
  }

  public XmppClientException(Reason reason, String condition, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
    this.condition = condition;
  }

  public Reason reason() {
    return reason;
  }

  /** With the server's error element of a refused request. */
  public XmppClientException withError(Element error) {
    this.error = error;
    return this;
  }

  /** The server's {@code <error>} element of a refused request, or null. */
  public Element error() {
    return error;
  }

  /** The server's condition, or null. */
  public String condition() {
    return condition;
  }
}
