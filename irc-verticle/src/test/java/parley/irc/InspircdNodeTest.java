package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.irc.testing.InspircdServer;
import parley.irc.testing.IrcPeer;
import parley.irc.testing.IrcServerProcess;

/** Against Debian's InspIRCd: also TLS, server-time and echo-message. */
class InspircdNodeTest extends AgainstRealServer {
  static InspircdServer server;

  @BeforeAll
  static void startServer() {
    server = new InspircdServer();
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  IrcServerProcess server() {
    return server;
  }

  @Override
  JsonObject nodeConfig() {
    return NodeHarness.fastConfig().put("trustedCertificate", server.certificate().toString());
  }

  @Test
  void signsOnOverTlsWithIrcv3AndIgnoresItsOwnEchoes() {
    String gina = nick("gi");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, gina, null, server.host(), server.tlsPort(), true));
    String channel = "#tls" + nick("");
    try (IrcPeer hal = new IrcPeer(server.host(), server.port(), nick("ha"))) {
      hal.join(channel);
      node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", channel));
      hal.await(l -> l.contains("JOIN") && l.contains(gina));
      // echo-message is on: the server sends the node's own channel message back; it is not taken for a received one.
      node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", channel).put("text", "over TLS"));
      hal.await(l -> l.endsWith(":over TLS"));
      hal.send("PRIVMSG " + channel + " :got it");
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> e.getString("text").contains("got it"));
      assertEquals("<" + hal.nick + "> got it", in.getString("text"));
      assertEquals(List.of("<" + hal.nick + "> got it"), node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).stream()
          .map(e -> e.getString("text")).toList());
    }
  }

  @Test
  void aServerCertificateNobodyTrustsFailsInWords() throws Exception {
    Vertx other = Vertx.vertx();
    try {
      NodeHarness untrusting = new NodeHarness(other, NodeHarness.fastConfig());
      String account = NodeHarness.newAccountId();
      untrusting.connect(NodeHarness.connectCommand(account, nick("ia"), null, server.host(), server.tlsPort(), true));
      JsonObject failed = untrusting.awaitState(account, "failed");
      assertEquals("IM_TLS_FAILED", failed.getJsonObject("error").getString("code"));
      assertTrue(failed.getJsonObject("error").getString("text").startsWith(
          "TLS to the IRC server at 127.0.0.1:" + server.tlsPort() + " could not be set up"), failed.encode());
    } finally {
      other.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
