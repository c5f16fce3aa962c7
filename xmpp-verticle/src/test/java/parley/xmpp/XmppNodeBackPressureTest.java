package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;

/**
 * Write back-pressure: an IM server that stops reading (a proxy that stops reading from the node)
 * does not make the node buffer without bound. Past {@code maxQueuedBytes} an account's sends are
 * refused with {@code RATE_LIMITED} and a sentence, the node's other accounts go on, and what was
 * accepted arrives once when the server reads again; a server that stays so is treated as hung.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class XmppNodeBackPressureTest {
  private static final String PASSWORD = "correct horse";
  private static final int MAX_QUEUED = 16_384;
  private static final String PADDING = "x".repeat(2000);
  private static ProsodyServer smacks;
  private static ProsodyServer plain;

  private NodeHarness node;

  @BeforeAll
  static void startServers() {
    smacks = new ProsodyServer().withStreamManagement().start();
    plain = new ProsodyServer().start();
    for (ProsodyServer server : List.of(smacks, plain)) {
      for (String user : List.of("alice", "bob", "carol")) {
        server.createUser(user, PASSWORD);
      }
    }
  }

  @AfterAll
  static void stopServers() {
    for (ProsodyServer server : new ProsodyServer[] {smacks, plain}) {
      if (server != null) {
        server.stop();
      }
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig().put("connectTimeoutSeconds", 8)
        .put("maxQueuedBytes", MAX_QUEUED));
  }

  private Future<JsonObject> send(String account, String to, String text) {
    return node.commandAsync(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", to).put("text", text));
  }

  /** Sends numbered messages until one is refused; returns them all, the refused last. */
  private List<Future<JsonObject>> fill(String account, String to) throws InterruptedException {
    List<Future<JsonObject>> sent = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      sent.add(send(account, to, "m" + i + " " + PADDING));
      Thread.sleep(i % 20 == 19 ? 50 : 1);
      if (sent.stream().anyMatch(Future::failed)) {
        // The commands still under way are answered before the next step.
        Thread.sleep(300);
        System.out.println("back-pressure: " + sent.size() + " messages until the first refusal");
        return sent;
      }
    }
    throw new AssertionError("Nothing was refused after " + sent.size() + " messages");
  }

  /** Answered: {@code {}}, refused (RATE_LIMITED), or "may not have been delivered" (IM_ERROR). */
  private static void assertConfirmedOrUnconfirmed(Future<JsonObject> f) throws InterruptedException {
    waitUntil(f::isComplete, NodeHarness.TIMEOUT_SECONDS * 1000L, "an answer");
    if (f.succeeded()) {
      assertEquals(new JsonObject(), f.result());
      return;
    }
    ReplyException e = (ReplyException) f.cause();
    if (e.failureCode() == FailureCode.RATE_LIMITED.code()) {
      assertRefused(f);
      return;
    }
    NodeHarness.assertFailure(e, FailureCode.IM_ERROR);
    assertTrue(e.getMessage().equals(XmppAccount.UNCONFIRMED) || e.getMessage().equals(XmppAccount.UNCONFIRMED_IN_TIME),
        e::getMessage);
  }

  private static void assertRefused(Future<JsonObject> f) {
    assertTrue(f.failed(), "refused");
    ReplyException refusal = (ReplyException) f.cause();
    NodeHarness.assertFailure(refusal, FailureCode.RATE_LIMITED);
    assertEquals(ClientFailures.QUEUE_FULL, refusal.getMessage());
  }

  @Test
  void aServerThatStopsReadingGetsSendsRefusedAndTheAcceptedOnesArriveOnceWhenItReadsAgain() throws Exception {
    String account = NodeHarness.newAccountId();
    String other = NodeHarness.newAccountId();
    try (CuttableProxy proxy = new CuttableProxy(smacks.host(), smacks.port());
        Peer bob = Peer.login(smacks, "bob", PASSWORD)) {
      List<String> seen = new CopyOnWriteArrayList<>();
      bob.connection.addSyncStanzaListener(s -> {
        Message m = (Message) s;
        if (m.getBody() != null && Peer.from(m, smacks.jid("alice"))) {
          seen.add(m.getBody());
        }
      }, StanzaTypeFilter.MESSAGE);
      node.connectAndAwaitRoster(node.connectCommand(account, smacks, "alice", PASSWORD)
          .put("host", proxy.host()).put("port", proxy.port()));
      node.connectAndAwaitRoster(other, smacks, "carol", PASSWORD);

      proxy.stallUpstream(true);
      List<Future<JsonObject>> sent = fill(account, bob.jid);
      int firstRefused = 0;
      while (!sent.get(firstRefused).failed()) {
        firstRefused++;
      }
      List<Future<JsonObject>> accepted = sent.subList(0, firstRefused);
      // With stream management the bound is reached by what waits for the server's acknowledgement.
      int size = ("m0 " + PADDING).length();
      assertTrue(accepted.size() >= MAX_QUEUED / (size + 300) && accepted.size() <= MAX_QUEUED / size + 1,
          () -> accepted.size() + " accepted: a queue's worth, not more");
      for (Future<JsonObject> f : sent.subList(firstRefused, sent.size())) {
        assertRefused(f);
      }
      assertTrue(accepted.stream().noneMatch(Future::isComplete), "nothing accepted is acknowledged while stalled");
      Future<JsonObject> again = send(account, bob.jid, "still refused");
      waitUntil(again::isComplete, 5000, "an answer");
      assertRefused(again);

      // The node's other account is not affected.
      assertEquals(new JsonObject(), NodeHarness.await(send(other, bob.jid, "from carol")));
      bob.awaitMessage(m -> "from carol".equals(m.getBody()));

      proxy.stallUpstream(false);
      for (Future<JsonObject> f : accepted) {
        assertEquals(new JsonObject(), NodeHarness.await(f));
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < accepted.size(); i++) {
        expected.add("m" + i + " " + PADDING);
      }
      waitUntil(() -> seen.size() >= expected.size(), NodeHarness.TIMEOUT_SECONDS * 1000L, "bob receives every accepted message");
      Thread.sleep(500);
      assertEquals(expected, seen, "each accepted message once, in order; none of the refused");
      // Sending works again, on the same connection.
      assertEquals(new JsonObject(), NodeHarness.await(send(account, bob.jid, "after")));
      assertEquals(List.of("connecting", "connected"), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
          .map(e -> e.getString("state")).toList());
      assertEquals(1, proxy.connections.get(), () -> "one connection, not resumed on another; each by what it sent first: "
          + proxy.openings());
    }
  }

  /** With stream management a hung connection is resumed on a new one: what was accepted arrives once. */
  @Test
  void aHungStreamIsResumedAndTheAcceptedMessagesArriveOnce() throws Exception {
    String account = NodeHarness.newAccountId();
    try (CuttableProxy proxy = new CuttableProxy(smacks.host(), smacks.port());
        Peer bob = Peer.login(smacks, "bob", PASSWORD)) {
      List<String> seen = new CopyOnWriteArrayList<>();
      bob.connection.addSyncStanzaListener(s -> {
        Message m = (Message) s;
        if (m.getBody() != null && Peer.from(m, smacks.jid("alice"))) {
          seen.add(m.getBody());
        }
      }, StanzaTypeFilter.MESSAGE);
      node.connectAndAwaitRoster(node.connectCommand(account, smacks, "alice", PASSWORD)
          .put("host", proxy.host()).put("port", proxy.port()));

      proxy.stallUpstream(true);
      List<Future<JsonObject>> sent = fill(account, bob.jid);
      List<Future<JsonObject>> accepted = sent.stream().filter(f -> !f.failed()).toList();
      assertFalse(accepted.isEmpty());
      // The old connection never reads again; the stream goes on over a new one. A command may have
      // been answered before that (the acknowledgement is due within connectTimeoutSeconds), in words.
      for (Future<JsonObject> f : accepted) {
        assertConfirmedOrUnconfirmed(f);
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < accepted.size(); i++) {
        expected.add("m" + i + " " + PADDING);
      }
      waitUntil(() -> seen.size() >= expected.size(), NodeHarness.TIMEOUT_SECONDS * 1000L, "bob receives every accepted message");
      proxy.stallUpstream(false);
      Thread.sleep(1000);
      assertEquals(expected, seen, "each accepted message once, in order");
      assertEquals(2, proxy.connections.get(), "resumed on a second connection");
      assertEquals(List.of("connecting", "connected"), node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
          .map(e -> e.getString("state")).toList(), "resumed quietly");
    }
  }

  @Test
  void aServerThatNeverReadsAgainIsHungAndTheAccountReconnects() throws Exception {
    String account = NodeHarness.newAccountId();
    String other = NodeHarness.newAccountId();
    try (CuttableProxy proxy = new CuttableProxy(plain.host(), plain.port())) {
      node.connectAndAwaitRoster(node.connectCommand(account, plain, "alice", PASSWORD)
          .put("host", proxy.host()).put("port", proxy.port()));
      node.connectAndAwaitRoster(other, plain, "carol", PASSWORD);

      proxy.stallUpstream(true);
      List<Future<JsonObject>> sent = fill(account, plain.jid("bob"));
      assertRefused(sent.get(sent.size() - 1));

      JsonObject reconnecting = node.awaitState(account, "reconnecting");
      // What was accepted but never taken by the network fails in words, not as an internal error.
      for (Future<JsonObject> f : sent) {
        assertConfirmedOrUnconfirmed(f);
      }
      assertEquals(FailureCode.IM_CONNECTION_LOST.toJson(ClientFailures.NOT_READING), reconnecting.getJsonObject("error"));
      node.awaitState(account, "connected");
      assertTrue(proxy.connections.get() >= 2, "a new connection");
      assertEquals(new JsonObject(), NodeHarness.await(send(account, plain.jid("bob"), "after")));
      assertEquals(new JsonObject(), NodeHarness.await(send(other, plain.jid("bob"), "carol was never affected")));
      assertFalse(node.eventsOf(other, NodeEvent.CONNECTION_STATE).stream().anyMatch(e -> "reconnecting".equals(e.getString("state"))));
    }
  }

  private static void waitUntil(BooleanSupplier condition, long millis, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        if (what.isEmpty()) {
          return;
        }
        throw new AssertionError("Not in time: " + what);
      }
      Thread.sleep(5);
    }
  }
}
