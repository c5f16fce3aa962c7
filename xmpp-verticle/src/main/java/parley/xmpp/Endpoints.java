package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.SrvRecord;
import java.util.Comparator;
import java.util.List;

/**
 * Where to connect for an account (RFC 6120 3.2): its {@code host} if given; else the SRV records
 * of {@code _xmpp-client._tcp.<domain>} in priority order; else the domain itself. The port is
 * the account's, the record's, or 5222.
 */
final class Endpoints {
  static final int DEFAULT_PORT = 5222;

  record Endpoint(String host, int port) {}

  private final DnsClient dns;

  /** {@code dnsServer}: {@code host:port} of the DNS server to ask, or null for the system's. */
  Endpoints(Vertx vertx, String dnsServer) {
    if (dnsServer == null || dnsServer.isBlank()) {
      dns = vertx.createDnsClient();
    } else {
      int colon = dnsServer.lastIndexOf(':');
      dns = colon < 0 ? vertx.createDnsClient(53, dnsServer)
          : vertx.createDnsClient(Integer.parseInt(dnsServer.substring(colon + 1)), dnsServer.substring(0, colon));
    }
  }

  Future<List<Endpoint>> of(ConnectRequest request) {
    String domain = request.jid().domain();
    if (request.host() != null || request.port() != null) {
      return Future.succeededFuture(List.of(new Endpoint(request.host() != null ? request.host() : domain,
          request.port() != null ? request.port() : DEFAULT_PORT)));
    }
    List<Endpoint> fallback = List.of(new Endpoint(domain, DEFAULT_PORT));
    return dns.resolveSRV("_xmpp-client._tcp." + domain)
        .map(records -> {
          List<Endpoint> found = records.stream()
              // Lower priority first; among equals, the heavier first (a fixed order keeps logs readable).
              .sorted(Comparator.comparingInt(SrvRecord::priority).thenComparing(SrvRecord::weight, Comparator.reverseOrder()))
              .filter(r -> r.target() != null && !r.target().isEmpty() && !r.target().equals("."))
              .map(r -> new Endpoint(stripDot(r.target()), r.port()))
              .toList();
          return found.isEmpty() ? fallback : found;
        })
        .otherwise(fallback);
  }

  Future<Void> close() {
    return dns.close();
  }

  private static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
