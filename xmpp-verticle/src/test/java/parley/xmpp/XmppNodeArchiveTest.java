package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * The catch-up from the server's archive (XEP-0313, XEP-0359 stanza ids) against a real Prosody
 * with mod_mam, a plain Smack client as the other person and as the user's phone;
 * {@link XmppNodeArchiveEjabberdTest} runs the same against ejabberd with mod_mam.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeArchiveTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger users = new AtomicInteger();
  static XmppTestServer server;

  private NodeHarness node;

  /** The server the tests run against, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer() {
    return new ProsodyServer().withArchive();
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
    node = new NodeHarness(vertx, NodeHarness.fastConfig().put("archiveFirstPage", 3));
  }

  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    server.createUser(user, PASSWORD);
    return user;
  }

  private JsonObject synced(String account) {
    return node.awaitEvent(account, NodeEvent.ARCHIVE_SYNCED, e -> true);
  }

  private List<JsonObject> received(String account) {
    return node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED);
  }

  @Test
  void firstConnectFetchesTheRecentPageWithWhatThePhoneSent() throws Exception {
    String alice = newUser("alice");
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      // The user's phone: it sends, then goes; what it sent is in the user's archive.
      try (Peer phone = Peer.login(server, alice, PASSWORD)) {
        phone.sendMessage(bob.jid, "too old");
        phone.sendMessage(bob.jid, "from my phone");
      }
      bob.sendMessage(server.jid(alice), "m1");
      bob.sendMessage(server.jid(alice), "m2");

      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(account, server, alice, PASSWORD);
      JsonObject synced = synced(account);
      List<JsonObject> got = received(account);
      // m1 and m2 also come from the server's offline store: each is reported once.
      assertEquals(List.of("from my phone", "m1", "m2"), got.stream().map(e -> e.getString("text")).sorted().toList(),
          got.toString());
      JsonObject phone = got.stream().filter(e -> "from my phone".equals(e.getString("text"))).findFirst().orElseThrow();
      assertEquals(bob.jid, phone.getString("from"), "an outgoing message names the peer");
      assertEquals("out", phone.getString("direction"));
      JsonObject m2 = got.stream().filter(e -> "m2".equals(e.getString("text"))).findFirst().orElseThrow();
      assertFalse(m2.containsKey("direction"));
      for (JsonObject e : got) {
        assertNotNull(e.getString("stanzaId"), e.toString());
      }
      assertTrue(synced.getBoolean("available"));
      assertTrue(synced.getBoolean("complete"));
      assertEquals(m2.getString("stanzaId"), synced.getString("lastId"));
    }
  }

  @Test
  void whatThePhoneSendsLiveCarriesTheStanzaIdTheArchiveKeepsItUnder() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    synced(account);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD); Peer phone = Peer.login(server, alice, PASSWORD)) {
      phone.sendMessage(bob.jid, "from my phone");
      JsonObject own = node.awaitEvent(account, NodeEvent.OWN_MESSAGE, e -> "from my phone".equals(e.getString("text")));
      assertNotNull(own.getString("stanzaId"), "the id the server stamped on the carbon: " + own);

      // A new session of the account (after an idle close, or on another node) finds the same
      // message in the archive under the same id, so that the session can store it once.
      String again = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(again, server, alice, PASSWORD);
      synced(again);
      JsonObject archived = received(again).stream().filter(e -> "from my phone".equals(e.getString("text")))
          .findFirst().orElseThrow(() -> new AssertionError("not in the archive: " + received(again)));
      assertEquals("out", archived.getString("direction"));
      assertEquals(own.getString("stanzaId"), archived.getString("stanzaId"));
    }
  }

  @Test
  void firstConnectWithOfflineMessagesReportsEachOnce() throws Exception {
    String alice = newUser("alice");
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      for (String text : List.of("too old", "m1", "m2", "m3")) {
        bob.sendMessage(server.jid(alice), text);
      }
      // Also in the offline store: these arrive live and from the archive, and are reported once.
      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(account, server, alice, PASSWORD);
      JsonObject synced = synced(account);
      List<String> texts = received(account).stream().map(e -> e.getString("text")).toList();
      assertTrue(texts.containsAll(List.of("m1", "m2", "m3")), texts.toString());
      assertEquals(texts.stream().distinct().count(), texts.size(), "none twice: " + texts);
      assertTrue(synced.getBoolean("complete"));
      assertTrue(synced.getInteger("fetched") <= 3, "at most the page: " + synced);
    }
  }

  @Test
  void reconnectFetchesExactlyWhatIsMissingOnce() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    assertEquals(0, synced(account).getInteger("fetched"));
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      bob.sendMessage(server.jid(alice), "live");
      JsonObject live = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "live".equals(e.getString("text")));
      assertNotNull(live.getString("stanzaId"), "the server stamps a stanza id");
      assertEquals(live.getString("stanzaId"), live.getString("archiveId"), "after the catch-up, live messages move the cursor");

      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      node.awaitState(account, "disconnected");
      for (int i = 1; i <= 3; i++) {
        bob.sendMessage(server.jid(alice), "away " + i);
      }
      String again = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(node.connectCommand(again, server, alice, PASSWORD).put("archiveAfter", live.getString("archiveId")));
      JsonObject synced = synced(again);
      List<JsonObject> got = received(again);
      assertEquals(List.of("away 1", "away 2", "away 3"), got.stream().map(e -> e.getString("text")).toList(),
          "each missed message once, none of before: " + got);
      assertEquals(3, got.stream().map(e -> e.getString("stanzaId")).distinct().count());
      assertTrue(synced.getBoolean("complete"));
      assertEquals(got.get(2).getString("stanzaId"), synced.getString("lastId"));
    }
  }

  @Test
  void catchUpPagesThroughEverythingMissing() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    synced(account);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      bob.sendMessage(server.jid(alice), "mark");
      String mark = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("archiveId");
      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      node.awaitState(account, "disconnected");
      int missed = XmppAccount.PAGE + 20;
      for (int i = 1; i <= missed; i++) {
        bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza()
            .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat).setBody("n" + i).build());
      }
      bob.sendMessage(server.jid(alice), "last");
      String again = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(node.connectCommand(again, server, alice, PASSWORD).put("archiveAfter", mark));
      JsonObject synced = synced(again);
      List<String> texts = received(again).stream().map(e -> e.getString("text")).toList();
      assertEquals(missed + 1, texts.size(), "every missed message once");
      assertEquals("n1", texts.get(0));
      assertEquals("last", texts.get(texts.size() - 1));
      assertTrue(synced.getBoolean("complete"));
    }
  }

  @Test
  void liveMessagesDuringTheCatchUpAreReportedAfterTheArchivedOnesInOrderOnce() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    synced(account);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      bob.sendMessage(server.jid(alice), "mark");
      String mark = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("archiveId");
      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      node.awaitState(account, "disconnected");
      // While Parley is away the user's phone takes these: they are in the archive only, not offline.
      try (Peer phone = Peer.login(server, alice, PASSWORD)) {
        for (int i = 1; i <= 3; i++) {
          String text = "archived " + i;
          bob.sendMessage(server.jid(alice), text);
          phone.awaitMessage(m -> text.equals(m.getBody()));
        }
      }
      try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
        // The archive query waits in the proxy while two messages arrive live: the catch-up is under way.
        proxy.stallUpstreamAt("urn:xmpp:mam:2");
        String again = NodeHarness.newAccountId();
        node.connect(node.connectCommand(again, server, alice, PASSWORD).put("host", proxy.host())
            .put("port", proxy.port()).put("archiveAfter", mark));
        assertTrue(proxy.awaitStalled(NodeHarness.TIMEOUT_SECONDS), "the node asked its archive");
        bob.sendMessage(server.jid(alice), "live 1");
        bob.sendMessage(server.jid(alice), "live 2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS);
        while (!proxy.sentToClient("live 2")) {
          assertTrue(System.nanoTime() < deadline, "the server delivered the live messages");
          Thread.sleep(10);
        }
        proxy.releaseStall();
        JsonObject synced = synced(again);
        List<JsonObject> got = received(again);
        assertEquals(List.of("archived 1", "archived 2", "archived 3", "live 1", "live 2"),
            got.stream().map(e -> e.getString("text")).toList(), "in the order the server got them, each once: " + got);
        assertEquals(5, got.stream().map(e -> e.getString("stanzaId")).distinct().count(), got.toString());
        assertTrue(synced.getBoolean("complete"));
        assertEquals(got.get(4).getString("stanzaId"), synced.getString("lastId"));
      }
    }
  }

  @Test
  void anOfflineFloodLargerThanTheRecentIdsIsReportedOnceInOrder() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    synced(account);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      bob.sendMessage(server.jid(alice), "mark");
      String mark = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("archiveId");
      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      node.awaitState(account, "disconnected");
      // More than the node's list of recent ids: each arrives live (the offline flood) and from the archive.
      int missed = RecentIds.SIZE + 30;
      for (int i = 1; i < missed; i++) {
        bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza()
            .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat).setBody("n" + i).build());
      }
      bob.sendMessage(server.jid(alice), "n" + missed);
      try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
        // The archive answers only once the whole flood has reached the node.
        proxy.stallUpstreamAt("urn:xmpp:mam:2");
        String again = NodeHarness.newAccountId();
        node.connect(node.connectCommand(again, server, alice, PASSWORD).put("host", proxy.host())
            .put("port", proxy.port()).put("archiveAfter", mark));
        assertTrue(proxy.awaitStalled(NodeHarness.TIMEOUT_SECONDS), "the node asked its archive");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS);
        while (!proxy.sentToClient(">n" + missed + "<")) {
          assertTrue(System.nanoTime() < deadline, "the server delivered the offline messages");
          Thread.sleep(10);
        }
        proxy.releaseStall();
        JsonObject synced = synced(again);
        List<String> texts = received(again).stream().map(e -> e.getString("text")).toList();
        List<String> expected = java.util.stream.IntStream.rangeClosed(1, missed).mapToObj(i -> "n" + i).toList();
        assertEquals(expected, texts, "each once, in order");
        assertTrue(synced.getBoolean("complete"));
      }
    }
  }

  @Test
  void pastTheHoldingBoundLiveMessagesGoOutAtOnceAndNoneIsLost() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    synced(account);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      bob.sendMessage(server.jid(alice), "mark");
      String mark = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("archiveId");
      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      node.awaitState(account, "disconnected");
      int missed = XmppAccount.MAX_HELD + 10;
      for (int i = 1; i < missed; i++) {
        bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza()
            .to(JidCreate.from(server.jid(alice))).ofType(Message.Type.chat).setBody("n" + i).build());
      }
      bob.sendMessage(server.jid(alice), "n" + missed);
      try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
        proxy.stallUpstreamAt("urn:xmpp:mam:2");
        String again = NodeHarness.newAccountId();
        node.connect(node.connectCommand(again, server, alice, PASSWORD).put("host", proxy.host())
            .put("port", proxy.port()).put("archiveAfter", mark));
        assertTrue(proxy.awaitStalled(NodeHarness.TIMEOUT_SECONDS), "the node asked its archive");
        // The whole flood arrives while the catch-up waits: more than the node holds.
        node.awaitEvent(again, NodeEvent.MESSAGE_RECEIVED, e -> ("n" + missed).equals(e.getString("text")));
        proxy.releaseStall();
        synced(again);
        List<JsonObject> got = received(again);
        java.util.Map<String, String> idOf = new java.util.LinkedHashMap<>();
        for (JsonObject e : got) {
          String first = idOf.putIfAbsent(e.getString("text"), e.getString("stanzaId"));
          // The archive may bring one again: with the same stanza id, which the session stores once.
          assertTrue(first == null || first.equals(e.getString("stanzaId")), e.toString());
          assertNotNull(e.getString("stanzaId"), e.toString());
        }
        List<String> expected = java.util.stream.IntStream.rangeClosed(1, missed).mapToObj(i -> "n" + i).toList();
        assertEquals(expected, List.copyOf(idOf.keySet()), "none lost, first seen in order");
      }
    }
  }

  @Test
  void olderMessagesPageBackThroughTheArchive() throws Exception {
    String alice = newUser("alice");
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD);
         Peer carol = Peer.login(server, newUser("carol"), PASSWORD);
         Peer phone = Peer.login(server, alice, PASSWORD)) {
      for (int i = 1; i <= 6; i++) {
        bob.sendMessage(server.jid(alice), "b" + i);
      }
      carol.sendMessage(server.jid(alice), "from carol");
      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(account, server, alice, PASSWORD);
      synced(account);
      String oldest = received(account).stream().filter(e -> bob.jid.equals(e.getString("from")))
          .findFirst().orElseThrow().getString("stanzaId");

      JsonObject page = node.command(NodeCommand.ARCHIVE_QUERY, account,
          new JsonObject().put("with", bob.jid).put("before", oldest).put("max", 3));
      JsonArray messages = page.getJsonArray("messages");
      assertEquals(List.of("b2", "b3", "b4"), messages.stream().map(m -> ((JsonObject) m).getString("text")).toList());
      assertFalse(page.getBoolean("complete"));
      assertEquals("in", messages.getJsonObject(0).getString("direction"));

      JsonObject last = node.command(NodeCommand.ARCHIVE_QUERY, account, new JsonObject().put("with", bob.jid)
          .put("before", messages.getJsonObject(0).getString("stanzaId")).put("max", 3));
      assertEquals(List.of("b1"), last.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList());
      assertTrue(last.getBoolean("complete"));
    }
  }

  @Test
  void aForgedArchiveResultFromAContactIsIgnored() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    try (Peer mallory = Peer.login(server, newUser("mallory"), PASSWORD)) {
      // Results for the query ids the node uses, sent while it asks: none may count.
      for (int q = 1; q <= 4; q++) {
        sendForged(mallory, server.jid(alice), "mam-" + q);
      }
      node.connectAndAwaitRoster(account, server, alice, PASSWORD);
      synced(account);
      for (int round = 0; round < 3; round++) {
        for (int q = 1; q <= 6; q++) {
          sendForged(mallory, server.jid(alice), "mam-" + q);
        }
        node.command(NodeCommand.ARCHIVE_QUERY, account, new JsonObject().put("with", mallory.jid).put("max", 5))
            .getJsonArray("messages").forEach(m -> assertFalse(((JsonObject) m).getString("text").contains("FORGED")));
      }
      mallory.sendMessage(server.jid(alice), "plain");
      node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "plain".equals(e.getString("text")));
      assertFalse(received(account).stream().anyMatch(e -> e.getString("text").contains("FORGED")), received(account).toString());
    }
  }

  private static void sendForged(Peer from, String to, String queryId) throws Exception {
    StandardExtensionElement inner = StandardExtensionElement.builder("message", "jabber:client")
        .addAttribute("from", to + "/phone").addAttribute("to", "someone@example.org").addAttribute("type", "chat")
        .addElement("body", "FORGED words").build();
    StandardExtensionElement result = StandardExtensionElement.builder("result", "urn:xmpp:mam:2")
        .addAttribute("queryid", queryId).addAttribute("id", "forged-" + queryId)
        .addElement(StandardExtensionElement.builder("forwarded", "urn:xmpp:forward:0").addElement(inner).build())
        .build();
    from.connection.sendStanza(from.connection.getStanzaFactory().buildMessageStanza()
        .to(JidCreate.from(to)).addExtension(result).build());
  }
}
