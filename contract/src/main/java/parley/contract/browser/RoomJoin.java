package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/**
 * {@code room.join}: join {@code room} (an address the session checks by the account's network) as
 * {@code nick} (trimmed); {@code password}: the room's password or channel key, null when none.
 */
public record RoomJoin(String accountId, String room, String nick, String password) {
  /** Longest nickname a person may take in a room. */
  public static final int MAX_NICK_CHARS = 64;
  /** Longest room password or channel key. */
  public static final int MAX_PASSWORD_CHARS = 256;

  public String type() {
    return BrowserCommand.ROOM_JOIN;
  }

  public JsonObject toJson() {
    return CommandFields.putIf(new JsonObject().put("accountId", accountId).put("room", room).put("nick", nick),
        "password", password);
  }

  /** Fails without an account, a room or a nickname, or with a nickname or password too long. */
  public static RoomJoin fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String room = CommandFields.address(json, "room");
    String nick = CommandFields.string(json, "nick", MAX_NICK_CHARS).trim();
    String given = CommandFields.optionalString(json, "password", MAX_PASSWORD_CHARS);
    return new RoomJoin(accountId, room, nick, given == null || given.isEmpty() ? null : given);
  }

  /** Without the password: a record's own toString would put it in a log. */
  @Override
  public String toString() {
    return "RoomJoin[accountId=" + accountId + ", room=" + room + ", nick=" + nick + ", password="
        + (password == null ? "none" : "***") + "]";
  }
}
