package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import parley.contract.FailureCode;
import parley.contract.UsageKind;

/**
 * One usage record of a {@link UsageBatch}: a use of {@code kind} ({@link UsageKind}) by a user at
 * {@code ts} (epoch ms), with the {@code accountId}, {@code network} and {@code bytes} of a metered
 * kind, or the {@code username} of {@link UsageKind#USER_SIGNED_UP}; absent fields are null. Its
 * {@code id} says what happened, so billing counts it once however often it comes.
 */
public record UsageRecord(String id, Long ts, String kind, Long bytes, String userId, String network, String username,
                          String accountId) {
  static final int MAX_ID_CHARS = 200;
  static final int MAX_ACCOUNT_ID_CHARS = 64;
  static final int MAX_USERNAME_CHARS = 64;
  private static final Pattern NETWORK = Pattern.compile("[a-z0-9-]{1,32}");
  /** A single message (or any record) over 10 MB is not something Parley carries. */
  static final long MAX_BYTES = 10L * 1024 * 1024;

  /**
   * A message's record without its {@code id} and {@code ts}: the session's database adds both as it
   * stores the message ({@link UsageKind#messageId} of the row's id, and the row's time).
   */
  public static UsageRecord message(String userId, String accountId, String network, String kind, long bytes) {
    return new UsageRecord(null, null, kind, bytes, userId, network, null, accountId);
  }

  public static UsageRecord onlineMinute(String userId, String accountId, String network, long epochMinute, long minuteMs) {
    return new UsageRecord(UsageKind.onlineMinuteId(accountId, epochMinute), epochMinute * minuteMs,
        UsageKind.ONLINE_MINUTE, 0L, userId, network, null, accountId);
  }

  public static UsageRecord signedUp(String userId, String username, long ts) {
    return new UsageRecord(UsageKind.signedUpId(userId), ts, UsageKind.USER_SIGNED_UP, null, userId, null, username, null);
  }

  /** In the order PostgreSQL's jsonb keeps the keys, which is how the relay sends records from the outbox. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    BillingFields.putIf(json, "id", id);
    BillingFields.putIf(json, "ts", ts);
    json.put("kind", kind);
    BillingFields.putIf(json, "bytes", bytes);
    json.put("userId", userId);
    BillingFields.putIf(json, "network", network);
    BillingFields.putIf(json, "username", username);
    return BillingFields.putIf(json, "accountId", accountId);
  }

  /**
   * Fails with the reason billing quarantines the record under (INVALID_FIELD): an id, a user id, a
   * whole-number ts and a known kind, then the username of a sign-up or the account, network and
   * bytes of a use. Whether ts is near enough to now is billing's to say.
   */
  public static UsageRecord fromJson(JsonObject r) {
    if (!(r.getValue("id") instanceof String id) || id.isBlank() || id.length() > MAX_ID_CHARS) {
      throw problem("id missing or not text of at most " + MAX_ID_CHARS + " characters");
    }
    if (!BillingFields.isUserId(r.getValue("userId"))) {
      throw problem("userId missing or not a user id");
    }
    String userId = r.getString("userId");
    if (!(r.getValue("ts") instanceof Number ts) || ts.doubleValue() != ts.longValue()) {
      throw problem("ts missing or not a whole number of milliseconds");
    }
    String kind = r.getValue("kind") instanceof String k ? k : null;
    if (UsageKind.USER_SIGNED_UP.equals(kind)) {
      if (!(r.getValue("username") instanceof String name) || name.isBlank() || name.length() > MAX_USERNAME_CHARS) {
        throw problem("username missing or too long");
      }
      return new UsageRecord(id, ts.longValue(), kind, null, userId, null, name, null);
    }
    if (kind == null || !UsageKind.METERED.contains(kind)) {
      throw problem("unknown kind " + kind);
    }
    if (!(r.getValue("accountId") instanceof String accountId) || accountId.isBlank()
        || accountId.length() > MAX_ACCOUNT_ID_CHARS) {
      throw problem("accountId missing or too long");
    }
    if (!(r.getValue("network") instanceof String network) || !NETWORK.matcher(network).matches()) {
      throw problem("network missing or not a network name");
    }
    if (!(r.getValue("bytes") instanceof Number bytes) || bytes.doubleValue() != bytes.longValue()
        || bytes.longValue() < 0 || bytes.longValue() > MAX_BYTES) {
      throw problem("bytes missing, negative or absurd");
    }
    if (UsageKind.ONLINE_MINUTE.equals(kind) && bytes.longValue() != 0) {
      throw problem("an online minute carries no bytes");
    }
    return new UsageRecord(id, ts.longValue(), kind, bytes.longValue(), userId, network, null, accountId);
  }

  /**
   * The id of a record as it came, even one {@link #fromJson} refuses (null when it has none that
   * is text), so that a bad record is acknowledged and quarantined once, not sent for ever.
   */
  public static String idOf(Object raw) {
    return raw instanceof JsonObject r && r.getValue("id") instanceof String id ? id : null;
  }

  public boolean signUp() {
    return UsageKind.USER_SIGNED_UP.equals(kind);
  }

  private static RuntimeException problem(String reason) {
    return FailureCode.INVALID_FIELD.exception(reason);
  }
}
