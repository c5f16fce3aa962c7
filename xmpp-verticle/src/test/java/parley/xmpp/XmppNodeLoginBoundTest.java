package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.testing.ClusterPorts;

/**
 * Many accounts connecting at once (a restart, a failover) reach the IM server a few at a time:
 * a server that accepts and never answers sees only as many connections as the node lets log in
 * at once, and the others when those have given up.
 */
@ExtendWith(VertxExtension.class)
class XmppNodeLoginBoundTest {

  @Test
  void onlySoManyAccountsLogInAtOnce(Vertx vertx) throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    // Below the ephemeral range: a node of another test reconnecting to a server it lost would count here.
    try (ServerSocket silent = ClusterPorts.listen()) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();

      NodeHarness node = new NodeHarness(vertx, new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2)
          .put("connectTimeoutSeconds", 2).put("maxLoginsInProgress", 2));
      for (int i = 0; i < 5; i++) {
        node.connect(new JsonObject().put("type", "connect").put("accountId", NodeHarness.newAccountId())
            .put("userId", "user-" + i).put("login", "user" + i + "@localhost").put("password", "correct horse")
            .put("host", "127.0.0.1").put("port", silent.getLocalPort()).put("tls", "if-offered")
            .put("presence", new JsonObject().put("show", "available").put("status", "")));
      }
      Thread.sleep(1000);
      assertEquals(2, accepted.size(), "logins in progress while the server is silent");
      long deadline = System.currentTimeMillis() + 15_000;
      while (accepted.size() < 5 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(5, accepted.size(), "every account had its turn once the first ones gave up");
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
