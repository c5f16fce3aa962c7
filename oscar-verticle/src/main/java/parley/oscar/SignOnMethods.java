package parley.oscar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which kinds of sign-on an account tries, in order: the kind that last worked at its server (for
 * the node's life), else the configured one, then the other kind (BUCP MD5 or roasted). ICQ numbers
 * sign on roasted only. One per node, used on the node's context.
 */
final class SignOnMethods {
  private static final int MAX_SERVERS = 1000;

  private final String configured;
  private final Map<String, String> worked = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_SERVERS;
    }
  };

  SignOnMethods(String configured) {
    this.configured = configured;
  }

  List<String> order(ConnectRequest request) {
    if (request.icq()) {
      return List.of(OscarNodeConfig.ROASTED);
    }
    List<String> order = new ArrayList<>();
    String remembered = worked.get(server(request));
    if (remembered != null) {
      order.add(remembered);
    }
    for (String method : List.of(configured, OscarNodeConfig.ROASTED.equals(configured) ? OscarNodeConfig.MD5_STRONG : OscarNodeConfig.ROASTED)) {
      if (!order.contains(method)) {
        order.add(method);
      }
    }
    return order;
  }

  void worked(ConnectRequest request, String method) {
    if (!request.icq()) {
      worked.put(server(request), method);
    }
  }

  private static String server(ConnectRequest request) {
    return request.host().toLowerCase(java.util.Locale.ROOT) + ":" + request.port();
  }

  /** The kind of sign-on in words. */
  static String label(String method) {
    return OscarNodeConfig.ROASTED.equals(method) ? "roasted password" : "MD5 (BUCP)";
  }
}
