package parley.xmpp.client;

/**
 * Where a server asks a stream to be resumed (XEP-0198 {@code <enabled location='…'/>}): a host
 * name or address, IPv6 in brackets, and an optional port.
 */
record Location(String host, int port) {

  /** The location, or null when there is none or it cannot be read (then the usual endpoint is used). */
  static Location parse(String location, int defaultPort) {
    if (location == null || location.isBlank()) {
      return null;
    }
    String text = location.trim();
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      if (end < 2) {
        return null;
      }
      host = text.substring(1, end);
      String rest = text.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = rest.substring(1);
      }
    } else {
      int colon = text.indexOf(':');
      if (colon != text.lastIndexOf(':')) {
        return null;
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
      return null;
    }
    if (port == null) {
      return new Location(host, defaultPort);
    }
    try {
      int p = Integer.parseInt(port);
      return p > 0 && p < 65536 ? new Location(host, p) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
