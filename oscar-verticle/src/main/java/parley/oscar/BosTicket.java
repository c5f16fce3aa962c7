package parley.oscar;

import io.vertx.core.buffer.Buffer;
import parley.oscar.wire.WireException;

/** Where the authorizer sent us: the BOS server and the cookie that signs us on there. */
record BosTicket(String host, int port, Buffer cookie) {

  /** Parses the authorizer's "host:port" (or bare host, then {@code defaultPort}). */
  static BosTicket of(String address, int defaultPort, Buffer cookie) {
    String host = address;
    int port = defaultPort;
    int colon = address.lastIndexOf(':');
    if (colon > 0) {
      host = address.substring(0, colon);
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new WireException("the BOS address '" + address + "' has no valid port");
      }
    }
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new WireException("the BOS address '" + address + "' is not usable");
    }
    return new BosTicket(host, port, cookie);
  }

  @Override
  public String toString() {
    return "BOS " + host + ":" + port;
  }
}
