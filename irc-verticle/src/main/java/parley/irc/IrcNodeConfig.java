package parley.irc;

import io.vertx.core.json.JsonObject;

/**
 * The {@code irc} section of the deployment configuration.
 *
 * @param reconnectMinSeconds first wait after a lost connection; doubles on every failed try
 * @param reconnectMaxSeconds longest wait between two tries (the configuration check refuses one below the minimum)
 * @param connectTimeoutSeconds TCP (and TLS) connect timeout, and how long the sign-on may take
 * @param pingSeconds after this long without a line from the server Parley sends a PING
 * @param answerTimeoutSeconds how long the server may take to answer that PING before Parley takes
 *     it for stopped and reconnects
 * @param maxSendHoldSeconds longest a message waits for the flood limit before it is refused
 *     with RATE_LIMITED (below the session's node request timeout)
 * @param floodLineMs the server's flood rule: each line moves the client's clock this far ahead
 * @param floodBurstLines how many lines ahead the server lets a client run before it throttles
 * @param maxLinesPerMessage at most this many IRC lines for one message (longer texts are refused)
 * @param trustedCertificate optional PEM file with the certificates to trust for TLS instead of the JVM's authorities (a private server's own)
 */
public record IrcNodeConfig(int reconnectMinSeconds, int reconnectMaxSeconds, int connectTimeoutSeconds,
    int pingSeconds, int answerTimeoutSeconds, int maxSendHoldSeconds, int floodLineMs, int floodBurstLines,
    int maxLinesPerMessage, String trustedCertificate) {

  public static IrcNodeConfig from(JsonObject section) {
    JsonObject s = section == null ? new JsonObject() : section;
    int min = Math.max(1, s.getInteger("reconnectMinSeconds", 1));
    int max = s.getInteger("reconnectMaxSeconds", 60);
    return new IrcNodeConfig(min, max,
        Math.max(1, s.getInteger("connectTimeoutSeconds", 15)),
        Math.max(5, s.getInteger("pingSeconds", 90)),
        Math.max(1, s.getInteger("answerTimeoutSeconds", 30)),
        Math.max(1, s.getInteger("maxSendHoldSeconds", 8)),
        Math.max(0, s.getInteger("floodLineMs", 2000)),
        Math.max(1, s.getInteger("floodBurstLines", 5)),
        Math.max(1, s.getInteger("maxLinesPerMessage", 5)),
        s.getString("trustedCertificate"));
  }
}
