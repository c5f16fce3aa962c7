package parley.bench.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.contract.Addresses;
import parley.contract.nodes.ListedNode;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodesDrain;
import parley.contract.nodes.NodesList;
import parley.contract.nodes.NodesListed;
import parley.web.testing.BridgeClient;
import parley.web.testing.HttpUser;

/**
 * An operator with an admin's Parley session on a {@link ParleyCluster}: drains a protocol node
 * through {@code POST /api/admin/nodes/drain}, as a script would (README, "Draining a node before
 * stopping it"), and reads the nodes' status as the admin page lists it ({@code nodes.list} over
 * the bridge).
 */
public final class ClusterAdmin {
  private static final Pattern READY = Pattern.compile("node (\\S+) is ready");

  private final ParleyCluster cluster;
  private final HttpUser http;

  private ClusterAdmin(ParleyCluster cluster, HttpUser http) {
    this.cluster = cluster;
    this.http = http;
  }

  /** Signs {@code username} up, has the operator grant it the admin role and signs it in again (the role comes at sign-in). */
  public static ClusterAdmin create(ParleyCluster cluster, String username) {
    String password = username + "-parley-admin-pw";
    HttpUser http = new HttpUser(cluster.vertx(), cluster.frontPort(0)).signUp(username, password);
    cluster.grantAdmin(username);
    http.signIn(username, password);
    return new ClusterAdmin(cluster, http);
  }

  /** The node id a protocol process's current run announced ("… node <id> is ready" in its log). */
  public static String nodeIdOf(ParleyProcessJvm process) throws java.io.IOException {
    Matcher m = READY.matcher(process.runLog());
    if (!m.find()) {
      throw new IllegalStateException(process.name() + " has not said its node id yet; see " + process.log());
    }
    return m.group(1);
  }

  /** Drains the node: the route's answer (HTTP status and body) when it is not 200, else null. */
  public String drain(String nodeId) {
    HttpResponse<Buffer> r = http.post("/api/admin/nodes/drain", new NodesDrain(nodeId).toJson());
    return r.statusCode() == 200 ? null : r.statusCode() + " " + r.bodyAsString();
  }

  /** The nodes' status as the admin page lists them; null when no answer came. */
  public List<NodeStatusReport> nodes() throws InterruptedException {
    BridgeClient bridge = BridgeClient.connect(cluster.vertx(), cluster.frontPort(0), http.cookieHeader());
    try {
      String reply = bridge.send(Addresses.BROWSER_ADMIN_NODES, new NodesList().toJson(), null);
      JsonObject frame = bridge.take(f -> reply.equals(f.getString("address")), 10_000);
      if (frame == null || !"rec".equals(frame.getString("type"))) {
        return null;
      }
      return NodesListed.fromJson(frame.getJsonObject("body")).nodes().stream().map(ListedNode::status).toList();
    } finally {
      bridge.close();
    }
  }

  /**
   * Waits until the admin listing says the node drains and holds no account ("Drained: it may be
   * stopped" on the admin page); false when it did not within {@code ms}.
   */
  public boolean awaitDrained(String nodeId, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      List<NodeStatusReport> nodes = nodes();
      if (nodes != null && nodes.stream().anyMatch(n -> nodeId.equals(n.nodeId()) && n.draining() && n.held() == 0)) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }
}
