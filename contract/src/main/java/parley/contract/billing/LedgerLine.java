package parley.contract.billing;

import io.vertx.core.json.JsonObject;

/**
 * One ledger entry as pages and statements show it: {@code amount} in minor units of {@code
 * currency} (charges negative), {@code at} in epoch ms; {@code network}, {@code kind} and {@code
 * quantity} of a usage charge, null on an entry an admin made ({@code who} "admin:…", {@code why}
 * their reason).
 */
public record LedgerLine(long id, long at, String entry, long amount, String currency, String network, String kind,
                         Long quantity, String who, String why) {
  /** Every field, null ones too. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("at", at).put("entry", entry).put("amount", amount).put("currency", currency)
        .put("network", network).put("kind", kind).put("quantity", quantity).put("who", who).put("why", why);
  }

  public static LedgerLine fromJson(JsonObject json) {
    return new LedgerLine(BillingFields.requireLong(json, "id"), BillingFields.requireLong(json, "at"),
        BillingFields.requireString(json, "entry"), BillingFields.requireLong(json, "amount"),
        BillingFields.requireString(json, "currency"), BillingFields.optionalString(json, "network"),
        BillingFields.optionalString(json, "kind"), BillingFields.optionalLong(json, "quantity"),
        BillingFields.requireString(json, "who"), BillingFields.optionalString(json, "why"));
  }
}
