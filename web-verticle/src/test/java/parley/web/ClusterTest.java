package parley.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import parley.boot.ClusterBoot;
import parley.contract.testing.ClusterPorts;
import parley.session.SessionVerticle;
import parley.web.testing.WebStack;
import parley.xmpp.XmppNodeVerticle;
import parley.xmpp.testing.ProsodyServer;

/**
 * Web, session and XMPP node in three Vert.x instances joined over Hazelcast on loopback,
 * carrying a conversation end to end.
 */
class ClusterTest {
  @Test
  void aMessageCrossesTheCluster() throws Exception {
    int base = ClusterPorts.base(3);
    JsonObject config = WebStack.config().put("cluster", new JsonObject()
        .put("configFile", "no-such-file.xml")
        .put("name", "parley-test-" + UUID.randomUUID())
        .put("members", new JsonArray().add("127.0.0.1:" + base).add("127.0.0.1:" + (base + 1)).add("127.0.0.1:" + (base + 2)))
        .put("joinWaitSeconds", 1));
    ProsodyServer prosody = new ProsodyServer();
    prosody.start();
    List<Vertx> nodes = new ArrayList<>();
    try {
      nodes.add(ClusterBoot.start(withPort(config, base), SessionVerticle::new).await());
      nodes.add(ClusterBoot.start(withPort(config, base + 1), XmppNodeVerticle::new).await());
      WebVerticle web = new WebVerticle();
      Vertx webNode = ClusterBoot.start(withPort(config, base + 2), () -> web).await();
      nodes.add(webNode);
      SmackPeerChat.run(webNode, web.actualPort(), prosody, "kate");
    } finally {
      for (Vertx v : nodes) {
        v.close().await();
      }
      prosody.stop();
    }
  }

  private static JsonObject withPort(JsonObject config, int port) {
    JsonObject copy = config.copy();
    copy.getJsonObject("cluster").put("port", port);
    return copy;
  }
}
