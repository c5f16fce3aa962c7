package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.web.testing.BridgeUser;
import parley.web.testing.WebStack;

/** GET /api/export/history.{json,txt}: the signed-in user's own history, streamed as a download. */
@Timeout(180)
class ExportRoutesTest {
  private static final long T0 = 1_764_000_000_000L;

  private WebStack stack;
  private Pool pool;
  private BridgeUser alice;
  private BridgeUser bob;
  private String aliceAccount;
  private String bobAccount;

  @BeforeEach
  void start() throws Exception {
    JsonObject config = WebStack.config();
    stack = new WebStack(config);
    // No protocol node runs; the XMPP network is described as its node would.
    TestNetworks.advertise(stack.vertx);
    pool = PgBuilder.pool().connectingTo(config.getJsonObject("db").getString("url")).using(stack.vertx).build();
    alice = BridgeUser.signUp(stack.vertx, stack.port, "alice");
    bob = BridgeUser.signUp(stack.vertx, stack.port, "bob");
    aliceAccount = addAccount(alice, "alice@example.org");
    bobAccount = addAccount(bob, "bob@example.org");
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    stack.close();
  }

  private static String addAccount(BridgeUser user, String login) throws InterruptedException {
    return AccountReply.fromJson(user.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "xmpp").put("login", login)
        .put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222).put("tls", "if-offered"))).account().id();
  }

  private long store(BridgeUser user, String accountId, String peer, String direction, String text, long ts) {
    return pool.preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body, sent_at)"
            + " values ($1, $2, $3, $4, $5, timestamptz 'epoch' + $6 * interval '1 millisecond') returning id")
        .execute(Tuple.of(UUID.fromString(user.http.userId()), UUID.fromString(accountId), peer, direction, text, ts))
        .await().iterator().next().getLong("id");
  }

  @Test
  void allHistoryAsJsonAndOneChatAsTextOwnDataOnly() {
    List<Long> ids = new ArrayList<>();
    String tricky = "line one\nline two \"quoted\" </script> ünïcödé 🙂";
    for (int i = 0; i < 450; i++) {
      String peer = i % 2 == 0 ? "carol@example.org" : "dave@example.org";
      ids.add(store(alice, aliceAccount, peer, i % 3 == 0 ? "out" : "in", i == 7 ? tricky : "message " + i, T0 + i * 1000L));
    }
    store(bob, bobAccount, "carol@example.org", "in", "bob's own secret", T0);

    HttpResponse<Buffer> json = alice.http.get("/api/export/history.json");
    assertEquals(200, json.statusCode(), json.bodyAsString());
    assertTrue(json.getHeader("Content-Type").startsWith("application/json"));
    assertTrue(json.getHeader("Content-Disposition").matches("attachment; filename=\"parley-history-\\d{4}-\\d{2}-\\d{2}\\.json\""),
        json.getHeader("Content-Disposition"));
    assertEquals("chunked", json.getHeader("Transfer-Encoding"));
    JsonObject doc = json.bodyAsJsonObject();
    assertEquals("alice", doc.getString("user"));
    assertNull(doc.getValue("chat"));
    JsonArray messages = doc.getJsonArray("messages");
    assertEquals(ids, messages.stream().map(m -> ((JsonObject) m).getLong("id")).toList());
    JsonObject seventh = messages.getJsonObject(7);
    assertEquals(tricky, seventh.getString("text"));
    assertEquals("dave@example.org", seventh.getString("peer"));
    assertEquals("in", seventh.getString("direction"));
    assertEquals("xmpp", seventh.getString("network"));
    assertEquals("alice@example.org", seventh.getString("account"));
    assertEquals("2025-11-24T16:00:07Z", seventh.getString("time"));
    assertTrue(!json.bodyAsString().contains("bob's own secret"));

    HttpResponse<Buffer> text = alice.http.get("/api/export/history.txt?accountId=" + aliceAccount + "&peer=dave@example.org");
    assertEquals(200, text.statusCode(), text.bodyAsString());
    assertTrue(text.getHeader("Content-Type").startsWith("text/plain"));
    assertTrue(text.getHeader("Content-Disposition").matches(
        "attachment; filename=\"parley-chat-dave@example.org-\\d{4}-\\d{2}-\\d{2}\\.txt\""), text.getHeader("Content-Disposition"));
    String[] lines = text.bodyAsString().split("\n");
    assertTrue(lines[0].startsWith("Parley history of alice, chat with dave@example.org, exported "), lines[0]);
    assertEquals("", lines[1]);
    assertEquals("2025-11-24 16:00:01 UTC  xmpp alice@example.org  dave@example.org → alice@example.org: message 1", lines[2]);
    assertEquals("2025-11-24 16:00:03 UTC  xmpp alice@example.org  alice@example.org → dave@example.org: message 3", lines[3]);
    assertEquals("2025-11-24 16:00:07 UTC  xmpp alice@example.org  dave@example.org → alice@example.org: line one", lines[5]);
    assertEquals("    line two \"quoted\" </script> ünïcödé 🙂", lines[6]);
    // Every one of dave's 225 messages, one line each, the text of one over two lines.
    assertEquals(2 + 225 + 1, lines.length);
    assertTrue(!text.bodyAsString().contains("carol@example.org →"));
  }

  @Test
  void refusedWithoutSignInForAnotherUsersChatAndFromTheBridge() throws InterruptedException {
    store(alice, aliceAccount, "carol@example.org", "in", "alice's secret", T0);
    HttpResponse<Buffer> anonymous = stack.user().get("/api/export/history.json");
    assertEquals(401, anonymous.statusCode());
    assertEquals("NOT_SIGNED_IN", anonymous.bodyAsJsonObject().getJsonObject("error").getString("code"));

    HttpResponse<Buffer> other = bob.http.get("/api/export/history.txt?accountId=" + aliceAccount + "&peer=carol@example.org");
    assertEquals(400, other.statusCode());
    assertEquals("NO_SUCH_ACCOUNT", other.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> bobs = bob.http.get("/api/export/history.json");
    assertEquals(200, bobs.statusCode());
    assertEquals(0, bobs.bodyAsJsonObject().getJsonArray("messages").size());

    HttpResponse<Buffer> half = alice.http.get("/api/export/history.json?accountId=" + aliceAccount);
    assertEquals(400, half.statusCode());
    assertEquals("To export one chat, give both accountId and peer.",
        half.bodyAsJsonObject().getJsonObject("error").getString("text"));
    assertEquals(400, alice.http.get("/api/export/history.csv").statusCode());

    // The session's pages are for the web server only: a browser socket asking for one is refused.
    alice.bridge.send(Addresses.BROWSER_COMMANDS, new JsonObject().put("type", BrowserCommand.HISTORY_EXPORT), null);
    JsonObject frame = alice.bridge.next("err", null, 5000);
    assertTrue(frame != null && Set.of("access_denied", "rejected").contains(frame.getString("body")), String.valueOf(frame));
  }

  @Test
  void exportsAreLimitedPerUser() {
    store(alice, aliceAccount, "carol@example.org", "in", "hello", T0);
    // session.exportsPerHour 10 by default: a burst of 3, then refused in words.
    for (int i = 0; i < 3; i++) {
      assertEquals(200, alice.http.get("/api/export/history.txt").statusCode());
    }
    HttpResponse<Buffer> limited = alice.http.get("/api/export/history.txt");
    assertEquals(429, limited.statusCode());
    assertEquals("Too many exports lately; wait a few minutes and export again.",
        limited.bodyAsJsonObject().getJsonObject("error").getString("text"));
    assertEquals(200, bob.http.get("/api/export/history.txt").statusCode());
  }
}
