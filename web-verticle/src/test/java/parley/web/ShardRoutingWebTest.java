package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.Headers;
import parley.contract.SessionRequest;
import parley.contract.Shards;
import parley.contract.session.BrowserAttachment;
import parley.contract.session.ShardAcquired;
import parley.web.testing.BridgeUser;
import parley.web.testing.WebStack;

/**
 * Browser commands and attachments on their way to the user's session shard, through the real web
 * verticle and bridge. The stack's session process starts with every shard; the test takes a shard
 * from it through the lease table (as another session process would) and stands in for that
 * process: it consumes the shard's address and announces it on {@code parley.session.shards}.
 */
class ShardRoutingWebTest {
  private WebStack stack;
  /** Messages the stand-in owners took, with their headers. */
  private final List<Message<JsonObject>> taken = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    stack = new WebStack(new JsonObject().put("session", new JsonObject().put("shardLeaseMs", 1000).put("shardRenewMs", 200)));
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private static int shardOf(BridgeUser user) {
    return Shards.of(user.http.userId(), Shards.DEFAULT_COUNT);
  }

  /** Takes {@code shard} from the stack's session, which stops serving it within a renewal. */
  private void takeFromSession(int shard) throws InterruptedException {
    stack.takeShardFromSession(shard);
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      // The session answers while it consumes the shard (refusing this unknown kind); then nobody does.
      try {
        stack.vertx.eventBus().request(Addresses.sessionShard(shard), new JsonObject(),
            new io.vertx.core.eventbus.DeliveryOptions().addHeader(Headers.KIND, "probe").setSendTimeout(2000)).await();
      } catch (io.vertx.core.eventbus.ReplyException e) {
        if (e.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the session still serves shard " + shard);
  }

  /** Becomes the owner of {@code shard}: answers each message with {@code answer}, then announces it. */
  private void own(int shard, Consumer<Message<JsonObject>> answer) throws InterruptedException {
    takeFromSession(shard);
    stack.vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shard), m -> {
      taken.add(m);
      answer.accept(m);
    }).completion().await();
    announce(shard);
  }

  private void announce(int shard) {
    stack.vertx.eventBus().publish(Addresses.SESSION_SHARDS, new ShardAcquired(shard, 2, "test-session").toJson());
  }

  /** Whether a message at the shard is a {@code type} attachment of the user's socket. */
  private static Predicate<JsonObject> attachment(String type, String userId) {
    return body -> {
      BrowserAttachment a = BrowserAttachment.fromJson(body);
      return a.type().equals(type) && a.userId().equals(userId);
    };
  }

  /** The attachments the stand-in owners took, in order. */
  private List<BrowserAttachment> attachmentsTaken() {
    return taken.stream().filter(m -> Headers.KIND_BROWSER.equals(m.headers().get(Headers.KIND)))
        .map(m -> BrowserAttachment.fromJson(m.body())).toList();
  }

  private Message<JsonObject> awaitTaken(String kind, java.util.function.Predicate<JsonObject> match) throws InterruptedException {
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      for (Message<JsonObject> m : taken) {
        if (kind.equals(m.headers().get(Headers.KIND)) && match.test(m.body())) {
          return m;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + kind + " message at the shard; taken: " + taken.stream().map(Message::body).toList());
  }

  private static JsonObject presence(String status) {
    return new JsonObject().put("type", BrowserCommand.PRESENCE_SET).put("show", "away").put("status", status);
  }

  @Test
  void aNewShardOwnerGetsTheAttachmentsTheMovedSocketsAndTheCommands() throws Exception {
    try (BridgeUser alice = BridgeUser.signUp(stack.vertx, stack.port, "alice");
        BridgeUser bob = otherShard(alice)) {
      // Until now the stack's session process answered.
      int shard = shardOf(alice);
      own(shard, m -> m.reply(new JsonObject().put("answeredBy", "shard-owner")));

      // The owner is told of alice's socket, and the socket (only alice's) is told to attach again.
      Message<JsonObject> attached = awaitTaken(Headers.KIND_BROWSER,
          attachment(SessionRequest.BROWSER_ATTACHED, alice.http.userId()));
      assertNotNull(BrowserAttachment.fromJson(attached.body()).socketId());
      JsonObject moved = alice.waitEvent(BrowserEvent.SESSION_MOVED, e -> true, 5000);
      assertNull(moved.getValue("seq"), "not part of the stream");
      assertNull(bob.bridge.take(f -> f.encode().contains(BrowserEvent.SESSION_MOVED), 500), "bob's shard did not move");

      // A command goes to the shard with the kind and the user id the bridge stamps, whatever the client claims.
      String replyAddress = alice.bridge.send(Addresses.BROWSER_COMMANDS, presence("lunch"),
          new JsonObject().put(Headers.USER_ID, bob.http.userId()));
      JsonObject reply = alice.bridge.next("rec", replyAddress, 10_000);
      assertNotNull(reply, "the owner's answer reaches the socket");
      assertEquals(new JsonObject().put("answeredBy", "shard-owner"), reply.getJsonObject("body"));
      Message<JsonObject> command = awaitTaken(Headers.KIND_COMMAND, b -> "lunch".equals(b.getString("status")));
      assertEquals(alice.http.userId(), command.headers().get(Headers.USER_ID));
      assertEquals(presence("lunch"), command.body());

      // Bob's shard has no owner: his command waits for one, and is answered when the owner registers.
      takeFromSession(shardOf(bob));
      String bobReply = bob.bridge.send(Addresses.BROWSER_COMMANDS, presence("later"), null);
      Thread.sleep(500);
      assertNull(bob.bridge.next("rec", bobReply, 10), "waits for the shard's owner");
      stack.vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shardOf(bob)), m -> {
        taken.add(m);
        m.reply(new JsonObject().put("answeredBy", "bob's owner"));
      }).completion().await();
      JsonObject late = bob.bridge.next("rec", bobReply, 10_000);
      assertNotNull(late, "answered once the owner registered, without a notice");
      assertEquals("bob's owner", late.getJsonObject("body").getString("answeredBy"));
    }
  }

  @Test
  void aFailureOfTheOwnerReachesTheSocketAsTheBridgeWouldSendIt() throws Exception {
    try (BridgeUser alice = BridgeUser.signUp(stack.vertx, stack.port, "alice")) {
      own(shardOf(alice), m -> {
        if (Headers.KIND_COMMAND.equals(m.headers().get(Headers.KIND))) {
          m.fail(7, "No such account.");
        } else {
          m.reply(new JsonObject());
        }
      });
      alice.waitEvent(BrowserEvent.SESSION_MOVED, e -> true, 5000);
      JsonObject failure = alice.requestFailure(presence("x"));
      assertEquals(7, failure.getInteger("failureCode"));
      assertEquals("RECIPIENT_FAILURE", failure.getString("failureType"));
      assertEquals("No such account.", failure.getString("message"));
    }
  }

  @Test
  void attachmentsWaitInOrderForTheShardsOwner() throws Exception {
    try (BridgeUser alice = BridgeUser.signUp(stack.vertx, stack.port, "alice");
        BridgeUser bob = otherShard(alice)) {
      // A sharded session owns alice's shard; bob's has no owner yet when bob opens a second socket and closes it.
      own(shardOf(alice), m -> m.reply(new JsonObject()));
      alice.waitEvent(BrowserEvent.SESSION_MOVED, e -> true, 5000);
      takeFromSession(shardOf(bob));
      BridgeUser second = BridgeUser.open(stack.vertx, bob.http);
      Thread.sleep(300);
      second.close();
      Thread.sleep(500);
      assertTrue(attachmentsTaken().stream().noneMatch(a -> bob.http.userId().equals(a.userId())));

      stack.vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shardOf(bob)), m -> {
        taken.add(m);
        m.reply(new JsonObject());
      }).completion().await();
      announce(shardOf(bob));
      Message<JsonObject> detached = awaitTaken(Headers.KIND_BROWSER,
          attachment(SessionRequest.BROWSER_DETACHED, bob.http.userId()));
      List<String> bobs = attachmentsTaken().stream().filter(a -> bob.http.userId().equals(a.userId()))
          .map(a -> a.type() + " " + a.socketId()).toList();
      String socket = BrowserAttachment.fromJson(detached.body()).socketId();
      assertTrue(bobs.indexOf(SessionRequest.BROWSER_ATTACHED + " " + socket) >= 0, bobs::toString);
      assertTrue(bobs.indexOf(SessionRequest.BROWSER_ATTACHED + " " + socket) < bobs.indexOf(SessionRequest.BROWSER_DETACHED + " " + socket),
          bobs::toString);
    }
  }

  /** Another user, whose shard is not {@code user}'s. */
  private BridgeUser otherShard(BridgeUser user) throws InterruptedException {
    for (int i = 0; ; i++) {
      BridgeUser other = BridgeUser.signUp(stack.vertx, stack.port, "bob" + i);
      if (shardOf(other) != shardOf(user)) {
        return other;
      }
      other.close();
    }
  }
}
