package parley.xmpp;

import io.vertx.core.json.JsonObject;
import parley.nodekit.Reconnects;
import parley.xmpp.client.XmppClientOptions;

/**
 * The {@code xmpp} section of the deployment configuration.
 *
 * @param reconnectMinSeconds first wait after a lost connection; doubles on every failed try
 * @param reconnectMaxSeconds longest wait between two tries (the configuration check refuses one below the minimum)
 * @param connectTimeoutSeconds TCP connect timeout, and how long to wait for any answer of the server
 * @param trustedCertificate optional PEM file with certificates to trust besides the JVM's defaults
 * @param pingIntervalSeconds how often an idle connection pings its server (XEP-0199) to notice a dead link
 * @param maxLoginsInProgress how many accounts of this node may be logging in at once; the others wait their turn
 * @param dnsServer optional {@code host:port} of the DNS server for SRV lookups; the system's when absent
 * @param archiveFirstPage how many recent messages an account's first connect fetches from the server's archive
 * @param archiveMaxCatchUp at most this many messages are fetched from the archive after a reconnect
 * @param archiveCatchUpSeconds and for at most this long
 * @param maxQueuedBytes per connection, bytes that may wait to be sent before further sends are refused
 * @param tlsEngine {@code openssl} (BoringSSL, the JDK's engine where it cannot load) or {@code jdk}
 * @param maxAvatarBytes a contact's avatar image larger than this is refused (XEP-0153)
 */
public record XmppNodeConfig(int reconnectMinSeconds, int reconnectMaxSeconds, int connectTimeoutSeconds,
    String trustedCertificate, int pingIntervalSeconds, int maxLoginsInProgress, String dnsServer,
    int archiveFirstPage, int archiveMaxCatchUp, int archiveCatchUpSeconds, int maxQueuedBytes, String tlsEngine,
    int maxAvatarBytes) {

  public static XmppNodeConfig from(JsonObject section) {
    JsonObject s = section == null ? new JsonObject() : section;
    int min = Math.max(1, s.getInteger("reconnectMinSeconds", 1));
    int max = s.getInteger("reconnectMaxSeconds", 60);
    int timeout = Math.max(1, s.getInteger("connectTimeoutSeconds", 15));
    int ping = Math.max(10, s.getInteger("pingIntervalSeconds", 60));
    int logins = Math.max(1, s.getInteger("maxLoginsInProgress", 32));
    int firstPage = Math.max(0, s.getInteger("archiveFirstPage", 50));
    int maxCatchUp = Math.max(1, s.getInteger("archiveMaxCatchUp", 1000));
    int catchUpSeconds = Math.max(1, s.getInteger("archiveCatchUpSeconds", 60));
    int queued = Math.max(4096, s.getInteger("maxQueuedBytes", XmppClientOptions.DEFAULT_MAX_QUEUED_BYTES));
    String tlsEngine = s.getString("tlsEngine", "openssl");
    if (!tlsEngine.equals("openssl") && !tlsEngine.equals("jdk")) {
      throw new IllegalArgumentException("xmpp.tlsEngine must be openssl or jdk, not " + tlsEngine);
    }
    // Bounded so that the vCard carrying it (base64) fits in one stanza.
    int maxAvatar = Math.min(128 * 1024, Math.max(1024, s.getInteger("maxAvatarBytes", Avatars.DEFAULT_MAX_BYTES)));
    return new XmppNodeConfig(min, max, timeout, s.getString("trustedCertificate"), ping, logins,
        s.getString("dnsServer"), firstPage, maxCatchUp, catchUpSeconds, queued, tlsEngine, maxAvatar);
  }

  /** Seconds to wait before reconnect try number {@code attempt} (0 for the first). */
  public long backoffSeconds(int attempt) {
    return Reconnects.backoffSeconds(reconnectMinSeconds, reconnectMaxSeconds, attempt);
  }
}
