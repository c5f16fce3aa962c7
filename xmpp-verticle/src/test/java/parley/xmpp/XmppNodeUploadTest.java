package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.node.testing.NodeProbe;
import parley.xmpp.testing.ProsodyServer;

/** XEP-0363 upload slots from a real Prosody with mod_http_file_share: the slot works, a refusal is in words. */
@ExtendWith(VertxExtension.class)
class XmppNodeUploadTest {
  private static final String PASSWORD = "correct horse";
  private static final long LIMIT = 4096;
  private static final AtomicInteger users = new AtomicInteger();
  static ProsodyServer server;

  private NodeHarness node;

  @BeforeAll
  static void startServer() {
    server = new ProsodyServer().withUpload(LIMIT).start();
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

  private String connected() {
    String user = "alice" + users.incrementAndGet();
    server.createUser(user, PASSWORD);
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, user, PASSWORD);
    return account;
  }

  private static JsonObject request(String filename, long size, String type) {
    return new JsonObject().put("filename", filename).put("size", size).put("contentType", type);
  }

  @Test
  void theSlotTakesTheBytesAndTheGetUrlServesThem() throws Exception {
    String account = connected();
    byte[] bytes = new byte[1500];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    JsonObject slot = node.command(NodeCommand.UPLOAD_SLOT, account, request("cat picture.png", bytes.length, "image/png"));
    assertEquals(LIMIT, slot.getLong("maxBytes"));
    assertTrue(slot.getString("getUrl").startsWith("http://127.0.0.1:" + server.httpPort() + "/"), slot.encode());
    assertTrue(slot.getJsonObject("headers").fieldNames().stream()
        .allMatch(h -> Uploads.ALLOWED_HEADERS.contains(h.toLowerCase())), slot.encode());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(slot.getString("putUrl"))).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    for (Map.Entry<String, Object> h : slot.getJsonObject("headers")) {
      put.header(h.getKey(), String.valueOf(h.getValue()));
    }
    HttpResponse<String> stored = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, stored.statusCode(), stored.body());

    HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(slot.getString("getUrl")))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertArrayEquals(bytes, got.body());
  }

  @Test
  void aTooLargeFileIsRefusedWithTheServersLimitAndWords() {
    String account = connected();
    ReplyException refused = node.failure(Addresses.node(node.nodeId), request("big.bin", LIMIT + 1, "application/octet-stream")
        .put("type", NodeCommand.UPLOAD_SLOT).put("accountId", account));
    NodeProbe.assertFailure(refused, FailureCode.IM_ERROR);
    assertTrue(refused.getMessage().contains("too large"), refused.getMessage());
    assertTrue(refused.getMessage().contains(Long.toString(LIMIT)), refused.getMessage());
    assertTrue(refused.getMessage().contains("File too large"), "the server's own text: " + refused.getMessage());
  }

  @Test
  void aFileNameWithASlashIsRefusedBeforeTheServerIsAsked() {
    String account = connected();
    ReplyException refused = node.failure(Addresses.node(node.nodeId), request("../etc/passwd", 10, "text/plain")
        .put("type", NodeCommand.UPLOAD_SLOT).put("accountId", account));
    NodeProbe.assertFailure(refused, FailureCode.INVALID_FIELD);
  }
}
