package parley.yahoo;

import io.vertx.core.json.JsonObject;

/**
 * The {@code yahoo} section of the deployment configuration (declared in {@link YahooSettings}).
 *
 * @param reconnectMinSeconds first wait after a lost connection; doubles on every failed try
 * @param reconnectMaxSeconds longest wait between two tries (the configuration check refuses one below the minimum)
 * @param connectTimeoutSeconds TCP connect timeout, and how long each login step may wait for the server
 * @param keepaliveSeconds how often an idle connection sends a PING
 * @param answerTimeoutSeconds how long the server may take to answer a PING before Parley takes it for stopped
 * @param maxPacketBytes the largest packet payload accepted from the server
 */
record YahooNodeConfig(int reconnectMinSeconds, int reconnectMaxSeconds, int connectTimeoutSeconds,
    int keepaliveSeconds, int answerTimeoutSeconds, int maxPacketBytes) {

  static YahooNodeConfig from(JsonObject section) {
    JsonObject s = section == null ? new JsonObject() : section;
    int min = Math.max(1, s.getInteger("reconnectMinSeconds", 1));
    int max = s.getInteger("reconnectMaxSeconds", 60);
    int timeout = Math.max(1, s.getInteger("connectTimeoutSeconds", 15));
    int keepalive = Math.max(1, s.getInteger("keepaliveSeconds", 60));
    int answer = Math.max(1, s.getInteger("answerTimeoutSeconds", 15));
    int maxPacket = Math.min(65535, Math.max(1024, s.getInteger("maxPacketBytes", 32768)));
    return new YahooNodeConfig(min, max, timeout, keepalive, answer, maxPacket);
  }
}
