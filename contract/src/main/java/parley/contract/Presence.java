package parley.contract;

import java.util.Set;

/** Presence "show" values, the same on every network. */
public final class Presence {
  private Presence() {}

  public static final String AVAILABLE = "available";
  public static final String CHAT = "chat";
  public static final String AWAY = "away";
  public static final String XA = "xa";
  public static final String DND = "dnd";
  public static final String OFFLINE = "offline";

  /** What a user may set as their own presence. */
  public static final Set<String> SETTABLE = Set.of(AVAILABLE, CHAT, AWAY, XA, DND);

  /** Chat state notifications (XEP-0085) a browser may send. */
  public static final Set<String> TYPING_STATES = Set.of("composing", "paused", "active");
}
