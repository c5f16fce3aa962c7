package parley.contract.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.refusesField;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * The node status messages read the JSON the nodes, the session and the web wrote before they were
 * typed (fixtures as NodeStatusReporter, NodeDirectory, NodeDrains, AdminNodeRoutes and
 * docs/bus-contract.md write them) and write it back byte for byte, so that an older process works
 * with a newer one during a rolling upgrade, and the admin page reads the same listing.
 */
class NodeStatusMessagesTest {
  private static final String STATUS = "{\"type\":\"node-status\",\"nodeId\":\"729e1dd9-0c1a-4d3e-9f6b-2a8c5e7d1b40\","
      + "\"network\":\"xmpp\",\"clusterNodeId\":\"5f3a2b1c-member\",\"version\":\"0.1.0-SNAPSHOT\",\"startedAt\":1764060000000,"
      + "\"uptimeSeconds\":3725,\"held\":3,\"sessions\":{\"connected\":2,\"connecting\":0,\"reconnecting\":1},"
      + "\"failures\":{\"IM_AUTH_FAILED\":4,\"IM_CONNECTION_LOST\":1},\"draining\":false}";
  private static final String LISTED = "{\"nodeId\":\"729e1dd9-0c1a-4d3e-9f6b-2a8c5e7d1b40\",\"network\":\"xmpp\","
      + "\"version\":\"0.1.0-SNAPSHOT\",\"startedAt\":1764060000000,\"uptimeSeconds\":3727,\"held\":3,"
      + "\"sessions\":{\"connected\":2,\"connecting\":0,\"reconnecting\":1},"
      + "\"failures\":{\"IM_AUTH_FAILED\":4,\"IM_CONNECTION_LOST\":1},\"draining\":true,\"seenSecondsAgo\":2}";

  private static JsonObject status() {
    return new JsonObject(STATUS);
  }

  @Test
  void aNodeStatusRoundTrips() {
    roundTrips(STATUS, NodeStatusReport::fromJson, NodeStatusReport::toJson);
    // Not clustered (all-in-one): clusterNodeId is there, null; a draining node with nothing held.
    roundTrips("{\"type\":\"node-status\",\"nodeId\":\"n-1\",\"network\":\"oscar\",\"clusterNodeId\":null,\"version\":\"unknown\","
        + "\"startedAt\":1764060000000,\"uptimeSeconds\":0,\"held\":0,\"sessions\":{\"connected\":0,\"connecting\":0,"
        + "\"reconnecting\":0},\"failures\":{},\"draining\":true}", NodeStatusReport::fromJson, NodeStatusReport::toJson);
    NodeStatusReport s = NodeStatusReport.fromJson(status());
    assertEquals(new NodeStatusReport("729e1dd9-0c1a-4d3e-9f6b-2a8c5e7d1b40", "xmpp", "5f3a2b1c-member", "0.1.0-SNAPSHOT",
        1_764_060_000_000L, 3725, 3, Map.of("connected", 2L, "connecting", 0L, "reconnecting", 1L),
        Map.of("IM_AUTH_FAILED", 4L, "IM_CONNECTION_LOST", 1L), false), s);
    assertTrue(s.asDraining().draining());
  }

  @Test
  void countsAreWrittenSortedByNameWhateverOrderTheyCameIn() {
    NodeStatusReport s = NodeStatusReport.fromJson(status().put("failures",
        new JsonObject().put("IM_CONNECTION_LOST", 1).put("IM_AUTH_FAILED", 4)));
    assertEquals(STATUS, s.toJson().encode());
  }

  @Test
  void aStatusOfANodeOlderThanDrainsIsNotDraining() {
    JsonObject old = status();
    old.remove("draining");
    assertFalse(NodeStatusReport.fromJson(old).draining());
    assertFalse(NodeStatusReport.fromJson(status().putNull("draining")).draining());
    assertEquals(null, NodeStatusReport.fromJson(status().putNull("clusterNodeId")).clusterNodeId());
  }

  @Test
  void aMalformedStatusIsRefusedInWords() {
    for (String field : List.of("nodeId", "network", "version", "startedAt", "uptimeSeconds", "held", "sessions", "failures")) {
      JsonObject missing = status();
      missing.remove(field);
      refusesField(field, () -> NodeStatusReport.fromJson(missing));
    }
    refusesField("nodeId", () -> NodeStatusReport.fromJson(status().put("nodeId", "")));
    refusesField("network", () -> NodeStatusReport.fromJson(status().put("network", 7)));
    refusesField("clusterNodeId", () -> NodeStatusReport.fromJson(status().put("clusterNodeId", 7)));
    refusesField("held", () -> NodeStatusReport.fromJson(status().put("held", "many")));
    refusesField("held", () -> NodeStatusReport.fromJson(status().put("held", -1)));
    refusesField("uptimeSeconds", () -> NodeStatusReport.fromJson(status().put("uptimeSeconds", 1.5)));
    refusesField("failures", () -> NodeStatusReport.fromJson(status().put("failures", new JsonObject().put("IM_ERROR", -1))));
    refusesField("sessions", () -> NodeStatusReport.fromJson(status().put("sessions", new JsonObject().put("connected", "two"))));
    refusesField("sessions", () -> NodeStatusReport.fromJson(status().putNull("sessions")));
    refusesField("draining", () -> NodeStatusReport.fromJson(status().put("draining", "yes")));
  }

  @Test
  void aNodeStoppedRoundTripsAndNeedsItsNodeId() {
    roundTrips("{\"type\":\"node-stopped\",\"nodeId\":\"729e1dd9\"}", NodeStopped::fromJson, NodeStopped::toJson);
    refusesField("nodeId", () -> NodeStopped.fromJson(new JsonObject().put("type", "node-stopped")));
    refusesField("nodeId", () -> NodeStopped.fromJson(new JsonObject().put("nodeId", 3)));
  }

  @Test
  void theAskForEveryNodesStatusRoundTrips() {
    roundTrips("{\"type\":\"node-status-wanted\"}", NodeStatusWanted::fromJson, NodeStatusWanted::toJson);
  }

  @Test
  void theListingRoundTripsAsTheAdminPageReadsIt() {
    roundTrips("{\"nodes\":[" + LISTED + "]}", NodesListed::fromJson, NodesListed::toJson);
    roundTrips("{\"nodes\":[]}", NodesListed::fromJson, NodesListed::toJson);
    roundTrips("{\"type\":\"nodes.list\"}", NodesList::fromJson, NodesList::toJson);
    refusesField("nodes", () -> NodesListed.fromJson(new JsonObject()));
    refusesField("nodes", () -> NodesListed.fromJson(new JsonObject("{\"nodes\":[3]}")));
    refusesField("seenSecondsAgo", () -> NodesListed.fromJson(new JsonObject("{\"nodes\":[" + STATUS + "]}")));
  }

  @Test
  void aListedNodeIsItsLastStatusCountedOnWithoutItsClusterMember() {
    ListedNode listed = ListedNode.of(NodeStatusReport.fromJson(status()).asDraining(), 2);
    assertEquals(LISTED, listed.toJson().encode());
    assertEquals(3727, listed.status().uptimeSeconds());
    assertEquals(3725, NodeStatusReport.fromJson(status()).uptimeSeconds(), "the report itself is unchanged");
  }

  @Test
  void aDrainRoundTripsAndIsRefusedInTheWordsTheAdminSeesWithoutANodeId() {
    roundTrips("{\"type\":\"nodes.drain\",\"nodeId\":\"729e1dd9-0c1a-4d3e-9f6b-2a8c5e7d1b40\"}", NodesDrain::fromJson,
        NodesDrain::toJson);
    // The web's admin route takes the same body without its type.
    assertEquals(new NodesDrain("n-1"), NodesDrain.fromJson(new JsonObject().put("nodeId", "n-1")));
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().putNull("nodeId"), new JsonObject().put("nodeId", " "),
        new JsonObject().put("nodeId", 5), new JsonObject().put("nodeId", "n".repeat(65)))) {
      ParleyException e = assertThrows(ParleyException.class, () -> NodesDrain.fromJson(bad));
      assertEquals(FailureCode.INVALID_FIELD, e.code());
      assertEquals("Name the node to drain by its id (nodeId), as the admin page lists it.", e.getMessage());
    }
    assertEquals("n".repeat(64), NodesDrain.fromJson(new JsonObject().put("nodeId", "n".repeat(64))).nodeId());
  }

  @Test
  void theDrainAnswersRoundTrip() {
    roundTrips("{\"nodeId\":\"729e1dd9\",\"network\":\"xmpp\",\"held\":3}", NodesDrained::fromJson, NodesDrained::toJson);
    roundTrips("{\"nodeId\":\"729e1dd9\",\"held\":3}", NodeDrainStarted::fromJson, NodeDrainStarted::toJson);
    refusesField("network", () -> NodesDrained.fromJson(new JsonObject().put("nodeId", "n").put("held", 1)));
    refusesField("held", () -> NodesDrained.fromJson(new JsonObject().put("nodeId", "n").put("network", "xmpp")));
    refusesField("held", () -> NodeDrainStarted.fromJson(new JsonObject().put("nodeId", "n").put("held", "3")));
    refusesField("nodeId", () -> NodeDrainStarted.fromJson(new JsonObject().put("held", 3)));
  }
}
