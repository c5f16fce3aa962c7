package parley.contract;

import java.util.Set;

/** Message types sent to the billing verticle. */
public final class BillingRequest {
  private BillingRequest() {}

  /** To {@link Addresses#BILLING_USAGE}: {@code {"records": [...]}}, answered {@code {"acked": [ids]}}. */
  public static final String USAGE_BATCH = "usage-batch";

  /** To {@link Addresses#BILLING_ALLOWANCE}: {@code {"userId": "…"}}. */
  public static final String ALLOWANCE_GET = "allowance.get";

  /** To {@link Addresses#BROWSER_BILLING}, for the signed-in user. */
  public static final String USAGE_GET = "usage.get";
  public static final String STATEMENT_GET = "statement.get";
  public static final String STATEMENT_CSV = "statement.csv";

  public static final Set<String> BROWSER = Set.of(USAGE_GET, STATEMENT_GET, STATEMENT_CSV);

  /** To {@link Addresses#BROWSER_ADMIN}. */
  public static final String ADMIN_USERS_FIND = "users.find";
  public static final String ADMIN_USER_GET = "user.get";
  public static final String ADMIN_BALANCE_ADJUST = "balance.adjust";
  public static final String ADMIN_PLAN_SET = "plan.set";
  public static final String ADMIN_SUSPEND = "user.suspend";
  public static final String ADMIN_RESUME = "user.resume";
  public static final String ADMIN_PLANS_GET = "plans.get";
  public static final String ADMIN_PLAN_UPDATE = "plan.update";

  public static final Set<String> ADMIN = Set.of(ADMIN_USERS_FIND, ADMIN_USER_GET, ADMIN_BALANCE_ADJUST,
      ADMIN_PLAN_SET, ADMIN_SUSPEND, ADMIN_RESUME, ADMIN_PLANS_GET, ADMIN_PLAN_UPDATE);
}
