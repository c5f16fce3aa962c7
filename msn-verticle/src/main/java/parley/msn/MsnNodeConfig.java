package parley.msn;

import io.vertx.core.json.JsonObject;

/**
 * The {@code msn} section of the deployment configuration (declared in {@link MsnSettings}).
 *
 * @param reconnectMinSeconds first wait after a lost connection; doubles on every failed try
 * @param reconnectMaxSeconds longest wait between two tries (the configuration check refuses one below the minimum)
 * @param connectTimeoutSeconds TCP connect timeout to a notification server or switchboard
 * @param answerTimeoutSeconds how long a server may take to answer a command (and a PNG)
 * @param pingSeconds a PNG goes every this many seconds to keep the notification server connection alive
 * @param switchboardIdleSeconds a conversation's switchboard is closed after this long without a message
 * @param loginUrl the Passport login URL of the TWN sign-in (MSNP8 and later); {@code {host}} is
 *     replaced by the account's server host
 * @param trustedCertificate optional PEM file with the certificates to trust for an HTTPS login URL
 */
record MsnNodeConfig(int reconnectMinSeconds, int reconnectMaxSeconds, int connectTimeoutSeconds, int answerTimeoutSeconds,
    int pingSeconds, int switchboardIdleSeconds, String loginUrl, String trustedCertificate) {

  static final String DEFAULT_LOGIN_URL = "https://{host}/login2.srf";

  static MsnNodeConfig from(JsonObject section) {
    JsonObject s = section == null ? new JsonObject() : section;
    int min = Math.max(1, s.getInteger("reconnectMinSeconds", 1));
    int max = s.getInteger("reconnectMaxSeconds", 60);
    return new MsnNodeConfig(min, max,
        Math.max(1, s.getInteger("connectTimeoutSeconds", 15)),
        Math.max(1, s.getInteger("answerTimeoutSeconds", 30)),
        Math.max(5, s.getInteger("pingSeconds", 50)),
        Math.max(5, s.getInteger("switchboardIdleSeconds", 300)),
        s.getString("loginUrl", DEFAULT_LOGIN_URL),
        s.getString("trustedCertificate"));
  }

  /** The login URL for an account on {@code host}. */
  String loginUrl(String host) {
    return loginUrl.replace("{host}", host);
  }
}
