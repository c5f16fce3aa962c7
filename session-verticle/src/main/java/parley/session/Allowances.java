package parley.session;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.ParleyException;
import parley.contract.billing.Allowance;
import parley.contract.billing.AllowanceGet;

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

  /** Applies an allowance billing published; one this process cannot read is logged and changes nothing. */
  void published(JsonObject event) {
    Allowance allowance;
    try {
      allowance = Allowance.fromJson(event);
    } catch (ParleyException e) {
      log.warn("An allowance from billing that cannot be read, ignored: {}", e.getMessage());
      return;
    }
    apply(allowance);
  }

  private void apply(Allowance allowance) {
    if (allowance.canSend()) {
      refusals.remove(allowance.userId());
    } else {
      refusals.put(allowance.userId(), allowance.exception());
    }
  }

  /** Asks billing for the user's state (once, when the user is loaded). */
  void ask(String userId) {
    bus.<JsonObject>request(Addresses.BILLING_ALLOWANCE, new AllowanceGet(userId).toJson(),
            new DeliveryOptions().setSendTimeout(5_000))
        .map(reply -> Allowance.fromReply(userId, reply.body()))
        .onSuccess(this::apply)
        .onFailure(err -> log.debug("Billing did not say whether {} may send: {}", userId, err.getMessage()));
  }

  /** The refusal for this user, or null when they may send. */
  ParleyException refusal(String userId) {
    return refusals.get(userId);
  }
}
