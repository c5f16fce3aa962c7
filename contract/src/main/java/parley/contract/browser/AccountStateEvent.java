package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.BrowserEvent;
import parley.contract.node.Failure;

/**
 * {@code account.state}: the account's connection {@code state} ({@link parley.contract.ConnectionState}),
 * the failure in words that put it there ({@code error}, null when none) and the optional features its IM
 * server offers ({@code features}, null before it connected); both are always sent, null or not.
 * {@code uploadMaxBytes}: the largest file its upload service takes, sent only when the server names one.
 */
public record AccountStateEvent(String accountId, String state, Failure error, List<String> features, Long uploadMaxBytes)
    implements BrowserEventBody {
  public AccountStateEvent {
    features = features == null ? null : List.copyOf(features);
  }

  public AccountStateEvent(String accountId, String state, Failure error, List<String> features) {
    this(accountId, state, error, features, null);
  }

  @Override
  public String type() {
    return BrowserEvent.ACCOUNT_STATE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("accountId", accountId).put("state", state)
        .put("error", error == null ? null : error.toJson())
        .put("features", features == null ? null : new JsonArray(new ArrayList<>(features)));
    return uploadMaxBytes == null ? json : json.put("uploadMaxBytes", uploadMaxBytes);
  }

  /** Fails without {@code accountId} or {@code state}, or with an error or features of another type. */
  public static AccountStateEvent fromJson(JsonObject json) {
    return new AccountStateEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "state"),
        Failure.optional(json, "error"), EventJson.optionalStrings(json, "features"), EventJson.optionalLong(json, "uploadMaxBytes"));
  }
}
