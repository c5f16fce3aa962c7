package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NodeCommand;

/**
 * {@code room-archive-query}: one page of {@code room}'s own archive, older than the room's stanza id
 * {@code before} (null: the newest); {@code max}: the page's size, null when absent ({@link #pageSize()}).
 */
public record RoomArchiveQuery(String room, String before, Integer max) implements NodeCommandBody {
  /** The page's size when the query names none. */
  public static final int DEFAULT_PAGE = 50;
  /** Longest stanza id a room's archive is asked from. */
  public static final int MAX_BEFORE_CHARS = 200;

  @Override
  public String type() {
    return NodeCommand.ROOM_ARCHIVE_QUERY;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(Json.putIf(new JsonObject().put("room", room), "before", before), "max", max);
  }

  /** The messages to ask for: {@code max}, or {@link #DEFAULT_PAGE}. */
  public int pageSize() {
    return max == null ? DEFAULT_PAGE : max;
  }

  /**
   * Fails without a room (INVALID_JID), with an empty or too long {@code before} or a {@code max} not
   * a whole number; a {@code max} outside 1 to {@link Limits#MAX_HISTORY_PAGE} is brought inside.
   */
  public static RoomArchiveQuery fromJson(JsonObject json) {
    String room = RoomFields.room(json);
    String before = Json.optionalString(json, "before", null);
    if (before != null && (before.isEmpty() || before.length() > MAX_BEFORE_CHARS)) {
      throw FailureCode.INVALID_FIELD.exception("The field 'before' must be a stanza id of 1 to " + MAX_BEFORE_CHARS + " characters.");
    }
    Long max = Json.optionalLong(json, "max");
    return new RoomArchiveQuery(room, before, max == null ? null : (int) Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, max)));
  }
}
