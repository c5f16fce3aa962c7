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
    return NodeHarness.realServerConfig().put("trustedCertificate", server.certificate().toString());
  }

  @Test
  void signsOnOverTlsWithIrcv3AndIgnoresItsOwnEchoes() {
    String gina = nick("gi");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, gina, null, server.host(), server.tlsPort(), true));
    String channel = "#tls" + nick("");
    try (IrcPeer hal = new IrcPeer(server.host(), server.port(), nick("ha"))) {
      hal.join(channel);
      node.command(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", channel).put("nick", gina));
      hal.await(l -> l.contains("JOIN") && l.contains(gina));
      // echo-message is on: the server sends the node's own channel message back; that is the room's reflection
      // (with the messageId), not a message received.
      node.command(NodeCommand.SEND_ROOM_MESSAGE, account, new JsonObject().put("room", channel).put("text", "over TLS")
          .put("messageId", "7"));
      hal.await(l -> l.endsWith(":over TLS"));
      JsonObject own = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "7".equals(e.getString("messageId")));
      assertEquals(gina, own.getString("nick"));
      assertTrue(own.getString("stanzaId") != null, "the echo's msgid is the room's id of the message: " + own.encode());
      hal.send("PRIVMSG " + channel + " :got it");
      JsonObject in = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> e.getString("text").contains("got it"));
      assertEquals(hal.nick, in.getString("nick"));
      assertEquals(List.of("over TLS", "got it"), node.eventsOf(account, NodeEvent.ROOM_MESSAGE).stream()
          .filter(e -> !e.getString("nick").isEmpty()).map(e -> e.getString("text")).toList());
      assertEquals(List.of(), node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED));
    }
  }

  @Test
  void aServerCertificateNobodyTrustsFailsInWords() throws Exception {
    Vertx other = Vertx.vertx();
    try {
      NodeHarness untrusting = new NodeHarness(other, NodeHarness.realServerConfig());
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
