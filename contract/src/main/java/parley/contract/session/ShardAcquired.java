package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.ShardNotice;
import parley.contract.node.Json;

/**
 * {@code shard-acquired}: session process {@code owner} serves {@code shard} from now on, under lease
 * {@code epoch}. Web processes tell their browsers of the shard's users to attach again and send their
 * attachments to it; protocol nodes send what they hold for the shard at once.
 */
public record ShardAcquired(int shard, long epoch, String owner) {
  public JsonObject toJson() {
    return new JsonObject().put("type", ShardNotice.ACQUIRED).put("shard", shard).put("epoch", epoch).put("owner", owner);
  }

  /** Fails without a shard (a whole number from 0), an epoch (a whole number) or an owner. */
  public static ShardAcquired fromJson(JsonObject json) {
    return new ShardAcquired(Json.requireCount(json, "shard"), Json.requireLong(json, "epoch"),
        Json.requireString(json, "owner"));
  }
}
