package parley.oscar;

import parley.contract.Presence;
import parley.contract.node.ContactPresence;
import parley.nodekit.OwnPresence;
import parley.oscar.wire.IcqAutoMessage;
import parley.oscar.wire.UserInfo;

/** Buddy presence (user info blocks) in the contract's shape, and own presence in OSCAR's terms. */
final class PresenceJson {
  private PresenceJson() {}

  /** ICQ status flags (low word of the status TLV). */
  static final int ICQ_AWAY = 0x0001;
  static final int ICQ_DND = 0x0002;
  static final int ICQ_NA = 0x0004;
  static final int ICQ_OCCUPIED = 0x0010;
  static final int ICQ_FREE_FOR_CHAT = 0x0020;

  static ContactPresence online(UserInfo info, String awayMessage) {
    String show = show(info);
    String status = awayMessage == null ? "" : awayMessage;
    if (status.isEmpty() && info.idleMinutes() > 0) {
      status = "idle for " + idleText(info.idleMinutes());
    }
    return new ContactPresence(ScreenNames.normalize(info.screenName()), true, show, status);
  }

  static ContactPresence offline(String screenName) {
    return ContactPresence.offline(ScreenNames.normalize(screenName));
  }

  static String show(UserInfo info) {
    Integer icq = info.icqStatus();
    if (icq != null) {
      if ((icq & ICQ_DND) != 0 || (icq & ICQ_OCCUPIED) != 0) {
        return Presence.DND;
      }
      if ((icq & ICQ_NA) != 0) {
        return Presence.XA;
      }
      if ((icq & ICQ_AWAY) != 0) {
        return Presence.AWAY;
      }
      if ((icq & ICQ_FREE_FOR_CHAT) != 0) {
        return Presence.CHAT;
      }
    }
    return info.away() ? Presence.AWAY : Presence.AVAILABLE;
  }

  /** The ICQ auto-message type that asks for the away text of this status, or -1 for "online" (no text). */
  static int icqAutoMessageType(int status) {
    if ((status & ICQ_DND) != 0) {
      return IcqAutoMessage.TYPE_DND;
    }
    if ((status & ICQ_OCCUPIED) != 0) {
      return IcqAutoMessage.TYPE_OCCUPIED;
    }
    if ((status & ICQ_NA) != 0) {
      return IcqAutoMessage.TYPE_NA;
    }
    if ((status & ICQ_AWAY) != 0) {
      return IcqAutoMessage.TYPE_AWAY;
    }
    return (status & ICQ_FREE_FOR_CHAT) != 0 ? IcqAutoMessage.TYPE_FREE_FOR_CHAT : -1;
  }

  private static String idleText(int minutes) {
    return minutes < 60 ? minutes + " min" : (minutes / 60) + " h " + (minutes % 60) + " min";
  }

  /** The ICQ status word for an own presence. */
  static int icqStatus(String show) {
    return switch (show) {
      case Presence.AWAY -> ICQ_AWAY;
      case Presence.XA -> ICQ_AWAY | ICQ_NA;
      case Presence.DND -> ICQ_AWAY | ICQ_DND | ICQ_OCCUPIED;
      case Presence.CHAT -> ICQ_FREE_FOR_CHAT;
      default -> 0;
    };
  }

  /** The away message to set: none when available, the status (or a word for the show) otherwise. */
  static String awayMessage(OwnPresence own) {
    if (own.available()) {
      return "";
    }
    if (!own.status().isBlank()) {
      return own.status();
    }
    return switch (own.show()) {
      case Presence.DND -> "Do not disturb";
      case Presence.XA -> "Not available";
      default -> "Away";
    };
  }
}
