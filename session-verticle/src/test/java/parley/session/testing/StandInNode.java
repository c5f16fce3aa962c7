package parley.session.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import parley.contract.Addresses;
import parley.contract.FailureCode;

/**
 * A protocol node as the session meets it on the bus: it takes the network's connects (answering
 * its id) and the commands sent to that id, keeps every one of them in {@link #commands} in order,
 * and answers as the test says (an empty object unless told otherwise).
 */
public final class StandInNode {
  public final String network;
  public final String id;
  /** Every connect and command the node received, oldest first. */
  public final BlockingQueue<JsonObject> commands = new LinkedBlockingQueue<>();
  private final Function<JsonObject, Future<JsonObject>> answer;
  /** While set, the node refuses connects as a draining node does (the session asks again, and the bus picks again). */
  public volatile boolean draining;

  public StandInNode(String network, String id) {
    this(network, id, command -> Future.succeededFuture(new JsonObject()));
  }

  /** A node answering each command with what {@code answer} completes with (failed: that refusal). */
  public StandInNode(String network, String id, Function<JsonObject, Future<JsonObject>> answer) {
    this.network = network;
    this.id = id;
    this.answer = answer;
  }

  /** Starts answering on the network's connect address and the node's own address. */
  void listen(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect(network), msg -> {
      if (draining) {
        FailureCode.NODE_DRAINING.fail(msg, "This " + network + " node is being drained; the session tries another.");
        return;
      }
      commands.add(msg.body());
      msg.reply(new JsonObject().put("nodeId", id));
    }).completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.node(id), msg -> {
      commands.add(msg.body());
      // A failed answer is the node's refusal (its code and words), as a real node's fail(code, text).
      answer.apply(msg.body()).onComplete(ar -> {
        if (ar.succeeded()) {
          msg.reply(ar.result());
        } else {
          FailureCode.replyTo(msg, ar.cause());
        }
      });
    }).completion().await();
  }

  /** The next command of that type the node received (others are passed over); fails after 5 s. */
  public JsonObject next(String type) throws InterruptedException {
    return SessionHarness.next(commands, type, "the node never received ");
  }
}
