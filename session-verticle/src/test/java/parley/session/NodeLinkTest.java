package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.ParleyException;
import parley.contract.testing.TestNetworks;

/**
 * Commands in flight to a protocol node whose process left the cluster are answered at once, in
 * words that say they may have been carried out, not after the request timeout. The nodes here are
 * consumers on a local event bus that never answer (a killed process answers nothing).
 */
@Timeout(30)
class NodeLinkTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static AccountSession account(String nodeId) {
    AccountSession a = new AccountSession(new ImAccount(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
        TestNetworks.XMPP, "alice@example.org", new byte[0], null, null, ImAccount.TLS_REQUIRED, true));
    a.state = ConnectionState.CONNECTED;
    a.nodeId = nodeId;
    return a;
  }

  @Test
  void commandsInFlightToALostNodeAreAnsweredAtOnceAsMaybeDone() throws Exception {
    vertx.eventBus().consumer(Addresses.node("node-1"), msg -> { });
    vertx.eventBus().consumer(Addresses.node("node-2"), msg -> { });
    NodeLink link = new NodeLink(vertx, null, null, 10_000, new Networks(TestNetworks.XMPP, list -> {}));
    Future<JsonObject> onLost = link.command(account("node-1"), NodeCommand.SEND_MESSAGE,
        new JsonObject().put("to", "bob@example.org").put("text", "hi"));
    Future<JsonObject> onOther = link.command(account("node-2"), NodeCommand.SEND_MESSAGE,
        new JsonObject().put("to", "bob@example.org").put("text", "hi"));
    Thread.sleep(200);

    long asked = System.nanoTime();
    link.nodesGone(List.of("node-1"));
    Throwable why = onLost.toCompletionStage().toCompletableFuture()
        .handle((ok, err) -> err).get(2, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - asked) / 1_000_000;

    assertTrue(tookMs < 1000, "answered after " + tookMs + " ms");
    ParleyException p = assertInstanceOf(ParleyException.class, why);
    assertEquals(FailureCode.NODE_LOST, p.code());
    assertTrue(p.getMessage().contains("may or may not"), p.getMessage());
    assertTrue(p.getMessage().contains("alice@example.org"), p.getMessage());
    assertFalse(onOther.isComplete(), "a command to a node still there waits for its answer");
  }

  /**
   * Until the lost node's accounts reconnect elsewhere (after the cluster forgot its consumers), a
   * command for one of them would go to the dead node, be dropped, and wait the whole request
   * timeout: it is refused at once instead, in words, and not sent.
   */
  @Test
  void aCommandForAnAccountOfANodeAlreadyLostIsRefusedAtOnceNotSent() throws Exception {
    java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().consumer(Addresses.node("node-1"), msg -> reached.incrementAndGet());
    NodeLink link = new NodeLink(vertx, null, null, 10_000, new Networks(TestNetworks.XMPP, list -> {}));
    link.nodesGone(List.of("node-1"));

    long asked = System.nanoTime();
    Throwable why = link.command(account("node-1"), NodeCommand.SEND_MESSAGE,
            new JsonObject().put("to", "bob@example.org").put("text", "hi"))
        .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(5, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - asked) / 1_000_000;

    assertTrue(tookMs < 1000, "answered after " + tookMs + " ms");
    ParleyException p = assertInstanceOf(ParleyException.class, why);
    assertEquals(FailureCode.NOT_CONNECTED, p.code());
    assertEquals("The Parley server holding alice@example.org stopped; the account reconnects through another server.",
        p.getMessage());
    Thread.sleep(200);
    assertEquals(0, reached.get(), "not sent to the lost node");
  }
}
