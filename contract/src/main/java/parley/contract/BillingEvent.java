package parley.contract;

/** Message types billing publishes to {@link Addresses#SESSION_BILLING_STATUS}. */
public final class BillingEvent {
  private BillingEvent() {}

  /**
   * {@code {"userId": "…", "canSend": false, "error": {"code": "QUOTA_EXCEEDED", "text": "…"}}};
   * {@code error} is null when sending is allowed.
   */
  public static final String ALLOWANCE = "allowance";
}
