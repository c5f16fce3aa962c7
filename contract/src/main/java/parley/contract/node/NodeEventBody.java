package parley.contract.node;

import io.vertx.core.json.JsonObject;

/** The body of a {@link parley.contract.NodeEvent}: its type and its JSON, without the envelope. */
public interface NodeEventBody {
  String type();

  JsonObject toJson();
}
