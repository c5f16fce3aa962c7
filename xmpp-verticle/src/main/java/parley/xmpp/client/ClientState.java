package parley.xmpp.client;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one XMPP client connection stands (RFC 6120's order of negotiation). Every change goes
 * through {@link #canGoTo}, so an impossible step (a stanza before binding, a second login) is a
 * bug caught at once. Stream management (XEP-0198) adds RESUMING (instead of binding, after SASL) and
 * ENABLING_SM (after binding).
 */
public enum ClientState {
  /** Created, nothing done yet. */
  IDLE,
  /** TCP connect in progress. */
  CONNECTING,
  /** Our stream header is out; waiting for the server's header and features (first, after TLS, after SASL). */
  OPENING,
  /** {@code <starttls/>} sent, then the TLS handshake. */
  STARTING_TLS,
  /** SASL exchange in progress. */
  AUTHENTICATING,
  /** Resource binding requested. */
  BINDING,
  /** Legacy session establishment (RFC 3921) requested, for servers that still require it. */
  STARTING_SESSION,
  /** XEP-0198: {@code <resume/>} sent after SASL; {@code <resumed/>} goes online, {@code <failed/>} binds afresh. */
  RESUMING,
  /** XEP-0198: {@code <enable/>} sent after binding; either answer goes online (with or without acks). */
  ENABLING_SM,
  /** Bound: stanzas flow both ways. */
  ONLINE,
  /** Our {@code </stream:stream>} is out; waiting for the server's, or for the socket to close. */
  CLOSING,
  /** Over, by us or by the server or the network. Final. */
  CLOSED;

  private Set<ClientState> next;

  static {
    IDLE.next = EnumSet.of(CONNECTING, CLOSED);
    CONNECTING.next = EnumSet.of(OPENING, CLOSING, CLOSED);
    OPENING.next = EnumSet.of(STARTING_TLS, AUTHENTICATING, BINDING, RESUMING, CLOSING, CLOSED);
    STARTING_TLS.next = EnumSet.of(OPENING, CLOSING, CLOSED);
    AUTHENTICATING.next = EnumSet.of(OPENING, CLOSING, CLOSED);
    BINDING.next = EnumSet.of(STARTING_SESSION, ENABLING_SM, ONLINE, CLOSING, CLOSED);
    STARTING_SESSION.next = EnumSet.of(ENABLING_SM, ONLINE, CLOSING, CLOSED);
    RESUMING.next = EnumSet.of(ONLINE, BINDING, CLOSING, CLOSED);
    ENABLING_SM.next = EnumSet.of(ONLINE, CLOSING, CLOSED);
    ONLINE.next = EnumSet.of(CLOSING, CLOSED);
    CLOSING.next = EnumSet.of(CLOSED);
    CLOSED.next = EnumSet.noneOf(ClientState.class);
  }

  public boolean canGoTo(ClientState target) {
    return next.contains(target);
  }

  /** Whether the login is still under way (the connect future has not completed). */
  public boolean loggingIn() {
    return this != IDLE && this != ONLINE && this != CLOSING && this != CLOSED;
  }
}
