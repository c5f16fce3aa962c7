package parley.bench.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import parley.bench.cluster.ChaosBrowser.GapSaid;
import parley.bench.cluster.ChaosBrowser.StateShown;
import parley.contract.ConnectionState;
import parley.contract.browser.ArchiveGapEvent;

/**
 * The chaos verdict's rule for a message the receiver's page said may have been missed: only such a
 * message, sent in the window around the kill that page spoke of, is excused from "lost".
 */
class ChaosVerdictTest {
  private static final String ACCOUNT = "bob-account";
  private static final long KILL = 10_000;
  private static final List<Long> KILLS = List.of(2_000L, KILL);
  /** The page said "may have been missed" 400 ms after the kill, and showed the account connected again at 13 s. */
  private static final List<GapSaid> GAP = List.of(new GapSaid(KILL + 400, ACCOUNT, ArchiveGapEvent.NODE_LOST));
  private static final List<StateShown> STATES = List.of(
      new StateShown(KILL + 500, ACCOUNT, ConnectionState.RECONNECTING),
      new StateShown(13_000, ACCOUNT, ConnectionState.CONNECTED),
      new StateShown(20_000, ACCOUNT, ConnectionState.CONNECTED));

  @Test
  void aMessageSentFromASecondBeforeTheKillUntilTheAccountIsBackIsExcused() {
    assertTrue(ChaosVerdict.saidMaybeMissed(KILL - 1_000, ACCOUNT, KILLS, GAP, STATES), "a second before the kill");
    assertTrue(ChaosVerdict.saidMaybeMissed(KILL + 3, ACCOUNT, KILLS, GAP, STATES), "just after the kill");
    assertTrue(ChaosVerdict.saidMaybeMissed(13_000, ACCOUNT, KILLS, GAP, STATES), "until the page showed it connected");
  }

  @Test
  void aMessageOutsideThatWindowIsNot() {
    assertFalse(ChaosVerdict.saidMaybeMissed(KILL - 1_001, ACCOUNT, KILLS, GAP, STATES), "earlier than a second before");
    assertFalse(ChaosVerdict.saidMaybeMissed(13_001, ACCOUNT, KILLS, GAP, STATES), "after the account was back");
    assertFalse(ChaosVerdict.saidMaybeMissed(2_500, ACCOUNT, KILLS, GAP, STATES), "around an earlier kill the page said nothing of");
  }

  @Test
  void onlyANodeLostNoticeForTheReceivingAccountExcuses() {
    assertFalse(ChaosVerdict.saidMaybeMissed(KILL + 3, "another-account", KILLS, GAP, STATES), "another account's notice");
    assertFalse(ChaosVerdict.saidMaybeMissed(KILL + 3, ACCOUNT, KILLS,
        List.of(new GapSaid(KILL + 400, ACCOUNT, ArchiveGapEvent.INCOMPLETE)), STATES), "an incomplete archive catch-up");
    assertFalse(ChaosVerdict.saidMaybeMissed(KILL + 3, ACCOUNT, KILLS, List.of(), STATES), "no notice at all");
    assertFalse(ChaosVerdict.saidMaybeMissed(1_500, ACCOUNT, List.of(), List.of(new GapSaid(1_600, ACCOUNT,
        ArchiveGapEvent.NODE_LOST)), STATES), "a notice with no kill before it");
  }

  @Test
  void anAccountNeverShownConnectedAgainKeepsTheWindowOpen() {
    assertTrue(ChaosVerdict.saidMaybeMissed(50_000, ACCOUNT, KILLS, GAP,
        List.of(new StateShown(KILL + 500, ACCOUNT, ConnectionState.RECONNECTING))));
  }
}
