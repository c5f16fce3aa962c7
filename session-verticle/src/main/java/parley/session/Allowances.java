package parley.session;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.BillingEvent;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * Who may send right now, as billing last said. Billing publishes every change; a user's state is
 * also asked for once when the user is loaded. Without an answer from billing, sending is allowed:
 * accounting catches up later, nothing is lost.
 */
final class Allowances {
  private static final Logger log = LoggerFactory.getLogger(Allowances.class);

  private final EventBus bus;
  /** The refusal per user that may not send; users who may send are absent. */
  private final Map<String, ParleyException> refusals = new HashMap<>();

  Allowances(EventBus bus) {
    this.bus = bus;
  }

  /** Applies a status billing published (or answered). */
  void apply(JsonObject status) {
    String userId = status.getString("userId");
    if (userId == null || !BillingEvent.ALLOWANCE.equals(status.getString("type", BillingEvent.ALLOWANCE))) {
      return;
    }
    JsonObject error = status.getJsonObject("error");
    if (status.getBoolean("canSend", true) || error == null) {
      refusals.remove(userId);
    } else {
      FailureCode code;
      try {
        code = FailureCode.valueOf(error.getString("code"));
      } catch (IllegalArgumentException | NullPointerException e) {
        code = FailureCode.FORBIDDEN;
      }
      refusals.put(userId, code.exception(error.getString("text")));
    }
  }

  /** Asks billing for the user's state (once, when the user is loaded). */
  void ask(String userId) {
    bus.<JsonObject>request(Addresses.BILLING_ALLOWANCE,
            new JsonObject().put("type", BillingRequest.ALLOWANCE_GET).put("userId", userId),
            new DeliveryOptions().setSendTimeout(5_000))
        .onSuccess(reply -> apply(reply.body().copy().put("userId", userId)))
        .onFailure(err -> log.debug("Billing did not say whether {} may send: {}", userId, err.getMessage()));
  }

  /** The refusal for this user, or null when they may send. */
  ParleyException refusal(String userId) {
    return refusals.get(userId);
  }
}
