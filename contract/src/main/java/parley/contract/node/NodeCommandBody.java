package parley.contract.node;

import io.vertx.core.json.JsonObject;

/** The body of a {@link parley.contract.NodeCommand}: its type and its JSON, without {@code type} and {@code accountId}. */
public interface NodeCommandBody {
  String type();

  JsonObject toJson();
}
