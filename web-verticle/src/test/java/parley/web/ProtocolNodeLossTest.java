package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import parley.billing.BillingVerticle;
import parley.boot.ClusterBoot;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.NodeStatus;
import parley.contract.nodes.NodeStatusReport;
import parley.session.SessionVerticle;
import parley.web.testing.BridgeUser;
import parley.web.testing.SeparateJvm;
import parley.web.testing.SmackPeer;
import parley.web.testing.TestCluster;
import parley.xmpp.XmppNodeVerticle;
import parley.xmpp.testing.ProsodyServer;

/**
 * An XMPP node killed (SIGKILL, its own JVM) while it holds an account: the session, in another
 * process of the same Hazelcast cluster, hears from the membership that the node's process left and
 * reconnects the account through the remaining node at once (well before the 15 s ping), shown as
 * reconnecting meanwhile; what the contact sent while no node held the account comes from the
 * server's archive, once. Real Prosody (archive and stream management on, so the server parks
 * messages on the dead node's resumable stream), real PostgreSQL.
 */
class ProtocolNodeLossTest {

  @Test
  void theAccountsOfAKilledNodeReconnectThroughAnotherAtOnceAndLoseNothing() throws Exception {
    TestCluster cluster = new TestCluster("parley-test-", 2);
    JsonObject config = parley.web.testing.WebStack.config().put("cluster", cluster.member(0));
    // The membership listener must do it: neither the ping (15 s) nor the membership timer comes in time.
    config.getJsonObject("session").put("nodeCheckSeconds", 15).put("webNodeCheckSeconds", 60);

    ProsodyServer prosody = new ProsodyServer().withArchive().withStreamManagement().start();
    Vertx main = TestCluster.join(config);
    Process doomed = null;
    try {
      prosody.createUser("nia", "nia-im-pw");
      prosody.createUser("pat", "pat-pw");
      String jid = "nia@" + prosody.domain();
      String pat = "pat@" + prosody.domain();

      BlockingQueue<JsonObject> statuses = new LinkedBlockingQueue<>();
      main.eventBus().<JsonObject>consumer(Addresses.NODES_STATUS, msg -> statuses.add(msg.body())).completion().await();
      DeploymentOptions options = new DeploymentOptions().setConfig(config);
      main.deployVerticle(new SessionVerticle(), options).await();
      main.deployVerticle(new BillingVerticle(), options).await();
      WebVerticle web = new WebVerticle();
      main.deployVerticle(web, options).await();

      // The only XMPP node at first runs in a JVM of its own.
      Path dir = Files.createDirectories(Path.of("target", "protocol-node-loss"));
      Path nodeConfig = dir.resolve("parley.json");
      Files.writeString(nodeConfig, new JsonObject()
          .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0))
          .put("cluster", cluster.member(1)).encodePrettily());
      doomed = SeparateJvm.start(parley.xmpp.Main.class, nodeConfig, dir.resolve("xmpp.log"));
      String mainMember = ClusterBoot.nodeId(main);
      NodeStatusReport doomedStatus = null;
      // A JVM that joins the cluster takes seconds on a quiet machine, far more on a loaded one.
      long end = System.currentTimeMillis() + 90_000;
      while (doomedStatus == null && System.currentTimeMillis() < end) {
        JsonObject s = statuses.poll(500, TimeUnit.MILLISECONDS);
        NodeStatusReport status = s != null && NodeStatus.NODE_STATUS.equals(s.getString("type")) ? NodeStatusReport.fromJson(s) : null;
        if (status != null && !mainMember.equals(status.clusterNodeId())) {
          doomedStatus = status;
        }
        assertTrue(doomed.isAlive(), "the XMPP node's JVM ended early; see target/protocol-node-loss/xmpp.log");
      }
      assertTrue(doomedStatus != null, "the XMPP node in its own JVM never reported");

      BridgeUser user = BridgeUser.signUp(main, web.actualPort(), "nia");
      try (SmackPeer peer = new SmackPeer("pat", "pat-pw", prosody.domain(), prosody.port())) {
        String accountId = user.addXmppAccount(jid, "nia-im-pw", prosody.port());
        peer.send(jid, "before");
        user.waitEvent(BrowserEvent.MESSAGE, e -> "before".equals(e.getJsonObject("message").getString("text")), 15_000);

        // Now a second node runs (in the session's process); then the one holding the account dies.
        main.deployVerticle(new XmppNodeVerticle(), options).await();
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killed = System.currentTimeMillis();
        // The contact writes while no node holds the account: the server keeps it in its archive.
        peer.send(jid, "while down 1");
        peer.send(jid, "while down 2");

        JsonObject reconnecting = user.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> accountId.equals(e.getString("accountId"))
            && ConnectionState.RECONNECTING.equals(e.getString("state")), 10_000);
        user.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> accountId.equals(e.getString("accountId"))
            && ConnectionState.CONNECTED.equals(e.getString("state")), 10_000);
        long back = System.currentTimeMillis() - killed;
        System.out.println("Account connected again " + back + " ms after its node was killed; meanwhile: " + reconnecting.encode());
        assertTrue(back < 8_000, "connected again after " + back + " ms: not from the membership (the ping comes at 15 s)");

        peer.send(jid, "after");
        long deadline = System.currentTimeMillis() + 15_000;
        while (texts(user, accountId, pat).size() < 4 && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        // Time for a second copy to arrive, if one were coming.
        Thread.sleep(2000);
        assertEquals(List.of("after", "before", "while down 1", "while down 2"),
            texts(user, accountId, pat).stream().sorted().toList(), "each once: " + texts(user, accountId, pat));
      } finally {
        user.close();
      }
    } finally {
      if (doomed != null) {
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      main.close().await();
      prosody.stop();
    }
  }

  private static List<String> texts(BridgeUser user, String accountId, String peer) throws InterruptedException {
    JsonArray messages = user.request(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", peer)).getJsonArray("messages");
    return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }
}
