package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.ConnectionState;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.browser.AccountReply;
import parley.contract.testing.ClusterPorts;
import parley.contract.testing.TestNetworks;
import parley.session.SessionVerticle;
import parley.web.testing.BridgeUser;
import parley.web.testing.SeparateJvm;
import parley.web.testing.TestCluster;
import parley.web.testing.WebStack;

/**
 * A web process killed (SIGKILL) with a browser attached: the session, in another process of the
 * same Hazelcast cluster, sees it leave the cluster, counts its browser as detached, and closes
 * the user's IM connections after the idle time. The web process is a separate JVM running
 * {@link Main}; the session runs in this JVM with a stand-in protocol node that records commands.
 */
class WebProcessLossTest {
  private static final String NODE_ID = "stand-in-node";

  @Test
  void theBrowsersOfAKilledWebProcessCountAsDetached() throws Exception {
    TestCluster cluster = new TestCluster("parley-test-", 2);
    JsonObject config = WebStack.config().put("cluster", cluster.member(0));
    config.getJsonObject("session").put("idleTimeoutSeconds", 2).put("webNodeCheckSeconds", 1);

    Vertx sessionNode = TestCluster.join(config);
    Vertx client = Vertx.vertx();
    Process web = null;
    try {
      BlockingQueue<JsonObject> nodeCommands = new LinkedBlockingQueue<>();
      sessionNode.eventBus().<JsonObject>consumer(Addresses.nodeConnect(TestNetworks.XMPP), msg -> {
        nodeCommands.add(msg.body());
        msg.reply(new JsonObject().put("nodeId", NODE_ID));
      }).completion().await();
      sessionNode.eventBus().<JsonObject>consumer(Addresses.node(NODE_ID), msg -> {
        nodeCommands.add(msg.body());
        msg.reply(new JsonObject());
      }).completion().await();
      // The stand-in node's network, described as the real node describes it.
      TestNetworks.advertise(sessionNode);
      sessionNode.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();

      int webPort = ClusterPorts.base(1);
      Path dir = Files.createDirectories(Path.of("target", "web-process-loss"));
      Path webConfig = dir.resolve("parley.json");
      Files.writeString(webConfig, new JsonObject()
          .put("web", new JsonObject().put("host", "127.0.0.1").put("port", webPort))
          // Any free management port: the web's default (9401) may be taken on a test machine.
          .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0))
          .put("cluster", cluster.member(1)).encodePrettily());
      web = SeparateJvm.start(Main.class, webConfig, dir.resolve("web.log"));
      awaitListening(web, webPort, 90_000);

      // A browser signs up through the web process, attaches and adds an account, which connects.
      BridgeUser walt = BridgeUser.signUp(client, webPort, "walt");
      String accountId = AccountReply.fromJson(walt.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.XMPP)
          .put("login", "walt@example.org").put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222)
          .put("tls", "if-offered"))).account().id();
      JsonObject connect = next(nodeCommands, NodeCommand.CONNECT, 10_000);
      assertNotNull(connect, "the account never asked the node to connect");
      sessionNode.eventBus().send(Addresses.SESSION_IM_EVENTS, new JsonObject().put("type", NodeEvent.CONNECTION_STATE)
          .put("state", ConnectionState.CONNECTED).put("nodeId", NODE_ID).put("userId", walt.http.userId())
          .put("accountId", accountId));
      assertNull(next(nodeCommands, NodeCommand.DISCONNECT, 3500), "no idle close while the browser is attached");

      // The web process dies without a word: no browser-detached ever comes.
      web.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long killed = System.currentTimeMillis();
      JsonObject disconnect = next(nodeCommands, NodeCommand.DISCONNECT, 45_000);
      assertNotNull(disconnect, "the IM connection of a browser of the dead web process was never idle-closed");
      assertEquals(accountId, disconnect.getString("accountId"));
      System.out.println("Idle-closed " + (System.currentTimeMillis() - killed) + " ms after the web process was killed");
    } finally {
      if (web != null) {
        web.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      client.close().await();
      sessionNode.close().await();
    }
  }

  private static void awaitListening(Process process, int port, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      if (!process.isAlive()) {
        throw new AssertionError("the web process ended early; see target/web-process-loss/web.log");
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the web process did not listen within " + ms + " ms");
  }

  private static JsonObject next(BlockingQueue<JsonObject> commands, String type, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      JsonObject c = commands.poll(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
      if (c != null && type.equals(c.getString("type"))) {
        return c;
      }
    }
    return null;
  }

}
