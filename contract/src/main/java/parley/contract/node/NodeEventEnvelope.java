package parley.contract.node;

import io.vertx.core.json.JsonObject;

/**
 * A node event as it travels to the session: the event's body ({@link NodeEventBody#toJson()}) with
 * the event's {@code type}, the {@code nodeId} of the connection that reports it, its {@code userId}
 * and {@code accountId}, the {@code connectionId} its {@code connect} named (null when absent), and
 * the node's {@code eventId} (null when absent: unit tests' nodes send none) put beside the body's
 * fields in one flat object. {@code body} is that object as read (envelope fields
 * included), for the body's own {@code fromJson}.
 */
public record NodeEventEnvelope(String type, String nodeId, String userId, String accountId, String connectionId,
    String eventId, JsonObject body) {
  /** The longest event id the session keeps to apply an event sent twice once. */
  public static final int MAX_EVENT_ID_CHARS = 200;
  /** The longest connection id read (the session names its connections with UUIDs). */
  public static final int MAX_CONNECTION_ID_CHARS = 200;

  /** A typed event of one account's connection on node {@code nodeId}. */
  public static NodeEventEnvelope of(NodeEventBody event, String nodeId, String userId, String accountId,
      String connectionId, String eventId) {
    return new NodeEventEnvelope(event.type(), nodeId, userId, accountId, connectionId, eventId, event.toJson());
  }

  /** The body's fields first, then the envelope's, as node-kit has always put them. */
  public JsonObject toJson() {
    JsonObject json = body.copy().put("type", type).put("nodeId", nodeId).put("userId", userId).put("accountId", accountId);
    return Json.putIf(Json.putIf(json, "connectionId", connectionId), "eventId", eventId);
  }

  /**
   * Fails without {@code userId} or {@code accountId} (nobody to give the event to); a missing type,
   * nodeId, connectionId or eventId reads as null (the event goes its usual way and is dropped when
   * unknown), and a connectionId or eventId that is not a non-blank string of at most
   * {@link #MAX_CONNECTION_ID_CHARS} / {@link #MAX_EVENT_ID_CHARS} characters as null.
   */
  public static NodeEventEnvelope fromJson(JsonObject json) {
    String userId = Json.requireString(json, "userId");
    String accountId = Json.requireString(json, "accountId");
    return new NodeEventEnvelope(Json.optionalString(json, "type", null), Json.optionalString(json, "nodeId", null),
        userId, accountId, shortText(json, "connectionId", MAX_CONNECTION_ID_CHARS),
        shortText(json, "eventId", MAX_EVENT_ID_CHARS), json);
  }

  private static String shortText(JsonObject json, String field, int maxChars) {
    return json.getValue(field) instanceof String text && !text.isBlank() && text.length() <= maxChars ? text : null;
  }
}
