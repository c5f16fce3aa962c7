package parley.nodekit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.NetworkDescriptor;

/** What every node's set-up shares: its configuration section, and one TCP client that stops with the node. */
class NodeSetUpTest {
  private static final String RULE = "{\"label\": \"Name\", \"placeholder\": \"alice\", \"pattern\": \"[a-z]+\","
      + " \"rule\": \"letters\", \"normalize\": \"lower\"}";
  private static final NetworkDescriptor DESCRIPTOR = NetworkDescriptor.fromJson(new JsonObject("{\"network\": \"testnode\","
      + " \"label\": \"Test\", \"badge\": \"T\", \"badges\": [], \"login\": " + RULE + ", \"contact\": " + RULE + ","
      + " \"server\": {\"host\": \"required\", \"port\": \"required\", \"defaultPort\": null, \"tls\": false,"
      + " \"tlsDefault\": \"required\"},"
      + " \"capabilities\": [], \"commands\": [\"send-message\"]}"));

  /** A node of a network with no accounts: only its set-up. */
  private static final class TestNode extends ProtocolNodeVerticle<NodeAccount> {
    NetClient client;
    int timeoutSeconds;

    @Override
    protected NetworkDescriptor descriptor() {
      return DESCRIPTOR;
    }

    @Override
    protected void setUp() {
      timeoutSeconds = section().getInteger("connectTimeoutSeconds", 15);
      client = tcpClient(timeoutSeconds);
    }

    @Override
    protected NodeAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected Future<?> command(String type, JsonObject body, NodeAccount account) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  @Timeout(30)
  void theNodeReadsItsSectionAndItsTcpClientClosesWithIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      TestNode node = new TestNode();
      String id = vertx.deployVerticle(node, new DeploymentOptions().setConfig(new JsonObject()
          .put("testnode", new JsonObject().put("connectTimeoutSeconds", 3)))).await();
      assertEquals("testnode", node.network());
      assertEquals(3, node.timeoutSeconds);
      node.client.connect(server.getLocalPort(), "127.0.0.1").await().close().await();

      vertx.undeploy(id).await();
      assertThrows(IllegalStateException.class, () -> node.client.connect(server.getLocalPort(), "127.0.0.1").await());
    } finally {
      vertx.close().await();
    }
  }
}
