package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

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
    return new LedgerLine(EventJson.requireLong(json, "id"), EventJson.requireLong(json, "at"),
        EventJson.requireString(json, "entry"), EventJson.requireLong(json, "amount"),
        EventJson.requireString(json, "currency"), EventJson.optionalString(json, "network"),
        EventJson.optionalString(json, "kind"), EventJson.optionalLong(json, "quantity"),
        EventJson.requireString(json, "who"), EventJson.optionalString(json, "why"));
  }
}
