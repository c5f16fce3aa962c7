package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.NodeEvent;

/**
 * {@code bookmarks}: the account's room bookmarks on its server (XMPP: XEP-0402 when {@code pep}, else
 * XEP-0048), after each login and each change; {@code removed}: the rooms whose bookmarks another
 * client's change took away.
 */
public record BookmarksChanged(List<Room> rooms, boolean pep, List<String> removed) implements NodeEventBody {
  /** More bookmarks (or removed rooms) than a node reports: such a body is refused. */
  public static final int MAX_ROOMS = 500;

  public BookmarksChanged {
    rooms = List.copyOf(rooms);
    removed = List.copyOf(removed);
  }

  /**
   * One bookmark: the {@code room}, its {@code name} and {@code nick} (null when it has none), whether
   * to join it {@code autojoin}, and its {@code password} (null when none; for the session only).
   */
  public record Room(String room, String name, String nick, boolean autojoin, String password) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("room", room);
      Json.putIf(json, "name", name);
      Json.putIf(json, "nick", nick);
      json.put("autojoin", autojoin);
      return Json.putIf(json, "password", password);
    }

    static Room fromJson(Object value) {
      if (!(value instanceof JsonObject json)) {
        throw Json.invalid("rooms");
      }
      return new Room(Json.requireRoom(json), Json.optionalString(json, "name", null),
          Json.optionalString(json, "nick", null), Json.optionalBoolean(json, "autojoin", false),
          Json.optionalString(json, "password", null));
    }
  }

  @Override
  public String type() {
    return NodeEvent.BOOKMARKS;
  }

  @Override
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    rooms.forEach(r -> list.add(r.toJson()));
    return new JsonObject().put("rooms", list).put("pep", pep).put("removed", new JsonArray(new ArrayList<>(removed)));
  }

  /**
   * Fails without a {@code rooms} array, with a bookmark that is no object or has no room, with a
   * removed room that is no string, with more than {@link #MAX_ROOMS} of either, or with a field of the
   * wrong type. Absent {@code removed}: none.
   */
  public static BookmarksChanged fromJson(JsonObject json) {
    JsonArray list = Json.optionalArray(json, "rooms");
    if (list == null || list.size() > MAX_ROOMS) {
      throw Json.invalid("rooms");
    }
    List<Room> rooms = new ArrayList<>();
    list.forEach(o -> rooms.add(Room.fromJson(o)));
    JsonArray gone = Json.optionalArray(json, "removed");
    List<String> removed = new ArrayList<>();
    if (gone != null) {
      if (gone.size() > MAX_ROOMS) {
        throw Json.invalid("removed");
      }
      for (Object o : gone) {
        if (!(o instanceof String room) || room.isEmpty() || room.length() > Json.MAX_ROOM_CHARS) {
          throw Json.invalid("removed");
        }
        removed.add(room);
      }
    }
    return new BookmarksChanged(rooms, Json.optionalBoolean(json, "pep", false), removed);
  }
}
