package parley.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.micrometer.core.instrument.Gauge;
import io.vertx.ext.healthchecks.CheckResult;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a Vert.x instance shows its operator: one meter registry (the one its Vert.x metrics go
 * to, when {@link Management} built it) and one set of readiness checks. Every verticle of the
 * process registers its meters and checks here, so no module builds a registry of its own.
 * An instance that {@link Management} did not build still gets both, which nobody reads.
 */
public final class Monitoring {
  private static final Map<Vertx, Monitoring> BY_VERTX = new HashMap<>();

  private final PrometheusMeterRegistry registry;
  private final HealthChecks readiness;
  /** The last readiness seen per check (1 up, 0 down), as the gauge {@code parley_readiness{check}}. */
  private final Map<String, AtomicInteger> readinessGauges = new ConcurrentHashMap<>();

  private Monitoring(Vertx vertx, PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.readiness = HealthChecks.create(vertx);
  }

  /** The registry Parley's own meters go to in this Vert.x instance. */
  public static MeterRegistry meters(Vertx vertx) {
    return of(vertx).registry;
  }

  static PrometheusMeterRegistry prometheus(Vertx vertx) {
    return of(vertx).registry;
  }

  static HealthChecks readiness(Vertx vertx) {
    return of(vertx).readiness;
  }

  /**
   * Runs the readiness checks and records each result in {@code parley_readiness{check}}, so that
   * Prometheus sees (and can alert on) what {@code /health/ready} would answer.
   */
  static Future<Void> recordReadiness(Vertx vertx) {
    Monitoring monitoring = of(vertx);
    return monitoring.readiness.checkStatus().map(result -> {
      List<CheckResult> checks = result.getChecks() == null ? List.of() : result.getChecks();
      // A check that is gone (its verticle stopped) is no longer reported.
      Set<String> current = checks.stream().map(CheckResult::getId).collect(Collectors.toSet());
      monitoring.readinessGauges.keySet().removeIf(check -> {
        boolean gone = !current.contains(check);
        if (gone) {
          monitoring.registry.find("parley.readiness").tag("check", check).meters().forEach(monitoring.registry::remove);
        }
        return gone;
      });
      for (CheckResult check : checks) {
        monitoring.readinessGauges.computeIfAbsent(check.getId(), id -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder("parley.readiness", value, AtomicInteger::get)
              .description("Readiness checks of this process: 1 passing, 0 failing (see /health/ready)")
              .tag("check", id).register(monitoring.registry);
          return value;
        }).set(Boolean.TRUE.equals(check.getUp()) ? 1 : 0);
      }
      return null;
    });
  }

  /** A new registry for a Vert.x instance about to be built (see {@link #bind}). */
  static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Makes {@code registry}, which the instance's Vert.x metrics already use, its Parley registry too. */
  static synchronized void bind(Vertx vertx, PrometheusMeterRegistry registry) {
    if (!BY_VERTX.containsKey(vertx)) {
      BY_VERTX.put(vertx, new Monitoring(vertx, registry));
      forgetOnClose(vertx);
    }
  }

  private static synchronized Monitoring of(Vertx vertx) {
    Monitoring monitoring = BY_VERTX.get(vertx);
    if (monitoring == null) {
      monitoring = new Monitoring(vertx, newRegistry());
      BY_VERTX.put(vertx, monitoring);
      forgetOnClose(vertx);
    }
    return monitoring;
  }

  private static void forgetOnClose(Vertx vertx) {
    ((VertxInternal) vertx).addCloseHook(completion -> {
      synchronized (Monitoring.class) {
        BY_VERTX.remove(vertx);
      }
      completion.succeed();
    });
  }

  /**
   * A readiness check named {@code name}: ready while {@code ready} says so, otherwise down with
   * {@code reason}, a sentence for the operator.
   */
  public static void ready(Vertx vertx, String name, BooleanSupplier ready, String reason) {
    readiness(vertx).register(name, promise -> promise.complete(ready.getAsBoolean() ? Status.OK() : down(reason)));
  }

  /** A readiness check that asks something (a database, say): down with {@code reason} and the cause when it fails. */
  public static void readyWhen(Vertx vertx, String name, Supplier<Future<?>> probe, String reason) {
    readiness(vertx).register(name, 5_000, promise -> probe.get().onComplete(ar -> promise.complete(ar.succeeded()
        ? Status.OK() : down(reason + " (" + ar.cause().getMessage() + ")"))));
  }

  /** Removes a check, for a verticle that stops while the process goes on. */
  public static void unready(Vertx vertx, String name) {
    readiness(vertx).unregister(name);
  }

  private static Status down(String reason) {
    return Status.KO(new JsonObject().put("reason", reason));
  }
}
