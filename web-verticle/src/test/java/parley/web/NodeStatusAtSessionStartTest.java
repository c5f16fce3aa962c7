package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.Headers;
import parley.contract.NodeStatus;
import parley.contract.nodes.ListedNode;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodesList;
import parley.contract.nodes.NodesListed;
import parley.session.SessionVerticle;
import parley.web.testing.TestCluster;
import parley.web.testing.WebStack;
import parley.xmpp.XmppNodeVerticle;

/**
 * A session process that starts between two of a protocol node's statuses knows the node (and so its
 * cluster member) at once, not at the node's next interval: a node killed in the new process's first
 * seconds was otherwise never noticed leaving, and its accounts waited for the 15-s ping (seen in the
 * chaos benchmark). Two members of the test's own Hazelcast cluster: a real XMPP node, then a
 * session process on a real PostgreSQL database.
 */
class NodeStatusAtSessionStartTest {
  /** The session must be up and asked well inside the node's interval for the run to show anything. */
  private static final long WINDOW_MS = NodeStatus.INTERVAL_MS - 1_000;

  @Test
  void aSessionProcessStartedBetweenTwoNodeStatusesListsTheNodeAtOnce() throws Exception {
    TestCluster cluster = new TestCluster("parley-test-", 2);
    JsonObject config = WebStack.config().put("cluster", cluster.member(0));
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    // The database's migrations run once here, so that the session process below starts in a moment.
    Vertx migrate = Vertx.vertx();
    migrate.deployVerticle(new SessionVerticle(), options).await();
    migrate.close().await();

    Vertx nodeProcess = TestCluster.join(config);
    Vertx sessionProcess = TestCluster.join(config.copy().put("cluster", cluster.member(1)));
    try {
      BlockingQueue<Long> periodic = new LinkedBlockingQueue<>();
      nodeProcess.eventBus().<JsonObject>consumer(Addresses.NODES_STATUS, msg -> {
        if (NodeStatus.NODE_STATUS.equals(msg.body().getString("type"))) {
          periodic.add(System.nanoTime());
        }
      }).completion().await();
      nodeProcess.deployVerticle(new XmppNodeVerticle(), options).await();
      String nodeId = NodeStatusReport.fromJson(statusOf(nodeProcess)).nodeId();

      for (int attempt = 1; attempt <= 3; attempt++) {
        // Just after one of the node's statuses: its next comes an interval later.
        periodic.clear();
        Long last = periodic.poll(NodeStatus.INTERVAL_MS * 2, TimeUnit.MILLISECONDS);
        assertTrue(last != null, "the node stopped publishing its status");
        String deployment = sessionProcess.deployVerticle(new SessionVerticle(), options).await();
        List<ListedNode> listed = list(sessionProcess);
        long sinceStatusMs = (System.nanoTime() - last) / 1_000_000;
        if (sinceStatusMs < WINDOW_MS) {
          assertEquals(List.of(nodeId), listed.stream().map(n -> n.status().nodeId()).toList(),
              "listed " + sinceStatusMs + " ms after the node's last interval status, before its next");
          return;
        }
        // The machine was too slow to start the session inside the interval: the node's own status came meanwhile.
        sessionProcess.undeploy(deployment).await();
      }
      fail("the session process never started within " + WINDOW_MS + " ms of a node status in 3 tries");
    } finally {
      sessionProcess.close().await();
      nodeProcess.close().await();
    }
  }

  /** The node's first status, as the session processes hear it. */
  private static JsonObject statusOf(Vertx vertx) throws InterruptedException {
    BlockingQueue<JsonObject> statuses = new LinkedBlockingQueue<>();
    var consumer = vertx.eventBus().<JsonObject>consumer(Addresses.NODES_STATUS, msg -> statuses.add(msg.body()));
    consumer.completion().await();
    try {
      JsonObject status;
      do {
        status = statuses.poll(NodeStatus.INTERVAL_MS * 2, TimeUnit.MILLISECONDS);
        assertTrue(status != null, "the XMPP node never reported");
      } while (!NodeStatus.NODE_STATUS.equals(status.getString("type")));
      return status;
    } finally {
      consumer.unregister().await();
    }
  }

  /** What the admin page is shown: the session process's list of the nodes running now. */
  private static List<ListedNode> list(Vertx vertx) {
    DeliveryOptions asAdmin = new DeliveryOptions().addHeader(Headers.USER_ID, "admin-under-test");
    JsonObject answer = vertx.eventBus().<JsonObject>request(Addresses.BROWSER_ADMIN_NODES, new NodesList().toJson(), asAdmin)
        .await().body();
    return NodesListed.fromJson(answer).nodes();
  }
}
