package parley.nodekit;

import parley.contract.Presence;
import parley.contract.node.SetPresence;

/**
 * The user's own presence as a node holds it: a {@link Presence#SETTABLE} show and a status text, as
 * {@link SetPresence} checked them ({@code set-presence}, and the {@code presence} of {@code connect}).
 */
public record OwnPresence(String show, String status) {

  public static OwnPresence of(SetPresence presence) {
    return new OwnPresence(presence.show(), presence.status());
  }

  public boolean available() {
    return Presence.AVAILABLE.equals(show) || Presence.CHAT.equals(show);
  }
}
