package parley.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.web.testing.BridgeUser;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * A file sent through Parley to a real Prosody's upload service (mod_http_file_share): the page asks a
 * slot over the bridge, POSTs the bytes to the web route, Parley PUTs them to the slot and the GET URL
 * serves them. Refusals: Parley's limit, the server's limit, another origin, a body larger than the
 * slot, a slot claimed from the bridge.
 */
class FileUploadEndToEndTest {
  private static final long SERVER_LIMIT = 4096;
  private static final long PARLEY_LIMIT = 8000;
  private static ProsodyServer prosody;
  private static AllInOne.Running parley;
  private static BridgeUser alice;
  private static String account;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    prosody = new ProsodyServer().withUpload(SERVER_LIMIT).start();
    prosody.createUser("alice", "alice-xmpp");
    JsonObject config = WebStack.config();
    config.getJsonObject("session").put("maxUploadBytes", PARLEY_LIMIT);
    config.getJsonObject("web").put("uploadToPrivateAddresses", true);
    // The test server's upload service is https with a certificate of its own.
    config.getJsonObject("web").put("uploadTrustedCertificate", prosody.uploadCertificate().toString());
    parley = AllInOne.start(config).await();
    alice = BridgeUser.signUp(parley.vertx(), parley.webPort(), "alice");
    account = alice.addXmppAccount("alice@" + prosody.domain(), "alice-xmpp", prosody.port());
  }

  @AfterAll
  static void stop() {
    if (alice != null) {
      alice.close();
    }
    if (parley != null) {
      parley.close().await();
    }
    if (prosody != null) {
      prosody.stop();
    }
  }

  private static JsonObject slotCommand(long size) {
    return new JsonObject().put("type", BrowserCommand.FILE_SLOT).put("accountId", account)
        .put("to", "bob@" + prosody.domain()).put("filename", "cat.png").put("size", size).put("contentType", "image/png");
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  private static HttpResponse<String> post(String slotId, String origin, byte[] body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.webPort() + "/files/" + slotId))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/octet-stream")
        .header("Cookie", alice.http.cookieHeader()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (origin != null) {
      r.header("Origin", origin);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String own() {
    return "http://127.0.0.1:" + parley.webPort();
  }

  @Test
  void aFileGoesThroughParleyToTheServerAndItsLinkServesIt() throws Exception {
    byte[] file = bytes(1500);
    JsonObject slot = alice.request(slotCommand(file.length));
    assertTrue(slot.getString("slotId").matches("[0-9a-f]{36}"), slot.encode());
    assertTrue(!slot.containsKey("putUrl") && !slot.containsKey("headers"), "the page never sees where Parley PUTs: " + slot.encode());

    HttpResponse<String> sent = post(slot.getString("slotId"), own(), file);
    assertEquals(200, sent.statusCode(), sent.body());
    String getUrl = new JsonObject(sent.body()).getString("getUrl");
    assertEquals(slot.getString("getUrl"), getUrl);

    assertTrue(getUrl.startsWith(prosody.uploadUrl()), getUrl);
    HttpResponse<byte[]> got = prosody.uploadClient().send(HttpRequest.newBuilder(URI.create(getUrl)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertArrayEquals(file, got.body());

    // A slot is used once.
    HttpResponse<String> again = post(slot.getString("slotId"), own(), file);
    assertEquals(400, again.statusCode(), again.body());
  }

  @Test
  void aFileOverParleysLimitIsRefusedInWords() throws Exception {
    JsonObject refused = alice.requestFailure(slotCommand(PARLEY_LIMIT + 1));
    assertEquals(FailureCode.INVALID_FIELD.code(), refused.getInteger("failureCode"), refused.encode());
    assertTrue(refused.getString("message").contains("up to " + PARLEY_LIMIT + " bytes"), refused.encode());
  }

  @Test
  void aFileOverTheServersLimitIsRefusedWithItsWords() throws Exception {
    JsonObject refused = alice.requestFailure(slotCommand(SERVER_LIMIT + 1));
    assertEquals(FailureCode.IM_ERROR.code(), refused.getInteger("failureCode"), refused.encode());
    assertTrue(refused.getString("message").contains("too large") && refused.getString("message").contains(Long.toString(SERVER_LIMIT)),
        refused.encode());
  }

  @Test
  void anotherOriginIsRefusedAndTheSlotStaysUnused() throws Exception {
    byte[] file = bytes(100);
    String slotId = alice.request(slotCommand(file.length)).getString("slotId");
    HttpResponse<String> evil = post(slotId, "http://evil.example", file);
    assertEquals(403, evil.statusCode(), evil.body());
    HttpResponse<String> none = post(slotId, null, file);
    assertEquals(403, none.statusCode(), none.body());
    assertEquals(200, post(slotId, own(), file).statusCode());
  }

  @Test
  void aBodyLargerThanTheSlotIsRefused() throws Exception {
    String slotId = alice.request(slotCommand(100)).getString("slotId");
    HttpResponse<String> big = post(slotId, own(), bytes(3000));
    assertEquals(413, big.statusCode(), big.body());
  }

  @Test
  void theBridgeRefusesAClaimFromThePage() throws Exception {
    String slotId = alice.request(slotCommand(100)).getString("slotId");
    alice.bridge.send(Addresses.BROWSER_COMMANDS, new JsonObject().put("type", BrowserCommand.FILE_CLAIM).put("slotId", slotId), null);
    JsonObject frame = alice.bridge.next("err", null, 5000);
    assertTrue(frame != null && Set.of("access_denied", "rejected").contains(frame.getString("body")), String.valueOf(frame));
  }

  @Test
  void anUploadServiceWithACertificateParleyDoesNotTrustIsRefusedInWords() throws Exception {
    // The same server, but a Parley that was not told to trust its certificate (no web.uploadTrustedCertificate).
    JsonObject config = WebStack.config();
    config.getJsonObject("web").put("uploadToPrivateAddresses", true);
    AllInOne.Running untrusting = AllInOne.start(config).await();
    prosody.createUser("carol", "carol-xmpp");
    try (BridgeUser carol = BridgeUser.signUp(untrusting.vertx(), untrusting.webPort(), "carol")) {
      String carols = carol.addXmppAccount("carol@" + prosody.domain(), "carol-xmpp", prosody.port());
      byte[] file = bytes(100);
      JsonObject slot = carol.request(slotCommand(file.length).put("accountId", carols));
      String origin = "http://127.0.0.1:" + untrusting.webPort();
      HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(origin + "/files/" + slot.getString("slotId")))
          .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/octet-stream").header("Origin", origin)
          .header("Cookie", carol.http.cookieHeader()).POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(502, sent.statusCode(), sent.body());
      JsonObject error = new JsonObject(sent.body()).getJsonObject("error");
      assertEquals("The IM server's upload service at 127.0.0.1 has a certificate Parley does not trust.", error.getString("text"),
          sent.body());
    } finally {
      untrusting.close().await();
    }
  }
}
