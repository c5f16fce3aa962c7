package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.NodeStatus;
import parley.contract.ParleyException;
import parley.contract.nodes.ListedNode;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodeStopped;
import parley.contract.nodes.NodesList;
import parley.contract.nodes.NodesListed;

/** Which nodes the admin page lists: the latest status of each, none that stopped, fell silent or left the cluster. */
class NodeDirectoryTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private Collection<String> members = null;
  private final NodeDirectory directory = new NodeDirectory(nanos::get, () -> members);

  private static NodeStatusReport report(String nodeId, String network, String clusterNodeId, int connected) {
    return new NodeStatusReport(nodeId, network, clusterNodeId, "0.1.0", 1_764_000_000_000L, 100L, connected,
        Map.of("connecting", 0L, "connected", (long) connected, "reconnecting", 0L), Map.of("IM_AUTH_FAILED", 2L), false);
  }

  private static JsonObject status(String nodeId, String network, String clusterNodeId, int connected) {
    return report(nodeId, network, clusterNodeId, connected).toJson();
  }

  private NodeStatusReport listed(String nodeId) {
    return directory.list().stream().map(ListedNode::status).filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
  }

  private void advanceSeconds(long s) {
    nanos.addAndGet(s * 1_000_000_000L);
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    directory.list().forEach(n -> ids.add(n.status().nodeId()));
    return ids;
  }

  @Test
  void listsTheLatestStatusOfEachNodeByNetworkWithUptimeCountedOn() {
    directory.apply(status("x1", "xmpp", null, 1));
    directory.apply(status("o1", "oscar", null, 0));
    directory.apply(status("x1", "xmpp", null, 3));
    advanceSeconds(4);
    List<ListedNode> nodes = directory.list();
    assertEquals(List.of("o1", "x1"), ids());
    NodeStatusReport x1 = nodes.get(1).status();
    assertEquals("xmpp", x1.network());
    assertEquals(3, x1.held());
    assertEquals(3, x1.sessions().get("connected"));
    assertEquals(2, x1.failures().get("IM_AUTH_FAILED"));
    assertEquals("0.1.0", x1.version());
    assertEquals(104, x1.uptimeSeconds(), "the reported uptime plus the time since the report");
    assertEquals(4, nodes.get(1).seenSecondsAgo());
  }

  @Test
  void aNodeThatStoppedFellSilentOrLeftTheClusterIsNotListed() {
    members = new ArrayList<>(List.of("c1", "c2"));
    directory.apply(status("x1", "xmpp", "c1", 0));
    directory.apply(status("x2", "xmpp", "c2", 0));
    directory.apply(status("o1", "oscar", "c1", 0));
    assertEquals(List.of("o1", "x1", "x2"), ids());

    directory.apply(new NodeStopped("o1").toJson());
    assertEquals(List.of("x1", "x2"), ids());

    members.remove("c2");
    assertEquals(List.of("x1"), ids());

    advanceSeconds(NodeStatus.INTERVAL_MS * NodeStatus.MISSED_INTERVALS / 1000 - 1);
    assertEquals(List.of("x1"), ids(), "not yet silent for long enough");
    advanceSeconds(2);
    assertEquals(List.of(), ids());

    // It comes back when it is heard again.
    directory.apply(status("x1", "xmpp", "c1", 0));
    assertEquals(List.of("x1"), ids());
  }

  @Test
  void aNodeWhoseProcessLeftIsReportedLostOnceAndItsLateStatusIsIgnored() {
    members = new ArrayList<>(List.of("c1", "c2"));
    directory.apply(status("x1", "xmpp", "c1", 1));
    directory.apply(status("x2", "xmpp", "c2", 1));
    assertEquals(List.of(), directory.lost());
    members.remove("c2");
    assertTrue(directory.isLost("x2"), "lost as soon as its process is gone from the membership");
    assertEquals(List.of("x1"), ids(), "not listed, but not forgotten by the listing");
    assertEquals(List.of("x2"), directory.lost());
    assertEquals(List.of(), directory.lost(), "acted on once");
    assertTrue(directory.isLost("x2"));
    directory.apply(status("x2", "xmpp", "c2", 1));
    members.add("c2");
    assertEquals(List.of(), directory.lost());
    assertEquals(List.of("x1"), ids(), "a late status of a lost node does not bring it back");
    assertTrue(!directory.isLost("x1") && !directory.isLost(null) && !directory.isLost("unknown"));
  }

  @Test
  void aMalformedStatusIsIgnored() {
    directory.apply("not json");
    directory.apply(status("x1", "xmpp", null, 0).put("held", "many"));
    directory.apply(status("x2", "xmpp", null, 0).putNull("network"));
    directory.apply(status("x3", "xmpp", null, 0).put("failures", new JsonObject().put("IM_ERROR", -1)));
    directory.apply(status("x4", "xmpp", null, 0).put("type", "something-else"));
    directory.apply(status("x5", "xmpp", null, 0).putNull("sessions"));
    assertEquals(List.of(), ids());
  }

  @Test
  void onlyNodesListIsAnswered() {
    directory.apply(status("x1", "xmpp", null, 0));
    NodesListed reply = NodesListed.fromJson(directory.handle(new NodesList().toJson()).result());
    assertEquals(List.of("x1"), reply.nodes().stream().map(n -> n.status().nodeId()).toList());
    Throwable refused = directory.handle(new JsonObject().put("type", "node.drain")).cause();
    assertTrue(refused instanceof ParleyException p && p.code() == FailureCode.UNKNOWN_TYPE, String.valueOf(refused));
  }

  @Test
  void aDrainIsRefusedInWordsForAnUnknownNodeTheLastNodeOfItsNetworkAndANodeDrainingAlready() {
    directory.apply(status("x1", "xmpp", null, 2));
    directory.apply(status("o1", "oscar", null, 0));
    ParleyException unknown = directory.drainRefusal("x9");
    assertEquals(FailureCode.INVALID_FIELD, unknown.code());
    assertTrue(unknown.getMessage().startsWith("No protocol node with that id is running"), unknown.getMessage());
    ParleyException last = directory.drainRefusal("x1");
    assertEquals(FailureCode.NO_PROTOCOL_NODE, last.code());
    assertEquals("That is the only XMPP node taking accounts: its accounts would have nowhere to go. Start another XMPP node, "
        + "then drain this one.", last.getMessage());

    directory.apply(status("x2", "xmpp", null, 0));
    assertEquals(null, directory.drainRefusal("x1"), "another XMPP node takes the accounts");
    assertEquals(false, listed("x1").draining());
    directory.drainStarted("x1");
    assertEquals(true, listed("x1").draining(), "draining before the node's next status says so");
    // Its next status, older than the drain in flight, does not undo it.
    directory.apply(status("x1", "xmpp", null, 1));
    ParleyException again = directory.drainRefusal("x1");
    assertEquals(FailureCode.INVALID_FIELD, again.code());
    assertEquals("That XMPP node is being drained already; 1 account(s) left to move.", again.getMessage());
    // x2 is now the only XMPP node taking accounts.
    assertEquals(FailureCode.NO_PROTOCOL_NODE, directory.drainRefusal("x2").code());
    directory.apply(report("x1", "xmpp", null, 0).asDraining().toJson());
    assertEquals(true, listed("x1").draining());
  }
}
