package parley.xmpp.client;

import javax.net.ssl.X509TrustManager;

/**
 * What one client connection needs to log in. {@link #toString()} never shows the password.
 *
 * @param domain the account's domain (stream {@code to}, TLS host name to check)
 * @param username the local part of the account's address
 * @param resource the resource to ask for when binding
 * @param host where to connect (a name or an address)
 * @param tlsRequired {@code required}: STARTTLS or fail; otherwise TLS whenever the server offers it
 * @param trustManager certificates to trust, or null for the JVM's defaults
 * @param timeoutMillis TCP connect timeout, and how long to wait for any answer of the server
 * @param pingIntervalMillis an idle connection pings its server this often (XEP-0199); 0 for never
 * @param maxStanzaBytes the largest stanza accepted from the server
 * @param maxQueuedBytes bytes that may wait to be sent (in the socket, or unacknowledged) before
 *     further stanzas are refused; a queue that stays full for {@code timeoutMillis} ends the connection
 */
public record XmppClientOptions(String domain, String username, String password, String resource, String host,
    int port, boolean tlsRequired, X509TrustManager trustManager, int timeoutMillis, long pingIntervalMillis,
    int maxStanzaBytes, int maxQueuedBytes) {
  public static final int DEFAULT_MAX_QUEUED_BYTES = 65_536;

  /** With {@link #DEFAULT_MAX_QUEUED_BYTES}. */
  public XmppClientOptions(String domain, String username, String password, String resource, String host,
      int port, boolean tlsRequired, X509TrustManager trustManager, int timeoutMillis, long pingIntervalMillis,
      int maxStanzaBytes) {
    this(domain, username, password, resource, host, port, tlsRequired, trustManager, timeoutMillis,
        pingIntervalMillis, maxStanzaBytes, DEFAULT_MAX_QUEUED_BYTES);
  }

  public String bareJid() {
    return username + "@" + domain;
  }

  @Override
  public String toString() {
    return "XmppClientOptions[" + bareJid() + "/" + resource + " at " + host + ":" + port + ", tls "
        + (tlsRequired ? "required" : "if-offered") + "]";
  }
}
