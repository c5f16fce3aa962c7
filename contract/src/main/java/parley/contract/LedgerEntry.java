package parley.contract;

import java.util.Set;

/** Kinds of ledger entry. Amounts are integer minor units of the configured currency. */
public final class LedgerEntry {
  private LedgerEntry() {}

  public static final String USAGE = "usage";
  public static final String TOP_UP = "top-up";
  public static final String ADJUSTMENT = "adjustment";
  public static final String REFUND = "refund";

  /** What an admin may enter by hand. */
  public static final Set<String> MANUAL = Set.of(TOP_UP, ADJUSTMENT, REFUND);
}
