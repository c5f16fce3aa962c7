package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BillingRequest;
import parley.contract.Headers;
import parley.web.testing.BridgeClient;
import parley.web.testing.HttpUser;
import parley.web.testing.WebStack;

/** A non-admin socket reaches neither the admin API nor anyone else's billing; an admin's does. */
class BillingBridgeSecurityTest {
  private WebStack stack;
  private HttpUser admin;
  private HttpUser alice;
  private HttpUser bob;

  @BeforeEach
  void start() throws Exception {
    stack = new WebStack(new JsonObject());
    // The operator's step: sign up, be granted the role, sign in again.
    admin = stack.user().signUp("admin", "admin-password");
    stack.grantAdmin("admin");
    admin.signIn("admin", "admin-password");
    alice = stack.user().signUp("alice", "alice-password");
    bob = stack.user().signUp("bob", "bob-password");
    // Billing hears of sign-ups through the session's outbox, a moment later.
    try (BridgeClient b = bob.openBridge(stack.vertx)) {
      long end = System.currentTimeMillis() + 10_000;
      while (usage(b, null).containsKey("failureCode") && System.currentTimeMillis() < end) {
        Thread.sleep(100);
      }
    }
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private static JsonObject usage(BridgeClient socket, JsonObject headers) throws InterruptedException {
    String reply = socket.send(Addresses.BROWSER_BILLING, new JsonObject().put("type", BillingRequest.USAGE_GET), headers);
    JsonObject frame = socket.next("rec", reply, 5000);
    if (frame == null) {
      frame = socket.next("err", reply, 1);
    }
    assertNotNull(frame, "no answer from billing");
    return frame.containsKey("failureCode") ? frame : frame.getJsonObject("body");
  }

  private static void assertRefused(JsonObject frame) {
    assertNotNull(frame, "expected the bridge to refuse");
    assertTrue(Set.of("access_denied", "rejected").contains(frame.getString("body")), frame.encode());
  }

  @Test
  void meSaysWhoIsAdmin() {
    assertTrue(admin.get("/api/me").bodyAsJsonObject().getBoolean("admin"));
    assertEquals(false, alice.get("/api/me").bodyAsJsonObject().getBoolean("admin"));
  }

  @Test
  void aNonAdminSocketCannotReachTheAdminApiEvenForgingTheAdminsId() throws Exception {
    try (BridgeClient a = alice.openBridge(stack.vertx)) {
      for (String type : BillingRequest.ADMIN) {
        String reply = a.send(Addresses.BROWSER_ADMIN, new JsonObject().put("type", type).put("userId", alice.userId())
            .put("plan", "unlimited").put("entry", "top-up").put("amount", 100000).put("reason", "free money"),
            new JsonObject().put(Headers.USER_ID, admin.userId()));
        assertRefused(a.next("err", null, 3000));
        assertNull(a.next("rec", reply, 200), type + " got an answer");
      }
      assertEquals(0, usage(a, null).getLong("balance"), "no top-up reached the ledger");
      assertEquals("free", usage(a, null).getJsonObject("user").getString("plan"), "the plan is unchanged");
    }
  }

  @Test
  void aSocketSeesOnlyItsOwnBillingAndNoInternalAddress() throws Exception {
    try (BridgeClient a = alice.openBridge(stack.vertx)) {
      JsonObject forged = usage(a, new JsonObject().put(Headers.USER_ID, bob.userId()));
      assertEquals("alice", forged.getJsonObject("user").getString("username"), "a forged header is replaced by the sender's id");

      a.send(Addresses.BILLING_USAGE, new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", new JsonArray()), null);
      assertRefused(a.next("err", null, 3000));
      a.send(Addresses.BILLING_ALLOWANCE, new JsonObject().put("type", BillingRequest.ALLOWANCE_GET).put("userId", bob.userId()), null);
      assertRefused(a.next("err", null, 3000));
      a.register(Addresses.SESSION_BILLING_STATUS);
      assertRefused(a.next("err", null, 3000));
      a.send(Addresses.BROWSER_ADMIN + ".x", new JsonObject(), null);
      assertRefused(a.next("err", null, 3000));
    }
  }

  @Test
  void anAdminSocketUsesTheAdminApi() throws Exception {
    try (BridgeClient s = admin.openBridge(stack.vertx)) {
      String reply = s.send(Addresses.BROWSER_ADMIN, new JsonObject().put("type", BillingRequest.ADMIN_USERS_FIND).put("query", "b"), null);
      JsonObject found = s.next("rec", reply, 5000);
      assertNotNull(found);
      JsonArray users = found.getJsonObject("body").getJsonArray("users");
      assertEquals(1, users.size(), users.encode());
      assertEquals("bob", users.getJsonObject(0).getString("username"));
    }
  }

  @Test
  void statementDownloadIsTheSignedInUsersOwn() {
    String month = YearMonth.now(ZoneOffset.UTC).toString();
    HttpResponse<Buffer> csv = alice.get("/api/statements/" + month + ".csv");
    assertEquals(200, csv.statusCode(), csv.bodyAsString());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    assertTrue(csv.bodyAsString().contains("opening balance"), csv.bodyAsString());
    assertEquals(401, stack.user().get("/api/statements/" + month + ".csv").statusCode());
    assertEquals(400, alice.get("/api/statements/latest.csv").statusCode());
    HttpResponse<Buffer> noSuchMonth = alice.get("/api/statements/2026-13.csv");
    assertEquals(400, noSuchMonth.statusCode());
    assertEquals("month must be like 2026-11.", noSuchMonth.bodyAsJsonObject().getJsonObject("error").getString("text"));
  }
}
