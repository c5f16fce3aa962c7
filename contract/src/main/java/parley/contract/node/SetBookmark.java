package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;

/**
 * {@code set-bookmark}: bookmark {@code room} on the server; {@code nick}, {@code name} and
 * {@code password} null when absent, {@code autojoin} false when absent.
 */
public record SetBookmark(String room, String nick, String name, boolean autojoin, String password)
    implements NodeCommandBody {
  /** Longest name a bookmark is given. */
  public static final int MAX_NAME_CHARS = 200;

  @Override
  public String type() {
    return NodeCommand.SET_BOOKMARK;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = Json.putIf(Json.putIf(new JsonObject().put("room", room), "nick", nick), "name", name);
    return Json.putIf(json.put("autojoin", autojoin), "password", password);
  }

  /** Fails without a room (INVALID_JID), or with an empty or too long nickname, a too long name or password. */
  public static SetBookmark fromJson(JsonObject json) {
    String room = RoomFields.room(json);
    String nick = RoomFields.nick(json, false);
    String name = Json.optionalString(json, "name", null);
    if (name != null && name.length() > MAX_NAME_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("A bookmark's name may have at most " + MAX_NAME_CHARS + " characters.");
    }
    return new SetBookmark(room, nick, name, Json.optionalBoolean(json, "autojoin", false), RoomFields.password(json));
  }

  /** Without the password: a record's own toString would put it in a log. */
  @Override
  public String toString() {
    return "SetBookmark[room=" + room + ", nick=" + nick + ", name=" + name + ", autojoin=" + autojoin
        + ", password=" + (password == null ? "none" : "***") + "]";
  }
}
