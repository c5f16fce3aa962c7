package parley.billing;

import parley.contract.billing.UsageRecord;

/**
 * Whether a usage record (well formed: {@link UsageRecord#fromJson} checked it) makes sense now; a
 * record that does not is quarantined with the reason this returns, never counted.
 */
final class UsageCheck {
  /** Records dated more than this in the future are refused (clocks may differ a little). */
  static final long MAX_FUTURE_MS = 5 * 60_000L;
  /** Records older than this are refused: no outbox holds a record that long. */
  static final long MAX_AGE_MS = 400L * 24 * 3600_000L;

  private UsageCheck() {}

  /** Why the record cannot be counted, or null when it is fine. */
  static String problem(UsageRecord r, long nowMs) {
    if (r.ts() > nowMs + MAX_FUTURE_MS || r.ts() < nowMs - MAX_AGE_MS) {
      return "ts " + r.ts() + " is too far from now";
    }
    return null;
  }
}
