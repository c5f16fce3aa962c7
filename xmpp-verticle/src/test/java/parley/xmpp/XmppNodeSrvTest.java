package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.NodeCommand;
import parley.contract.testing.RefusedPort;
import parley.xmpp.testing.ProsodyServer;

/** An account without a host is found through its domain's SRV records (RFC 6120 3.2.1), as Smack did. */
@ExtendWith(VertxExtension.class)
class XmppNodeSrvTest {
  private static final String PASSWORD = "correct horse";

  @Test
  void accountWithoutHostConnectsThroughSrvRecordsTryingThemInOrder(Vertx vertx) {
    try (ProsodyServer prosody = new ProsodyServer().start();
        RefusedPort refused = new RefusedPort();
        SrvDnsServer dns = new SrvDnsServer(Map.of("_xmpp-client._tcp." + prosody.domain(), List.of(
            new SrvDnsServer.Srv(20, 0, prosody.port(), "127.0.0.1"),
            // Tried first (lower priority value), and nobody listens there.
            new SrvDnsServer.Srv(10, 0, refused.port(), "127.0.0.1"))))) {
      prosody.createUser("alice", PASSWORD);
      NodeHarness node = new NodeHarness(vertx, NodeHarness.fastConfig().put("dnsServer", dns.address()));
      String account = NodeHarness.newAccountId();
      JsonObject connect = node.connectCommand(account, prosody, "alice", PASSWORD);
      connect.remove("host");
      connect.remove("port");
      node.connectAndAwaitRoster(connect);
      assertEquals(new JsonObject(), node.command(NodeCommand.SEND_MESSAGE, account,
          new JsonObject().put("to", prosody.jid("alice")).put("text", "found you")));
    }
  }
}
