package parley.boot;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management side of one Parley process, off the public web port: Vert.x metrics into a
 * Prometheus registry, and an HTTP server (section {@code management}: {@code host}, default
 * 127.0.0.1, and {@code port}) with {@code /metrics}, {@code /health/live} and
 * {@code /health/ready}. Without {@code management.port} no server is started; {@link #withDefaultPort}
 * gives each kind of process its own default port so that several fit on one machine.
 */
public final class Management {
  private static final Logger log = LoggerFactory.getLogger(Management.class);

  private static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = Monitoring.newRegistry();

  /** A Vert.x builder whose metrics (event bus, HTTP, TCP clients, pools, JVM) go to this process's registry. */
  public VertxBuilder vertxBuilder() {
    return vertxBuilder(new JsonObject(), new EventBusOptions());
  }

  /**
   * The same for the process configured by {@code config} ({@code vertx.eventLoops}), with the
   * clustered event bus's options (its TLS, see {@link EventBusTls}).
   */
  public VertxBuilder vertxBuilder(JsonObject config, EventBusOptions eventBus) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        // One registry per Vert.x instance, also when tests run several in one JVM.
        .setRegistryName("parley-" + UUID.randomUUID());
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics).setEventBusOptions(eventBus);
    Integer eventLoops = ParleyConfig.section(config, "vertx").getInteger("eventLoops");
    if (eventLoops != null) {
      options.setEventLoopPoolSize(eventLoops);
    }
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** Ties the built instance to the registry, so the verticles' meters land beside Vert.x's. */
  public void attach(Vertx vertx) {
    Monitoring.bind(vertx, registry);
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (manager instanceof HazelcastClusterManager hazelcast) {
      ClusterSafety safety = new ClusterSafety(hazelcast);
      Monitoring.ready(vertx, "cluster", safety::ready,
          "The cluster has not been safe for " + CLUSTER_UNSAFE_GRACE_MS / 1000
              + " s: data is migrating or a member has been lost, or this member left the cluster.");
    }
  }

  /** A member joining or leaving makes the cluster unsafe for a moment; only a longer spell counts. */
  static final long CLUSTER_UNSAFE_GRACE_MS = 10_000;

  private static final class ClusterSafety {
    private final HazelcastClusterManager manager;
    private long unsafeSince = -1;

    ClusterSafety(HazelcastClusterManager manager) {
      this.manager = manager;
    }

    synchronized boolean ready() {
      HazelcastInstance hazelcast = manager.getHazelcastInstance();
      if (hazelcast == null || !hazelcast.getLifecycleService().isRunning()) {
        return false;
      }
      if (hazelcast.getPartitionService().isClusterSafe()) {
        unsafeSince = -1;
        return true;
      }
      long now = System.currentTimeMillis();
      if (unsafeSince < 0) {
        unsafeSince = now;
      }
      return now - unsafeSince < CLUSTER_UNSAFE_GRACE_MS;
    }
  }

  /**
   * Serves the management endpoints when {@code management.port} is set ({@code 0}: any free
   * port); the future holds the port, or -1 when there is no server.
   */
  public static Future<Integer> serve(Vertx vertx, JsonObject config) {
    JsonObject section = ParleyConfig.section(config, "management");
    if (!section.containsKey("port") || Boolean.FALSE.equals(section.getBoolean("enabled", true))) {
      return Future.succeededFuture(-1);
    }
    String host = section.getString("host", "127.0.0.1");
    int port = section.getInteger("port");
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> metrics(vertx, ctx));
    HealthChecks live = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(Monitoring.readiness(vertx)));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    return server.requestHandler(router).listen()
        .map(HttpServer::actualPort)
        .onSuccess(actual -> log.info("Management endpoints on http://{}:{}/ (metrics, health/live, health/ready)", host, actual))
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "management.port " + port + " on " + host + " cannot be opened (" + err.getMessage()
                + "): give this process another one, e.g. PARLEY_MANAGEMENT_PORT=" + (port + 10), err)));
  }

  /** {@code config} with this process kind's default management port when none is set. */
  public static JsonObject withDefaultPort(JsonObject config, ParleyProcess process) {
    JsonObject section = ParleyConfig.section(config, "management");
    if (section.containsKey("port")) {
      return config;
    }
    return config.copy().put("management", section.copy().put("port", process.managementPort()));
  }

  /** The exposition the scraper asks for: Prometheus text, OpenMetrics or the delimited protobuf. */
  private static void metrics(Vertx vertx, RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    String type = accept == null ? TEXT
        : accept.toLowerCase(Locale.ROOT).contains("application/vnd.google.protobuf") ? PROTOBUF
        : accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    PrometheusMeterRegistry registry = Monitoring.prometheus(vertx);
    Monitoring.recordReadiness(vertx).recover(err -> Future.succeededFuture()).compose(v -> vertx.executeBlocking(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        registry.scrape(out, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Buffer.buffer(out.toByteArray());
    })).onSuccess(body -> ctx.response().putHeader("Content-Type", type).end(body))
        .onFailure(ctx::fail);
  }
}
