package parley.web.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import parley.boot.ClusterBoot;
import parley.contract.testing.ClusterPorts;

/**
 * A Hazelcast cluster of its own for one test: loopback members on consecutive ports from a random
 * base, a name no other test or run shares, no configuration file (the built-in defaults).
 */
public final class TestCluster {
  private final int base;
  private final JsonObject section;

  /** {@code members} members from a random base port ({@link ClusterPorts}), named {@code prefix} + a random id. */
  public TestCluster(String prefix, int members) {
    base = ClusterPorts.base(members);
    JsonArray list = new JsonArray();
    for (int i = 0; i < members; i++) {
      list.add("127.0.0.1:" + (base + i));
    }
    section = new JsonObject().put("configFile", "no-such-file.xml").put("name", prefix + UUID.randomUUID())
        .put("members", list).put("joinWaitSeconds", 1);
  }

  /** The {@code cluster} configuration section of member {@code i} (from 0). */
  public JsonObject member(int i) {
    return section.copy().put("port", base + i);
  }

  /** The port of member {@code i}. */
  public int port(int i) {
    return base + i;
  }

  /** A Vert.x that joins the cluster as the member its configuration's {@code cluster} section names. */
  public static Vertx join(JsonObject config) {
    return Vertx.builder().withClusterManager(new HazelcastClusterManager(ClusterBoot.hazelcastConfig(config)))
        .buildClustered().await();
  }
}
