package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One result of {@code history.search}: the stored message {@code id} in its chat, its account's
 * {@code network} (null when not known) and a {@code snippet} of its text: plain text parts, the odd
 * ones the words found.
 */
public record SearchResult(long id, String accountId, String peer, String direction, long ts, List<String> snippet,
                           String network) {
  public SearchResult {
    snippet = List.copyOf(snippet);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("accountId", accountId).put("peer", peer).put("direction", direction)
        .put("ts", ts).put("snippet", new JsonArray(List.copyOf(snippet))).put("network", network);
  }

  /** {@code results} as a JSON array in their order: the {@code results} of the reply. */
  public static JsonArray jsonArray(List<SearchResult> results) {
    JsonArray array = new JsonArray();
    results.forEach(r -> array.add(r.toJson()));
    return array;
  }

  public static SearchResult fromJson(JsonObject json) {
    return new SearchResult(EventJson.requireLong(json, "id"), EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "peer"), EventJson.requireString(json, "direction"), EventJson.requireLong(json, "ts"),
        EventJson.requireStrings(json, "snippet"), EventJson.optionalString(json, "network"));
  }
}
