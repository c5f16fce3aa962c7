package parley.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts one clustered Vert.x instance and deploys a verticle in it: what every module's
 * {@code Main} does. The Hazelcast configuration is {@code conf/cluster.xml}; the
 * {@code cluster} section of the Parley configuration overrides its interface, port and
 * members ({@code PARLEY_CLUSTER_MEMBERS='["127.0.0.1:5701","127.0.0.1:5702"]'}).
 */
public final class ClusterBoot {
  private static final Logger log = LoggerFactory.getLogger(ClusterBoot.class);
  /**
   * The Hazelcast map of Vert.x Web's {@code ClusteredSessionStore} (browser sign-in sessions). It
   * keeps one synchronous backup on another member, so a web process killed while it holds the
   * primary copies leaves its users signed in (WebProcessFailoverBrowserTest).
   */
  public static final String SIGN_IN_SESSIONS_MAP = "vertx-web.sessions";
  /** How long a SIGTERM waits for the verticle's stop (a session hands its shards over) before the JVM ends anyway. */
  static final long STOP_WAIT_SECONDS = 20;

  private ClusterBoot() {}

  public static void routeJulToSlf4j() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /** Reads configuration from {@code conf/parley.json} (or the path in args[0]) and the environment. */
  public static JsonObject configFromArgs(String[] args) {
    Path file = args.length > 0 ? Path.of(args[0]) : ParleyConfig.DEFAULT_FILE;
    return ParleyConfig.load(file, System.getenv());
  }

  /** Joins the cluster described by {@code config} and deploys the verticle with it. */
  public static Future<Vertx> start(JsonObject config, Supplier<? extends Deployable> verticle) {
    return start(config, EventBusTls.options(config), verticle);
  }

  /** The same with the event bus's options given (a test puts a port or a proxy in them). */
  public static Future<Vertx> start(JsonObject config, EventBusOptions eventBus, Supplier<? extends Deployable> verticle) {
    routeJulToSlf4j();
    Config hazelcast = hazelcastConfig(config);
    EventBusTls.warnIfOpen(config, hazelcast);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    Management management = new Management();
    return management.vertxBuilder(config, eventBus).withClusterManager(manager).buildClustered()
        .compose(vertx -> {
          management.attach(vertx);
          return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
              .compose(id -> Management.serve(vertx, config))
              .map(port -> vertx)
              .onFailure(err -> vertx.close());
        });
  }

  /**
   * Runs {@link #start} from a {@code main} method and exits with a clear line when it fails;
   * a configuration that fails {@link ConfigCheck} stops it before anything starts.
   */
  public static void main(ParleyProcess name, String[] args, Supplier<? extends Deployable> verticle) {
    JsonObject config = Management.withDefaultPort(ConfigCheck.orExit(name, args), name);
    start(config, verticle)
        .onSuccess(v -> {
          log.info("{} joined the cluster and is running", name);
          stopOnSigterm(name, v);
        })
        .onFailure(err -> {
          log.error("{} could not start: {}", name, err.getMessage(), err);
          System.exit(1);
        });
  }

  /**
   * SIGTERM (an operator's {@code kill <pid>}, a service manager's stop) closes Vert.x: the verticle's
   * stop runs (a session process hands its shards over, a node says it stopped) and the process
   * leaves the cluster in good order, instead of vanishing as if killed.
   */
  private static void stopOnSigterm(ParleyProcess name, Vertx vertx) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("{} stopping: handing its work over and leaving the cluster", name);
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        log.info("{} stopped", name);
      } catch (Exception e) {
        log.warn("{} did not stop cleanly within {} s: {}", name, STOP_WAIT_SECONDS, e.toString());
      }
    }, "parley-stop"));
  }

  /** This process's id in the cluster's membership, or null when it is not clustered. */
  public static String nodeId(Vertx vertx) {
    io.vertx.core.spi.cluster.ClusterManager manager = ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
    return manager == null ? null : manager.getNodeId();
  }

  public static Config hazelcastConfig(JsonObject config) {
    JsonObject cluster = ParleyConfig.section(config, "cluster");
    Config hz;
    Path xml = Path.of(cluster.getString("configFile", "conf/cluster.xml"));
    if (Files.isRegularFile(xml)) {
      try {
        hz = new FileSystemXmlConfig(xml.toFile());
      } catch (FileNotFoundException e) {
        throw new IllegalStateException(e);
      }
    } else {
      hz = loopbackDefaults();
    }
    if (cluster.containsKey("name")) {
      hz.setClusterName(cluster.getString("name"));
    }
    if (cluster.containsKey("port")) {
      hz.getNetworkConfig().setPort(cluster.getInteger("port"));
    }
    if (cluster.containsKey("interface")) {
      hz.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.getString("interface")));
    }
    JsonArray members = cluster.getJsonArray("members");
    if (members != null) {
      hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(members.stream().map(String::valueOf).toList());
    }
    if (cluster.containsKey("joinWaitSeconds")) {
      String wait = String.valueOf(cluster.getInteger("joinWaitSeconds"));
      hz.setProperty("hazelcast.wait.seconds.before.join", wait);
      hz.setProperty("hazelcast.max.wait.seconds.before.join", wait);
    }
    return hz;
  }

  /** The same as conf/cluster.xml, for a jar started outside the project folder. */
  public static Config loopbackDefaults() {
    Config hz = new Config();
    hz.setClusterName("parley");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.addMapConfig(new MapConfig(SIGN_IN_SESSIONS_MAP).setBackupCount(1));
    hz.getNetworkConfig().setPort(5701).setPortAutoIncrement(true);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1"));
    return hz;
  }
}
