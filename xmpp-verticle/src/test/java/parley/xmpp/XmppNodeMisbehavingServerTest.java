package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.xmpp.testing.ProsodyServer;

/**
 * A server that misbehaves fails its own account with a sentence; the node goes on serving its
 * other accounts (issue 10, safe parsing).
 */
@ExtendWith(VertxExtension.class)
class XmppNodeMisbehavingServerTest {
  private static final String PASSWORD = "correct horse";
  private static ProsodyServer prosody;

  private NodeHarness node;

  @BeforeAll
  static void startProsody() {
    prosody = new ProsodyServer().start();
    prosody.createUser("alice", PASSWORD);
  }

  @AfterAll
  static void stopProsody() {
    if (prosody != null) {
      prosody.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  /** Connects an account to a scripted server and returns the error of its {@code failed} state. */
  private JsonObject failureAgainst(String script, String forever) throws IOException {
    try (XmppClientTest.Scripted server = new XmppClientTest.Scripted(script, forever)) {
      String account = NodeHarness.newAccountId();
      node.connect(node.connectCommand(account, prosody, "alice", PASSWORD).put("port", server.port()));
      node.awaitState(account, "connecting");
      return node.awaitState(account, "failed").getJsonObject("error");
    }
  }

  @Test
  void badServersFailTheirAccountsAndTheOthersGoOn() throws Exception {
    String good = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(good, prosody, "alice", PASSWORD);

    assertEquals(FailureCode.IM_ERROR.toJson("The IM server sent data that is not a valid XMPP stream."),
        failureAgainst("\u0000\u00ff garbage \u0007", null));
    assertEquals(FailureCode.IM_ERROR.toJson("The IM server sent a stanza larger than 256 KiB."),
        failureAgainst(XmppClientTest.HEADER + "<message><body>", "endless ".repeat(64)));
    assertEquals(FailureCode.IM_ERROR.toJson("The IM server sent a stanza larger than 256 KiB."),
        failureAgainst(XmppClientTest.HEADER + "<message><body>" + "x".repeat(300_000) + "</body></message>", null));
    assertEquals(FailureCode.IM_ERROR.toJson("The IM server sent a document type declaration, which XMPP forbids."),
        failureAgainst("<?xml version='1.0'?><!DOCTYPE s [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            + XmppClientTest.HEADER, null));
    assertEquals(FailureCode.IM_ERROR.toJson("The IM server sent an entity reference, which XMPP forbids."),
        failureAgainst(XmppClientTest.HEADER + "<stream:features><x>&x;</x></stream:features>", null));
    assertEquals(FailureCode.IM_KICKED.toJson("The IM server closed this session because the account signed in elsewhere."),
        failureAgainst(XmppClientTest.HEADER + "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            + "</stream:error></stream:stream>", null));

    // The good account was not touched.
    assertEquals(new JsonArray().add(good), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts"));
    assertEquals(new JsonObject(), node.command(NodeCommand.SEND_MESSAGE, good,
        new JsonObject().put("to", prosody.jid("alice")).put("text", "still here")));
  }
}
