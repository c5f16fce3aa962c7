package parley.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.Monitoring;
import parley.boot.ParleyConfig;
import parley.contract.Addresses;
import parley.contract.Headers;
import parley.contract.Replies;
import parley.contract.billing.Allowance;
import parley.contract.billing.AllowanceGet;
import parley.contract.billing.UsageAck;
import parley.contract.billing.UsageBatch;

/**
 * Meters every use exactly once, keeps the ledger, enforces plans (by telling the session who
 * may send) and answers the usage page and the admin API. Configuration: sections
 * {@code billing} and {@code db}.
 */
public class BillingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(BillingVerticle.class);

  private Pool pool;
  private Counter recorded;
  private Counter quarantined;

  @Override
  public Future<?> start() {
    JsonObject config = ParleyConfig.section(config(), "billing");
    return BillingDatabase.open(vertx, ParleyConfig.section(config(), "db")).compose(p -> {
      pool = p;
      Monitoring.readyWhen(vertx, "billing-database", () -> pool.query("select 1").execute(),
          "The billing database does not answer.");
      Plans plans = new Plans(pool, config);
      return plans.load().compose(v -> wire(plans));
    });
  }

  private Future<?> wire(Plans plans) {
    EventBus bus = vertx.eventBus();
    Clock clock = Clock.systemUTC();
    BillingUsers users = new BillingUsers(pool);
    Ledger ledger = new Ledger(pool, plans.currency());
    UsageTotals totals = new UsageTotals(pool);
    Statements statements = new Statements(pool, ledger, totals);
    AllowanceTracker allowances = new AllowanceTracker(bus, pool, plans, clock);
    UsageViews views = new UsageViews(plans, totals, ledger, statements, allowances, clock);
    UsageIngest ingest = new UsageIngest(pool, plans, allowances::refreshIn);
    BrowserBillingApi browser = new BrowserBillingApi(users, views, statements, plans);
    AdminApi admin = new AdminApi(users, views, ledger, plans, allowances);

    List<MessageConsumer<?>> consumers = List.of(
        bus.<Object>consumer(Addresses.BILLING_USAGE, msg -> Replies.answer(msg, body -> usage(ingest, body))),
        bus.<Object>consumer(Addresses.BILLING_ALLOWANCE, msg -> Replies.answer(msg, body -> allowances
            .current(AllowanceGet.fromJson(body).userId()).map(Allowance::toJson))),
        bus.<Object>consumer(Addresses.BROWSER_BILLING, msg -> Replies.answer(msg, body -> plans.load().compose(v -> browser.handle(user(msg), body)))),
        bus.<Object>consumer(Addresses.BROWSER_ADMIN, msg -> Replies.answer(msg, body -> plans.load().compose(v -> admin.handle(user(msg), body)))));
    Monitoring.ready(vertx, "billing-consumers", () -> consumers.stream().allMatch(MessageConsumer::isRegistered),
        "Billing's event-bus consumers are not registered.");
    MeterRegistry meters = Monitoring.meters(vertx);
    recorded = Counter.builder("parley.billing.records").description("Usage records billing has counted")
        .register(meters);
    quarantined = Counter.builder("parley.billing.quarantined")
        .description("Usage records billing could not count and put in billing.quarantine").register(meters);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private Future<JsonObject> usage(UsageIngest ingest, JsonObject body) {
    JsonArray records = UsageBatch.fromJson(body).records();
    // Batches run side by side, here and in other billing processes: the database keeps them apart.
    // The allowance is refreshed in the batch's transaction: if anything fails, nothing is
    // acknowledged and the relay sends the batch again.
    return ingest.ingest(records, System.currentTimeMillis())
        .map(result -> {
          recorded.increment(result.counted());
          quarantined.increment(result.quarantined());
          if (result.quarantined() > 0) {
            log.warn("{} usage record(s) quarantined (see billing.quarantine)", result.quarantined());
          }
          return new UsageAck(result.acked()).toJson();
        });
  }

  private static String user(Message<Object> msg) {
    return msg.headers().get(Headers.USER_ID);
  }

  @Override
  public Future<?> stop() {
    Monitoring.unready(vertx, "billing-database");
    Monitoring.unready(vertx, "billing-consumers");
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
