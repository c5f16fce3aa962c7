package parley.billing;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.regex.Pattern;
import parley.contract.UsageKind;

/**
 * Checks the shape and sense of one usage record; a record that fails is quarantined with the
 * reason this returns, never counted.
 */
final class UsageCheck {
  private static final Pattern NETWORK = Pattern.compile("[a-z0-9-]{1,32}");
  /** A single message (or any record) over 10 MB is not something Parley carries. */
  static final long MAX_BYTES = 10L * 1024 * 1024;
  /** Records dated more than this in the future are refused (clocks may differ a little). */
  static final long MAX_FUTURE_MS = 5 * 60_000L;
  /** Records older than this are refused: no outbox holds a record that long. */
  static final long MAX_AGE_MS = 400L * 24 * 3600_000L;

  private UsageCheck() {}

  /** Why the record cannot be counted, or null when it is fine. */
  static String problem(Object raw, long nowMs) {
    if (!(raw instanceof JsonObject r)) {
      return "not a JSON object";
    }
    if (!(r.getValue("id") instanceof String id) || id.isBlank() || id.length() > 200) {
      return "id missing or not text of at most 200 characters";
    }
    if (!(r.getValue("userId") instanceof String userId) || !isUuid(userId)) {
      return "userId missing or not a user id";
    }
    if (!(r.getValue("ts") instanceof Number ts) || ts.doubleValue() != ts.longValue()) {
      return "ts missing or not a whole number of milliseconds";
    }
    if (ts.longValue() > nowMs + MAX_FUTURE_MS || ts.longValue() < nowMs - MAX_AGE_MS) {
      return "ts " + ts.longValue() + " is too far from now";
    }
    String kind = r.getValue("kind") instanceof String k ? k : null;
    if (UsageKind.USER_SIGNED_UP.equals(kind)) {
      return r.getValue("username") instanceof String name && !name.isBlank() && name.length() <= 64
          ? null : "username missing or too long";
    }
    if (kind == null || !UsageKind.METERED.contains(kind)) {
      return "unknown kind " + kind;
    }
    if (!(r.getValue("accountId") instanceof String accountId) || accountId.isBlank() || accountId.length() > 64) {
      return "accountId missing or too long";
    }
    if (!(r.getValue("network") instanceof String network) || !NETWORK.matcher(network).matches()) {
      return "network missing or not a network name";
    }
    if (!(r.getValue("bytes") instanceof Number bytes) || bytes.doubleValue() != bytes.longValue()
        || bytes.longValue() < 0 || bytes.longValue() > MAX_BYTES) {
      return "bytes missing, negative or absurd";
    }
    if (UsageKind.ONLINE_MINUTE.equals(kind) && bytes.longValue() != 0) {
      return "an online minute carries no bytes";
    }
    return null;
  }

  private static boolean isUuid(String s) {
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
