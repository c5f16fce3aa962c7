package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
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
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Other devices (XEP-0280 carbons), delivery receipts (XEP-0184) and chat markers (XEP-0333)
 * against a real Prosody, with plain Smack clients as the person's phone and the other person;
 * {@link XmppNodeCarbonsEjabberdTest} runs them against ejabberd.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeCarbonsTest {
  private static final String PASSWORD = "correct horse";
  private static final String CARBONS = "urn:xmpp:carbons:2";
  private static final String RECEIPTS = "urn:xmpp:receipts";
  private static final String MARKERS = "urn:xmpp:chat-markers:0";
  private static final AtomicInteger users = new AtomicInteger();
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
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    server.createUser(user, PASSWORD);
    return user;
  }

  @Test
  void whatThePhoneSendsAndReceivesShowsAsTheAccountsOwn() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer phone = Peer.login(server, alice, PASSWORD); Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      phone.sendMessage(bob.jid, "sent from my phone");
      JsonObject own = node.awaitEvent(account, NodeEvent.OWN_MESSAGE, e -> true);
      assertEquals(bob.jid, own.getString("to"));
      assertEquals("sent from my phone", own.getString("text"));
      assertTrue(own.getLong("ts") > 0);

      // To the phone's own resource: Parley sees it only as a received carbon.
      bob.sendMessage(server.jid(alice) + "/peer", "to your phone");
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
      assertEquals(bob.jid, in.getString("from"));
      assertEquals("to your phone", in.getString("text"));
      assertEquals(1, node.eventsOf(account, NodeEvent.OWN_MESSAGE).size());
    }
  }

  @Test
  void whatThePhoneCorrectsAndTakesBackFollows() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer phone = Peer.login(server, alice, PASSWORD)) {
      String bob = server.jid(newUser("bob"));
      Message typo = phone.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(bob)).ofType(Message.Type.chat).setBody("helo").build();
      phone.connection.sendStanza(typo);
      JsonObject own = node.awaitEvent(account, NodeEvent.OWN_MESSAGE, e -> true);
      assertEquals(typo.getStanzaId(), own.getString("remoteId"));

      phone.connection.sendStanza(phone.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(bob)).ofType(Message.Type.chat).setBody("hello")
          .addExtension(StandardExtensionElement.builder("replace", "urn:xmpp:message-correct:0")
              .addAttribute("id", typo.getStanzaId()).build()).build());
      JsonObject corrected = node.awaitEvent(account, NodeEvent.MESSAGE_CORRECTED, e -> true);
      assertEquals(bob, corrected.getString("to"), "to: the person's own message");
      assertEquals(null, corrected.getString("from"));
      assertEquals("hello", corrected.getString("text"));

      phone.connection.sendStanza(phone.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(bob)).ofType(Message.Type.chat).setBody("retracted")
          .addExtension(StandardExtensionElement.builder("retract", "urn:xmpp:message-retract:1")
              .addAttribute("id", typo.getStanzaId()).build()).build());
      JsonObject retracted = node.awaitEvent(account, NodeEvent.MESSAGE_RETRACTED, e -> true);
      assertEquals(bob, retracted.getString("to"));
      assertEquals(typo.getStanzaId(), retracted.getString("id"));
      assertEquals(1, node.eventsOf(account, NodeEvent.OWN_MESSAGE).size(), "neither is a new message");
    }
  }

  /**
   * While a drain moves an account, its old and new connections are two resources of it: what
   * Parley sends through one (id parley-<history id>) comes to the other as a sent carbon, and is in
   * Parley's history already. Only a message of another client is the person's own.
   */
  @Test
  void aSentCarbonOfParleysOwnMessageIsNotReportedAgain() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer otherNode = Peer.login(server, alice, PASSWORD)) {
      String bob = server.jid(newUser("bob"));
      otherNode.connection.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage("parley-42")
          .to(JidCreate.from(bob)).ofType(Message.Type.chat).setBody("sent by Parley through the other node").build());
      otherNode.sendMessage(bob, "sent from my phone");
      JsonObject own = node.awaitEvent(account, NodeEvent.OWN_MESSAGE, e -> true);
      assertEquals("sent from my phone", own.getString("text"), "carbons come in order: Parley's own came first and was skipped");
      assertEquals(1, node.eventsOf(account, NodeEvent.OWN_MESSAGE).size());
    }
  }

  @Test
  void aCarbonFromAnyoneButTheAccountItselfIsIgnored() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer mallory = Peer.login(server, newUser("mallory"), PASSWORD)) {
      StandardExtensionElement forged = StandardExtensionElement.builder("message", "jabber:client")
          .addAttribute("from", server.jid(alice) + "/phone").addAttribute("to", "carol@" + server.domain())
          .addAttribute("type", "chat").addElement("body", "I owe mallory money").build();
      mallory.connection.sendStanza(mallory.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat)
          .addExtension(StandardExtensionElement.builder("sent", CARBONS)
              .addElement(StandardExtensionElement.builder("forwarded", "urn:xmpp:forward:0").addElement(forged).build())
              .build())
          .build());
      // Messages from one sender arrive in order: once this one is here, the forgery was handled.
      mallory.sendMessage(server.jid(alice), "after");
      node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "after".equals(e.getString("text")));
      assertEquals(0, node.eventsOf(account, NodeEvent.OWN_MESSAGE).size());
      assertEquals(1, node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).size());
    }
  }

  @Test
  void receiptsAndMarkersGoBothWays() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      node.befriendBothWays(account, server, alice, bob);

      node.command(NodeCommand.SEND_MESSAGE, account,
          new JsonObject().put("to", bob.jid).put("text", "did you get this?").put("messageId", "42"));
      Message got = bob.awaitMessage(m -> m.getBody() != null);
      assertTrue(got.hasExtension("request", RECEIPTS), "asks for a receipt");
      assertTrue(got.hasExtension("markable", MARKERS), "markable");
      assertEquals("parley-42", got.getStanzaId());

      send(bob, alice, StandardExtensionElement.builder("received", RECEIPTS).addAttribute("id", "parley-42").build());
      JsonObject delivered = node.awaitEvent(account, NodeEvent.MESSAGE_STATUS, e -> true);
      assertEquals("42", delivered.getString("messageId"));
      assertEquals(bob.jid, delivered.getString("from"));
      assertEquals("delivered", delivered.getString("status"));

      send(bob, alice, StandardExtensionElement.builder("displayed", MARKERS).addAttribute("id", "parley-42").build());
      JsonObject read = node.awaitEvent(account, NodeEvent.MESSAGE_STATUS, e -> "read".equals(e.getString("status")));
      assertEquals("42", read.getString("messageId"));

      // Bob asks for a receipt and marks his message: Parley answers, and says when it was seen.
      Message asking = bob.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat).setBody("and this?")
          .addExtension(StandardExtensionElement.builder("request", RECEIPTS).build())
          .addExtension(StandardExtensionElement.builder("markable", MARKERS).build()).build();
      String bobsId = asking.getStanzaId();
      assertNotNull(bobsId);
      bob.connection.sendStanza(asking);
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
      assertEquals(bobsId, in.getString("markerId"));
      Message receipt = bob.awaitMessage(m -> m.hasExtension("received", RECEIPTS));
      assertEquals(bobsId, idOf(receipt.getExtensionElement("received", RECEIPTS)));

      node.command(NodeCommand.SEND_DISPLAYED, account, new JsonObject().put("to", bob.jid).put("id", bobsId));
      Message displayed = bob.awaitMessage(m -> m.hasExtension("displayed", MARKERS));
      assertEquals(bobsId, idOf(displayed.getExtensionElement("displayed", MARKERS)));
    }
  }

  @Test
  void thePeerCorrectsAndRetractsItsMessage() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      Message typo = bob.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat).setBody("helo").build();
      bob.connection.sendStanza(typo);
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
      assertEquals(typo.getStanzaId(), in.getString("remoteId"));

      bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat).setBody("hello")
          .addExtension(StandardExtensionElement.builder("replace", "urn:xmpp:message-correct:0")
              .addAttribute("id", typo.getStanzaId()).build()).build());
      JsonObject corrected = node.awaitEvent(account, NodeEvent.MESSAGE_CORRECTED, e -> true);
      assertEquals(bob.jid, corrected.getString("from"));
      assertEquals(typo.getStanzaId(), corrected.getString("id"));
      assertEquals("hello", corrected.getString("text"));

      bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat)
          .setBody("This person attempted to retract a previous message, but it's unsupported by your client.")
          .addExtension(StandardExtensionElement.builder("retract", "urn:xmpp:message-retract:1")
              .addAttribute("id", typo.getStanzaId()).build()).build());
      JsonObject retracted = node.awaitEvent(account, NodeEvent.MESSAGE_RETRACTED, e -> true);
      assertEquals(bob.jid, retracted.getString("from"));
      assertEquals(typo.getStanzaId(), retracted.getString("id"));
      assertEquals(1, node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).size(), "neither is a new message");
    }
  }

  @Test
  void parleyCorrectsAndRetractsItsOwnMessage() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      node.command(NodeCommand.SEND_MESSAGE, account,
          new JsonObject().put("to", bob.jid).put("text", "helo").put("messageId", "7"));
      bob.awaitMessage(m -> "helo".equals(m.getBody()));

      node.command(NodeCommand.SEND_CORRECTION, account,
          new JsonObject().put("to", bob.jid).put("text", "hello").put("messageId", "7"));
      Message correction = bob.awaitMessage(m -> m.hasExtension("replace", "urn:xmpp:message-correct:0"));
      assertEquals("hello", correction.getBody());
      assertEquals("parley-7", idOf(correction.getExtensionElement("replace", "urn:xmpp:message-correct:0")));

      node.command(NodeCommand.SEND_RETRACTION, account, new JsonObject().put("to", bob.jid).put("messageId", "7"));
      Message retraction = bob.awaitMessage(m -> m.hasExtension("retract", "urn:xmpp:message-retract:1"));
      assertEquals("parley-7", idOf(retraction.getExtensionElement("retract", "urn:xmpp:message-retract:1")));

      ReplyException bad = node.failure(Addresses.node(node.nodeId), new JsonObject()
          .put("type", NodeCommand.SEND_RETRACTION).put("accountId", account).put("to", bob.jid).put("messageId", "parley-7"));
      NodeHarness.assertFailure(bad, FailureCode.INVALID_FIELD);
    }
  }

  private static void send(Peer from, String toUser, ExtensionElement payload) throws Exception {
    from.connection.sendStanza(from.connection.getStanzaFactory().buildMessageStanza()
        .to(JidCreate.from(server.jid(toUser))).ofType(Message.Type.chat).addExtension(payload).build());
  }

  private static String idOf(ExtensionElement e) {
    assertNotNull(e);
    if (e instanceof DeliveryReceipt r) {
      return r.getId();
    }
    if (e instanceof StandardExtensionElement s) {
      return s.getAttributeValue("id");
    }
    // Another of Smack's own types (XEP-0308's, for one): the id as it writes it.
    Matcher m = Pattern.compile("\\sid=['\"]([^'\"]*)['\"]").matcher(e.toXML().toString());
    assertTrue(m.find(), e.toXML().toString());
    return m.group(1);
  }
}
