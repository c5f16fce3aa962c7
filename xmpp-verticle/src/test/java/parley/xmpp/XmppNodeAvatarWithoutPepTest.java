package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Base64;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import parley.contract.NodeCommand;
import parley.xmpp.testing.ProsodyServer;

/** The own avatar on a real Prosody without PEP: the vCard alone carries it (XEP-0153), and setting it succeeds. */
@ExtendWith(VertxExtension.class)
class XmppNodeAvatarWithoutPepTest {
  private static final String PASSWORD = "correct horse";
  private static ProsodyServer server;

  @BeforeAll
  static void startServer() {
    server = new ProsodyServer().withoutPep().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void theOwnAvatarGoesToTheVcardWhereTheServerHasNoPep(Vertx vertx) throws Exception {
    NodeHarness node = new NodeHarness(vertx, NodeHarness.fastConfig());
    server.createUser("alice", PASSWORD);
    server.createUser("bob", PASSWORD);
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, "alice", PASSWORD);
    byte[] png = XmppNodeAvatarTest.png();
    node.command(NodeCommand.SET_AVATAR, account, new JsonObject().put("data", Base64.getEncoder().encodeToString(png)));
    try (Peer bob = Peer.login(server, "bob", PASSWORD)) {
      VCard vcard = VCardManager.getInstanceFor(bob.connection).loadVCard(JidCreate.entityBareFrom(server.jid("alice")));
      assertArrayEquals(png, vcard.getAvatar());
    }
  }
}
