package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.nodekit.testing.NodeProbe;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Contacts' avatars (XEP-0153 vCard photos) against a real Prosody, the contact a plain Smack
 * client that sets its vCard and announces the photo's hash in its presence.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeAvatarTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger users = new AtomicInteger();
  /** The node's bound on avatars here (the smallest allowed), so that an oversized one stays small. */
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
  void aContactsVcardPhotoArrivesWithItsHashAndBytes() throws Exception {
    String account = NodeHarness.newAccountId();
    String alice = newUser("alice");
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      befriend(account, alice, bob);
      byte[] png = png();
      setPhoto(bob, png, "image/png");
      announce(bob, server.jid(alice), Avatars.sha1(png));

      JsonObject avatar = node.awaitEvent(account, NodeEvent.AVATAR, e -> true);
      assertEquals(bob.jid, avatar.getString("jid"));
      assertEquals(Avatars.sha1(png), avatar.getString("hash"));
      assertEquals("image/png", avatar.getString("mediaType"));
      assertArrayEquals(png, Base64.getDecoder().decode(avatar.getString("data")));

      // A new session owner asks for everything again (resync): the avatar comes again with the roster.
      node.command(NodeCommand.RESYNC, account, new JsonObject());
      JsonObject again = node.awaitEvent(account, NodeEvent.AVATAR, e -> true);
      assertEquals(bob.jid, again.getString("jid"));
      assertEquals(Avatars.sha1(png), again.getString("hash"));
      assertEquals(avatar.getString("data"), again.getString("data"));

      announce(bob, server.jid(alice), "");
      JsonObject none = node.awaitEvent(account, NodeEvent.AVATAR, e -> "".equals(e.getString("hash")));
      assertEquals(bob.jid, none.getString("jid"));
      assertEquals(null, none.getString("data"));
    }
  }

  @Test
  void anOversizedOrNonImagePhotoIsRefused() throws Exception {
    String account = NodeHarness.newAccountId();
    String alice = newUser("alice");
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      befriend(account, alice, bob);
      // A PNG signature on more than the node allows.
      byte[] big = Arrays.copyOf(png(), MAX_BYTES + 1);
      setPhoto(bob, big, "image/png");
      announce(bob, server.jid(alice), Avatars.sha1(big));
      // A text declared as a JPEG.
      byte[] text = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
      setPhoto(bob, text, "image/jpeg");
      announce(bob, server.jid(alice), Avatars.sha1(text));
      // A real image whose hash is not the one announced.
      byte[] png = png();
      setPhoto(bob, png, "image/png");
      announce(bob, server.jid(alice), Avatars.sha1(text).replace('a', 'b').replace('0', '1'));
      // Presences of one contact arrive in order: this one is reported after those were handled.
      announce(bob, server.jid(alice), Avatars.sha1(png));

      JsonObject avatar = node.awaitEvent(account, NodeEvent.AVATAR, e -> true);
      assertEquals(Avatars.sha1(png), avatar.getString("hash"));
      assertEquals(1, node.eventsOf(account, NodeEvent.AVATAR).size(), "the refused photos were not reported");
    }
  }

  @Test
  void theOwnAvatarSetFromParleyReachesAContactWithItsHash() throws Exception {
    String alice = newUser("alice");
    String carol = newUser("carol");
    String aliceAccount = NodeHarness.newAccountId();
    String carolAccount = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(aliceAccount, server, alice, PASSWORD);
    node.connectAndAwaitRoster(carolAccount, server, carol, PASSWORD);
    // Carol, on Parley too, sees alice's presence.
    node.command(NodeCommand.ADD_CONTACT, carolAccount, new JsonObject().put("jid", server.jid(alice)));
    node.awaitEvent(aliceAccount, NodeEvent.SUBSCRIPTION_REQUEST, e -> e.getString("from").equals(server.jid(carol)));
    node.command(NodeCommand.ANSWER_SUBSCRIPTION, aliceAccount, new JsonObject().put("jid", server.jid(carol)).put("approve", true));
    node.awaitEvent(carolAccount, NodeEvent.CONTACT_UPDATED, e -> e.getJsonObject("contact").getString("subscription").equals("to"));

    // Refused in words, before anything is sent: too large, not an image.
    NodeProbe.assertFailure(node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SET_AVATAR)
        .put("accountId", aliceAccount).put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(png(), MAX_BYTES + 1)))),
        FailureCode.INVALID_FIELD);
    var notImage = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SET_AVATAR)
        .put("accountId", aliceAccount).put("data", Base64.getEncoder().encodeToString("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))));
    NodeProbe.assertFailure(notImage, FailureCode.INVALID_FIELD);
    assertEquals("The picture is not a PNG, JPEG, GIF or WebP image.", notImage.getMessage());

    byte[] png = png();
    node.command(NodeCommand.SET_AVATAR, aliceAccount, new JsonObject().put("data", Base64.getEncoder().encodeToString(png)));
    JsonObject avatar = node.awaitEvent(carolAccount, NodeEvent.AVATAR, e -> true);
    assertEquals(server.jid(alice), avatar.getString("jid"));
    assertEquals(Avatars.sha1(png), avatar.getString("hash"));
    assertArrayEquals(png, Base64.getDecoder().decode(avatar.getString("data")));
    assertEquals(1, node.eventsOf(carolAccount, NodeEvent.AVATAR).size());

    // A plain client reads it from alice's vCard.
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      VCard vcard = VCardManager.getInstanceFor(bob.connection).loadVCard(JidCreate.entityBareFrom(server.jid(alice)));
      assertArrayEquals(png, vcard.getAvatar());
    }
  }

  /** Alice adds bob, who approves: bob is in her roster and she sees his presence. */
  private void befriend(String account, String alice, Peer bob) throws Exception {
    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", bob.jid).put("name", "Bob"));
    bob.awaitPresence(p -> p.getType() == Presence.Type.subscribe && Peer.from(p, server.jid(alice)));
    bob.sendPresence(Presence.Type.subscribed, server.jid(alice));
    node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> e.getJsonObject("contact").getString("subscription").equals("to"));
  }

  private static void setPhoto(Peer peer, byte[] data, String type) throws Exception {
    VCard vcard = new VCard();
    vcard.setAvatar(data, type);
    VCardManager.getInstanceFor(peer.connection).saveVCard(vcard);
  }

  /**
   * An available presence with the photo's hash (XEP-0153); "" says there is no photo. Directed to
   * {@code to}: Smack's reader trips over its own presence echoed with the photo element.
   */
  private static void announce(Peer peer, String to, String hash) throws Exception {
    StandardExtensionElement.Builder photo = StandardExtensionElement.builder("photo", "vcard-temp:x:update");
    if (!hash.isEmpty()) {
      photo.setText(hash);
    }
    peer.connection.sendStanza(peer.connection.getStanzaFactory().buildPresenceStanza()
        .ofType(Presence.Type.available).to(JidCreate.from(to))
        .addExtension(StandardExtensionElement.builder("x", "vcard-temp:x:update").addElement(photo.build()).build())
        .build());
  }

  static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, 0x3366cc);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
