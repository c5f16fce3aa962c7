package parley.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.billing.BillingVerticle;
import parley.boot.ClusterBoot;
import parley.boot.ConfigCheck;
import parley.boot.Management;
import parley.boot.ParleyConfig;
import parley.boot.ParleyProcess;
import parley.irc.IrcNodeVerticle;
import parley.msn.MsnNodeVerticle;
import parley.oscar.OscarNodeVerticle;
import parley.session.EmbeddedPostgresServer;
import parley.session.SessionVerticle;
import parley.web.WebVerticle;
import parley.xmpp.XmppNodeVerticle;
import parley.yahoo.YahooNodeVerticle;

/**
 * Every Parley verticle in one JVM, without a cluster: the first-run mode. With no
 * {@code db.url} configured it starts one embedded PostgreSQL for all of them, whose data
 * directory ({@code db.embeddedDataDir}) survives restarts.
 */
public final class AllInOne {
  private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

  private AllInOne() {}

  /** A running all-in-one Parley; {@code managementPort} is -1 without {@code management.port}. */
  public record Running(Vertx vertx, int webPort, int managementPort) {
    public Future<Void> close() {
      return vertx.close();
    }
  }

  public static Future<Running> start(JsonObject config) {
    Management management = new Management();
    Vertx vertx = management.vertxBuilder(config, new EventBusOptions()).build();
    management.attach(vertx);
    DeploymentOptions options = new DeploymentOptions().setConfig(withDatabase(config));
    WebVerticle web = new WebVerticle();
    // The session first, so the page never meets a web server whose session is not there yet.
    return vertx.deployVerticle(new SessionVerticle(), options)
        .compose(id -> vertx.deployVerticle(new BillingVerticle(), options))
        .compose(id -> vertx.deployVerticle(new XmppNodeVerticle(), options))
        .compose(id -> vertx.deployVerticle(new OscarNodeVerticle(), options))
        .compose(id -> vertx.deployVerticle(new IrcNodeVerticle(), options))
        .compose(id -> vertx.deployVerticle(new MsnNodeVerticle(), options))
        .compose(id -> vertx.deployVerticle(new YahooNodeVerticle(), options))
        .compose(id -> vertx.deployVerticle(web, options))
        .compose(id -> Management.serve(vertx, config))
        .map(managementPort -> new Running(vertx, web.actualPort(), managementPort))
        .onFailure(err -> vertx.close());
  }

  /**
   * With no {@code db.url}, one embedded PostgreSQL for every verticle (each keeps its own
   * schema), stopped when the JVM ends.
   */
  private static JsonObject withDatabase(JsonObject config) {
    JsonObject db = ParleyConfig.section(config, "db");
    if (db.getString("url") != null && !db.getString("url").isBlank()) {
      return config;
    }
    EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(db.getString("embeddedDataDir", "data/postgres"));
    Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-stop"));
    return config.copy().put("db", db.copy().put("url", embedded.url()));
  }

  public static void main(String[] args) {
    ClusterBoot.routeJulToSlf4j();
    start(Management.withDefaultPort(ConfigCheck.orExit(ParleyProcess.ALL_IN_ONE, args), ParleyProcess.ALL_IN_ONE))
        .onSuccess(running -> log.info("Parley is running: open http://localhost:{}/", running.webPort()))
        .onFailure(err -> {
          log.error("Parley could not start: {}", err.getMessage(), err);
          System.exit(1);
        });
  }
}
