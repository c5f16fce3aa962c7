package parley.oscar;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The {@code oscar} section of the deployment configuration.
 *
 * @param reconnectMinSeconds first wait after a lost connection; doubles on every failed try
 * @param reconnectMaxSeconds longest wait between two tries (the configuration check refuses one below the minimum)
 * @param connectTimeoutSeconds TCP connect timeout, and how long to wait for each step of the sign-on
 * @param keepaliveSeconds how often an idle connection sends a FLAP keepalive
 * @param aimLogin how AIM screen names sign on: {@code md5-strong} (BUCP, newer hash), {@code md5}
 *     (BUCP, older hash) or {@code roasted} (FLAP channel 1); ICQ numbers always use {@code roasted}
 * @param maxSendHoldSeconds longest a message waits for the server's rate limit before it is
 *     refused with RATE_LIMITED (below the session's node request timeout)
 * @param answerTimeoutSeconds how long the server may take to answer the request sent every
 *     keepalive interval and after each message before Parley takes it for stopped and reconnects
 */
public record OscarNodeConfig(int reconnectMinSeconds, int reconnectMaxSeconds, int connectTimeoutSeconds,
    int keepaliveSeconds, String aimLogin, int maxSendHoldSeconds, int answerTimeoutSeconds) {

  public static final String MD5_STRONG = "md5-strong";
  public static final String MD5 = "md5";
  public static final String ROASTED = "roasted";
  private static final Set<String> LOGINS = Set.of(MD5_STRONG, MD5, ROASTED);

  public static OscarNodeConfig from(JsonObject section) {
    JsonObject s = section == null ? new JsonObject() : section;
    int min = Math.max(1, s.getInteger("reconnectMinSeconds", 1));
    int max = s.getInteger("reconnectMaxSeconds", 60);
    int timeout = Math.max(1, s.getInteger("connectTimeoutSeconds", 15));
    int keepalive = Math.max(5, s.getInteger("keepaliveSeconds", 60));
    String login = s.getString("aimLogin", MD5_STRONG);
    if (!LOGINS.contains(login)) {
      throw new IllegalArgumentException("oscar.aimLogin must be one of " + LOGINS + ", not " + login);
    }
    int hold = Math.max(1, s.getInteger("maxSendHoldSeconds", 8));
    int answer = Math.max(1, s.getInteger("answerTimeoutSeconds", 8));
    return new OscarNodeConfig(min, max, timeout, keepalive, login, hold, answer);
  }

}
