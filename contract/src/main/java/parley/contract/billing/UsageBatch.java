package parley.contract.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;

/**
 * {@code usage-batch}: usage records from the session's outbox, as they were stored ({@link
 * UsageRecord#toJson}); billing reads each with {@link UsageRecord#fromJson}, so that one bad
 * record is quarantined instead of the whole batch refused. Answered with a {@link UsageAck}.
 */
public record UsageBatch(JsonArray records) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.USAGE_BATCH).put("records", records);
  }

  /** Fails (MALFORMED) unless it is a usage-batch with an array of records. */
  public static UsageBatch fromJson(JsonObject json) {
    if (!BillingRequest.USAGE_BATCH.equals(json.getValue("type")) || !(json.getValue("records") instanceof JsonArray records)) {
      throw FailureCode.MALFORMED.exception("Expected a usage-batch with records.");
    }
    return new UsageBatch(records);
  }
}
