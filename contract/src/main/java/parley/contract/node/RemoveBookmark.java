package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code remove-bookmark}: remove the server's bookmark of {@code room}. */
public record RemoveBookmark(String room) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.REMOVE_BOOKMARK;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("room", room);
  }

  /** Fails without a room (INVALID_JID). */
  public static RemoveBookmark fromJson(JsonObject json) {
    return new RemoveBookmark(RoomFields.room(json));
  }
}
