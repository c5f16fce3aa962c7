package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A node's answer to {@code ping} ({@link Ping}): the ids of the accounts node {@code nodeId} holds. */
public record Pong(String nodeId, List<String> accounts) {
  public Pong {
    accounts = List.copyOf(accounts);
  }

  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("accounts", new JsonArray(new ArrayList<>(accounts)));
  }

  /** Fails without {@code nodeId}, or without {@code accounts} as an array of strings. */
  public static Pong fromJson(JsonObject json) {
    return new Pong(Json.requireString(json, "nodeId"), Json.requireStrings(json, "accounts"));
  }
}
