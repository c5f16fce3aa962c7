package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.BrowserEvent;

/** {@code blocklist}: the account's whole blocklist on its IM server ({@code blocked} addresses). */
public record BlocklistEvent(String accountId, List<String> blocked) implements BrowserEventBody {
  public BlocklistEvent {
    blocked = List.copyOf(blocked);
  }

  @Override
  public String type() {
    return BrowserEvent.BLOCKLIST;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("blocked", new JsonArray(blocked));
  }

  /** Fails without {@code accountId}, or with {@code blocked} not an array of strings. */
  public static BlocklistEvent fromJson(JsonObject json) {
    return new BlocklistEvent(EventJson.requireString(json, "accountId"), EventJson.requireStrings(json, "blocked"));
  }
}
