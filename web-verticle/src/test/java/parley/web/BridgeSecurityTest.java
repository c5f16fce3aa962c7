package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.web.testing.BridgeClient;
import parley.web.testing.HttpUser;
import parley.web.testing.WebStack;

/** A raw SockJS connection as user B can neither receive user A's events nor act as A. */
class BridgeSecurityTest {
  private WebStack stack;
  private HttpUser alice;
  private HttpUser bob;

  @BeforeEach
  void start() {
    stack = new WebStack(new JsonObject());
    alice = stack.user().signUp("alice", "alice-password");
    bob = stack.user().signUp("bob", "bob-password");
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  /** The bridge refuses with "access_denied" (no permission) or "rejected" (our guard said no). */
  private static void assertRefused(JsonObject frame) {
    assertNotNull(frame, "expected the bridge to refuse");
    assertTrue(Set.of("access_denied", "rejected").contains(frame.getString("body")), frame.encode());
  }

  private static JsonObject setPresence(String status) {
    return new JsonObject().put("type", BrowserCommand.PRESENCE_SET).put("show", "away").put("status", status);
  }

  @Test
  void aSocketWithoutSignInGetsNothing() throws Exception {
    try (BridgeClient anonymous = BridgeClient.connect(stack.vertx, stack.port, null)) {
      anonymous.register(Addresses.browserEvents(alice.userId()));
      String reply = anonymous.send(Addresses.BROWSER_COMMANDS, setPresence("x"), new JsonObject().put(Headers.USER_ID, alice.userId()));
      assertNull(anonymous.next("rec", reply, 1500), "no reply to a command from a socket that is not signed in");
      long end = System.currentTimeMillis() + 3000;
      while (!anonymous.closed() && System.currentTimeMillis() < end) {
        Thread.sleep(50);
      }
      assertTrue(anonymous.closed(), "the server closes a socket that is not signed in");
    }
  }

  @Test
  void userBCannotListenToUserA() throws Exception {
    try (BridgeClient a = alice.openBridge(stack.vertx); BridgeClient b = bob.openBridge(stack.vertx)) {
      a.register(Addresses.browserEvents(alice.userId()));
      b.register(Addresses.browserEvents(alice.userId()));
      assertRefused(b.next("err", null, 3000));

      // Near-miss addresses are refused too: no pattern lets B in.
      b.register(Addresses.browserEvents(alice.userId()) + "x");
      assertRefused(b.next("err", null, 3000));
      b.register(Addresses.SESSION_IM_EVENTS);
      assertRefused(b.next("err", null, 3000));

      // Alice acts; her own socket sees it and Bob's sees nothing.
      String reply = a.send(Addresses.BROWSER_COMMANDS, setPresence("alice is away"), null);
      assertNotNull(a.next("rec", reply, 5000));
      JsonObject event = a.next("rec", Addresses.browserEvents(alice.userId()), 5000);
      assertEquals(BrowserEvent.OWN_PRESENCE, event.getJsonObject("body").getString("type"));
      assertNull(b.next("rec", Addresses.browserEvents(alice.userId()), 1000));
    }
  }

  @Test
  void userBCannotActAsUserA() throws Exception {
    try (BridgeClient a = alice.openBridge(stack.vertx); BridgeClient b = bob.openBridge(stack.vertx)) {
      a.register(Addresses.browserEvents(alice.userId()));
      b.register(Addresses.browserEvents(bob.userId()));
      Thread.sleep(300);

      // Bob forges Alice's id in the header: the bridge overwrites it with Bob's.
      String reply = b.send(Addresses.BROWSER_COMMANDS, setPresence("forged"), new JsonObject().put(Headers.USER_ID, alice.userId()));
      assertNotNull(b.next("rec", reply, 5000));
      JsonObject bobsEvent = b.next("rec", Addresses.browserEvents(bob.userId()), 5000);
      assertEquals("forged", bobsEvent.getJsonObject("body").getString("status"), "the command acted on Bob, its sender");
      assertNull(a.next("rec", Addresses.browserEvents(alice.userId()), 1000), "Alice's stream saw nothing");

      // Internal addresses and publishing are closed to browsers.
      b.send(Addresses.SESSION_AUTH, new JsonObject().put("type", "sign-out").put("userId", alice.userId()), null);
      assertRefused(b.next("err", null, 3000));
      b.publish(Addresses.browserEvents(alice.userId()), new JsonObject().put("type", "signed-out"));
      assertNull(a.next("rec", Addresses.browserEvents(alice.userId()), 1000), "Bob cannot publish into Alice's stream");
      b.send(Addresses.BROWSER_COMMANDS + ".x", new JsonObject(), null);
      assertRefused(b.next("err", null, 3000));
    }
  }

  @Test
  void commandsAreRateLimitedPerSocket() throws Exception {
    try (BridgeClient b = bob.openBridge(stack.vertx)) {
      int denied = 0;
      for (int i = 0; i < 80; i++) {
        b.send(Addresses.BROWSER_COMMANDS, new JsonObject().put("type", BrowserCommand.CHAT_READ), null);
      }
      for (JsonObject f = b.next(2000); f != null; f = b.next(500)) {
        if ("err".equals(f.getString("type")) && "rejected".equals(f.getString("body"))) {
          denied++;
        } else {
          assertEquals(FailureCode.INVALID_FIELD.code(), f.getInteger("failureCode"), f.encode());
        }
      }
      assertTrue(denied >= 30, "a burst of 80 beyond the limit of 40 is cut: " + denied + " denied");
    }
  }
}
