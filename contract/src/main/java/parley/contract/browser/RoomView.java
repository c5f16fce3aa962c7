package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import parley.contract.node.Failure;
import parley.contract.node.RoomState;

/**
 * A group chat of an account as the page shows it, whole but for its occupants: its {@code room}
 * address, {@code subject} (empty until the room said one) and who set it ({@code subjectBy}), the
 * account's {@code state} in it ({@link RoomState#JOINED}, {@link RoomState#LEFT}, or {@link #GONE} after
 * {@code room.leave}, which carries nothing else), its {@code nick}, {@code role} and {@code affiliation}
 * there, and the {@code error} that put it out. Every field is written, null when unknown, because the
 * page lays each room event over what it had.
 */
public record RoomView(String room, String subject, String state, String nick, String role, String affiliation,
    Failure error, String subjectBy) {
  public static final String GONE = "gone";
  private static final Set<String> STATES = Set.of(RoomState.JOINED, RoomState.LEFT, GONE);

  /** A room the session hears of for the first time (before it says joined or left): no subject yet, nothing known. */
  public static RoomView heard(String room) {
    return new RoomView(room, "", RoomState.LEFT, null, null, null, null, null);
  }

  /** No longer kept nor shown (after {@code room.leave}). */
  public static RoomView gone(String room) {
    return new RoomView(room, null, GONE, null, null, null, null, null);
  }

  public boolean joined() {
    return RoomState.JOINED.equals(state);
  }

  /** In the room now, as {@code nick} with that role and affiliation; no error. */
  public RoomView joinedAs(String nick, String role, String affiliation) {
    return new RoomView(room, subject, RoomState.JOINED, nick, role, affiliation, null, subjectBy);
  }

  /** Out of the room, for {@code error} (null: of its own accord); what was known of it there is kept. */
  public RoomView left(Failure error) {
    return new RoomView(room, subject, RoomState.LEFT, nick, role, affiliation, error, subjectBy);
  }

  public RoomView withSubject(String subject, String subjectBy) {
    return new RoomView(room, subject, state, nick, role, affiliation, error, subjectBy);
  }

  public JsonObject toJson() {
    if (GONE.equals(state)) {
      return new JsonObject().put("room", room).put("state", state);
    }
    return new JsonObject().put("room", room).put("subject", subject).put("state", state).put("nick", nick)
        .put("role", role).put("affiliation", affiliation).put("error", error == null ? null : error.toJson())
        .put("subjectBy", subjectBy);
  }

  /** The room as an attach snapshot lists it: with its account and its occupants. */
  public JsonObject toSnapshotJson(String accountId, List<OccupantView> occupants) {
    JsonArray list = new JsonArray();
    occupants.forEach(o -> list.add(o.toJson()));
    return toJson().put("accountId", accountId).put("occupants", list);
  }

  /** Fails without {@code room}, with a state other than joined, left or gone, or with a field of the wrong type. */
  public static RoomView fromJson(JsonObject json) {
    String room = EventJson.requireString(json, "room");
    String state = EventJson.requireString(json, "state");
    if (!STATES.contains(state)) {
      throw EventJson.invalid("state");
    }
    if (GONE.equals(state)) {
      return gone(room);
    }
    return new RoomView(room, EventJson.requireText(json, "subject"), state, EventJson.optionalString(json, "nick"),
        EventJson.optionalString(json, "role"), EventJson.optionalString(json, "affiliation"),
        Failure.optional(json, "error"), EventJson.optionalString(json, "subjectBy"));
  }
}
