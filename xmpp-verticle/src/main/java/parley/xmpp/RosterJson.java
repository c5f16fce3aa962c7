package parley.xmpp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import org.jivesoftware.smack.packet.Presence.Mode;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterGroup;
import org.jivesoftware.smackx.chatstates.ChatState;
import parley.contract.Presence;

/** Converts Smack's roster entries, presences and chat states to the contract's JSON. */
final class RosterJson {
  private RosterJson() {}

  /** {@code {"jid", "name", "groups", "subscription"}}. */
  static JsonObject contact(RosterEntry entry) {
    JsonArray groups = new JsonArray();
    for (RosterGroup group : entry.getGroups()) {
      groups.add(group.getName());
    }
    return new JsonObject()
        .put("jid", entry.getJid().toString())
        .put("name", entry.getName())
        .put("groups", groups)
        .put("subscription", entry.getType().name());
  }

  static JsonArray contacts(Collection<RosterEntry> entries) {
    JsonArray list = new JsonArray();
    entries.stream()
        .sorted((a, b) -> a.getJid().toString().compareTo(b.getJid().toString()))
        .forEach(e -> list.add(contact(e)));
    return list;
  }

  /** {@code {"jid", "available", "show", "status"}} for a contact's (best) presence. */
  static JsonObject presence(String jid, org.jivesoftware.smack.packet.Presence presence) {
    boolean available = presence != null && presence.isAvailable();
    String status = presence == null || presence.getStatus() == null ? "" : presence.getStatus();
    return new JsonObject()
        .put("jid", jid)
        .put("available", available)
        .put("show", available ? show(presence.getMode()) : Presence.OFFLINE)
        .put("status", status);
  }

  static String show(Mode mode) {
    if (mode == null) {
      return Presence.AVAILABLE;
    }
    return switch (mode) {
      case chat -> Presence.CHAT;
      case away -> Presence.AWAY;
      case xa -> Presence.XA;
      case dnd -> Presence.DND;
      case available -> Presence.AVAILABLE;
    };
  }

  /** The Smack mode for a {@link Presence#SETTABLE} show value. */
  static Mode mode(String show) {
    return switch (show) {
      case Presence.CHAT -> Mode.chat;
      case Presence.AWAY -> Mode.away;
      case Presence.XA -> Mode.xa;
      case Presence.DND -> Mode.dnd;
      default -> Mode.available;
    };
  }

  /** Incoming chat states as the contract names them: inactive and gone both mean "not typing". */
  static String typingState(ChatState state) {
    return switch (state) {
      case composing -> "composing";
      case paused -> "paused";
      default -> "active";
    };
  }

  /** Outgoing chat state for a contract typing state, or null if unknown. */
  static ChatState chatState(String state) {
    if (state == null || !Presence.TYPING_STATES.contains(state)) {
      return null;
    }
    return ChatState.valueOf(state);
  }
}
