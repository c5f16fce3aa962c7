package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Avatars by PEP (XEP-0084) against a real Prosody with mod_pep: a plain Smack client publishes
 * its avatar and Parley, whose capabilities ask for avatar metadata (+notify), reports it; the
 * avatar set from Parley is published by PEP and a plain client reads it; the own avatar's hash
 * is announced again after a new login. {@link XmppNodePepAvatarEjabberdTest} runs them against ejabberd.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodePepAvatarTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger users = new AtomicInteger();
  private static final int MAX_BYTES = 1024;
  static XmppTestServer server;

  private NodeHarness node;

  /** The server the tests run against, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer() {
    return new ProsodyServer();
  }

  @BeforeAll
  void startServer() {
    server = newServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig().put("maxAvatarBytes", MAX_BYTES));
  }

  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    server.createUser(user, PASSWORD);
    return user;
  }

  @Test
  void aContactsPepAvatarArrivesCheckedByTypeSizeAndHash() throws Exception {
    String account = NodeHarness.newAccountId();
    String alice = newUser("alice");
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      node.befriendBothWays(account, server, alice, bob);
      // A text announced as a PNG: its data is fetched and refused.
      byte[] text = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
      publish(bob, text, "image/png", text.length);
      // An image announced larger than the node takes: not even fetched.
      byte[] png = XmppNodeAvatarTest.png();
      publish(bob, png, "image/png", MAX_BYTES + 1);
      // A real small image: reported, with its bytes.
      publish(bob, png, "image/png", png.length);

      JsonObject avatar = node.awaitEvent(account, NodeEvent.AVATAR, e -> true);
      assertEquals(bob.jid, avatar.getString("jid"));
      assertEquals(Avatars.sha1(png), avatar.getString("hash"));
      assertEquals("image/png", avatar.getString("mediaType"));
      assertArrayEquals(png, Base64.getDecoder().decode(avatar.getString("data")));
      assertEquals(1, node.eventsOf(account, NodeEvent.AVATAR).size(), "the refused avatars were not reported");

      // XEP-0084 4.5: empty metadata, the contact has no avatar now.
      PepManager.getInstanceFor(bob.connection).publish(PepAvatars.METADATA,
          new PayloadItem<>("current", StandardExtensionElement.builder("metadata", PepAvatars.METADATA).build()));
      JsonObject none = node.awaitEvent(account, NodeEvent.AVATAR, e -> "".equals(e.getString("hash")));
      assertEquals(bob.jid, none.getString("jid"));
      assertNull(none.getString("data"));
    }
  }

  @Test
  void theOwnAvatarIsPublishedByPepAndAnnouncedAgainAfterANewLogin() throws Exception {
    String alice = newUser("alice");
    String first = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(first, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      node.befriendBothWays(first, server, alice, bob);
      byte[] png = XmppNodeAvatarTest.png();
      String hash = Avatars.sha1(png);
      node.command(NodeCommand.SET_AVATAR, first, new JsonObject().put("data", Base64.getEncoder().encodeToString(png)));

      // A plain client finds it in alice's PEP: metadata naming the hash, data with the image.
      PubSubManager alicePep = PubSubManager.getInstanceFor(bob.connection, JidCreate.bareFrom(server.jid(alice)));
      List<Item> metadata = alicePep.getLeafNode(PepAvatars.METADATA).getItems();
      assertEquals(List.of(hash), metadata.stream().map(Item::getId).toList());
      LeafNode data = alicePep.getLeafNode(PepAvatars.DATA);
      List<Item> image = data.getItems(List.of(hash));
      assertEquals(1, image.size());
      assertEquals(true, image.get(0).toXML().toString().contains(Base64.getEncoder().encodeToString(png)), "the image's bytes");

      // Parley signs off and comes back (a new login, as after an idle close or on another node):
      // its presence announces the avatar's hash again (XEP-0153), learned from the vCard.
      node.command(NodeCommand.DISCONNECT, first, new JsonObject());
      // The first session's own unavailable presence (from its full JID): what comes after is the new session's.
      bob.awaitPresence(p -> Peer.from(p, server.jid(alice)) && p.getFrom().hasResource()
          && p.getType() == Presence.Type.unavailable);
      String again = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(again, server, alice, PASSWORD);
      bob.awaitPresence(p -> Peer.from(p, server.jid(alice)) && p.getType() == Presence.Type.available
          && p.toXML().toString().contains(hash));
    }
  }

  /** Bob publishes an image's data, then metadata that announce it with {@code bytes}. */
  private static void publish(Peer bob, byte[] image, String type, int bytes) throws Exception {
    String hash = Avatars.sha1(image);
    PepManager pep = PepManager.getInstanceFor(bob.connection);
    pep.publish(PepAvatars.DATA, new PayloadItem<>(hash, StandardExtensionElement.builder("data", PepAvatars.DATA)
        .setText(Base64.getEncoder().encodeToString(image)).build()));
    pep.publish(PepAvatars.METADATA, new PayloadItem<>(hash, StandardExtensionElement.builder("metadata", PepAvatars.METADATA)
        .addElement(StandardExtensionElement.builder("info", PepAvatars.METADATA).addAttribute("bytes", String.valueOf(bytes))
            .addAttribute("id", hash).addAttribute("type", type).build()).build()));
  }
}
