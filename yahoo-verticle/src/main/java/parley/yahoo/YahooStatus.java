package parley.yahoo;

import parley.contract.Presence;
import parley.contract.node.ContactPresence;
import parley.nodekit.OwnPresence;
import parley.yahoo.wire.Services;
import parley.yahoo.wire.YmsgPacket;

/** Yahoo presence codes (key 10, with the custom text 19 and the away flag 47) in the contract's terms, both ways. */
final class YahooStatus {
  private YahooStatus() {}

  /** A buddy's presence event from its status fields. */
  static ContactPresence presence(String id, long code, String customText, long awayFlag) {
    if (code == Services.INVISIBLE) {
      return offline(id);
    }
    String text = customText == null ? "" : customText;
    String show = switch ((int) code) {
      case Services.AVAILABLE -> Presence.AVAILABLE;
      case Services.BUSY -> Presence.DND;
      case Services.ON_VACATION -> Presence.XA;
      case Services.CUSTOM -> awayFlag == 2 ? Presence.DND : awayFlag == 1 ? Presence.AWAY : Presence.AVAILABLE;
      default -> Presence.AWAY;
    };
    if (code != Services.CUSTOM && code != Services.AVAILABLE) {
      text = words(code);
    }
    return new ContactPresence(YahooIds.normalize(id), true, show, text);
  }

  static ContactPresence offline(String id) {
    return ContactPresence.offline(YahooIds.normalize(id));
  }

  /** What Yahoo's own clients show for the standard codes. */
  static String words(long code) {
    return switch ((int) code) {
      case Services.BRB -> "Be right back";
      case Services.BUSY -> "Busy";
      case Services.NOT_AT_HOME -> "Not at home";
      case Services.NOT_AT_DESK -> "Not at my desk";
      case Services.NOT_IN_OFFICE -> "Not in the office";
      case Services.ON_PHONE -> "On the phone";
      case Services.ON_VACATION -> "On vacation";
      case Services.OUT_TO_LUNCH -> "Out to lunch";
      case Services.STEPPED_OUT -> "Stepped out";
      case Services.IDLE -> "Idle";
      default -> "";
    };
  }

  /** The packet that sets the account's own presence: IS_BACK when plainly available, else IS_AWAY with a custom text. */
  static YmsgPacket own(OwnPresence own, long sessionId) {
    if (own.available() && own.status().isBlank()) {
      return YmsgPacket.of(Services.IS_BACK, Services.AVAILABLE, sessionId).put(10, Services.AVAILABLE).build();
    }
    int away = switch (own.show()) {
      case Presence.DND -> 2;
      case Presence.AWAY, Presence.XA -> 1;
      default -> 0;
    };
    String text = !own.status().isBlank() ? own.status() : switch (own.show()) {
      case Presence.DND -> "Busy";
      case Presence.XA -> "Not available";
      default -> "Away";
    };
    return YmsgPacket.of(Services.IS_AWAY, Services.CUSTOM, sessionId)
        .put(10, Services.CUSTOM).put(19, text).put(47, away).build();
  }
}
