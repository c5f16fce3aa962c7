package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingEvent;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.browser.EventJson;

/**
 * {@code allowance}: whether the user may send; when not, {@code refusal} says why ({@code
 * QUOTA_EXCEEDED}, {@code BALANCE_EXHAUSTED}, {@code SUSPENDED}) and {@code text} what to do, in
 * the words the user is shown. Billing publishes it when it changes and answers it to {@link AllowanceGet}.
 */
public record Allowance(String userId, FailureCode refusal, String text) {
  public static Allowance allowed(String userId) {
    return new Allowance(userId, null, null);
  }

  public boolean canSend() {
    return refusal == null;
  }

  /** The refusal to give the user who tries to send, or null when they may. */
  public ParleyException exception() {
    return refusal == null ? null : refusal.exception(text);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", BillingEvent.ALLOWANCE).put("userId", userId).put("canSend", canSend());
    return refusal == null ? json.putNull("error") : json.put("error", refusal.toJson(text));
  }

  /** As the usage view shows it (a reply, not an event): {@code type} null. */
  public JsonObject toUsageViewJson() {
    return toJson().putNull("type");
  }

  /**
   * Reads the event as the session always has: {@code type} may be absent; {@code canSend} absent is
   * true; a refusal with a code this process does not know is FORBIDDEN, with billing's text.
   */
  public static Allowance fromJson(JsonObject json) {
    Object type = json.getValue("type");
    if (type != null && !BillingEvent.ALLOWANCE.equals(type)) {
      throw EventJson.invalid("type");
    }
    if (!(json.getValue("userId") instanceof String userId) || userId.isBlank()) {
      throw EventJson.invalid("userId");
    }
    Object canSend = json.getValue("canSend");
    if (canSend != null && !(canSend instanceof Boolean)) {
      throw EventJson.invalid("canSend");
    }
    Object error = json.getValue("error");
    if (error != null && !(error instanceof JsonObject)) {
      throw EventJson.invalid("error");
    }
    if (!Boolean.FALSE.equals(canSend) || error == null) {
      return allowed(userId);
    }
    JsonObject e = (JsonObject) error;
    if (e.getValue("text") != null && !(e.getValue("text") instanceof String)) {
      throw EventJson.invalid("error.text");
    }
    return new Allowance(userId, code(e.getValue("code")), e.getString("text"));
  }

  /** The answer to an {@link AllowanceGet} for {@code userId} (an older billing left out type and userId). */
  public static Allowance fromReply(String userId, JsonObject reply) {
    return fromJson(reply.copy().put("userId", userId));
  }

  private static FailureCode code(Object code) {
    try {
      return code instanceof String name ? FailureCode.valueOf(name) : FailureCode.FORBIDDEN;
    } catch (IllegalArgumentException e) {
      return FailureCode.FORBIDDEN;
    }
  }
}
