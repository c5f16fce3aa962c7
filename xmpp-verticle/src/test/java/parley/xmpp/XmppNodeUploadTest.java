package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.io.IOException;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.nodekit.testing.NodeProbe;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/** XEP-0363 upload slots from a real Prosody with mod_http_file_share (ejabberd: {@link XmppNodeUploadEjabberdTest}): the slot works, a refusal is in words. */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeUploadTest {
  private static final String PASSWORD = "correct horse";
  static final long LIMIT = 4096;
  private static final AtomicInteger users = new AtomicInteger();
  static XmppTestServer server;
  /** Where the server's upload service puts its slots, set with {@link #server}. */
  static String uploadUrl;
  /** An HTTP client that trusts the upload service's certificate, set with {@link #server}. */
  static HttpClient uploadHttp;

  private NodeHarness node;

  /** XEP-0066 as the other person's client reads it (Smack has no provider of its own for it). */
  static final class OobLink implements ExtensionElement {
    static final String NAMESPACE = "jabber:x:oob";
    final String url;

    OobLink(String url) {
      this.url = url;
    }

    @Override
    public String getNamespace() {
      return NAMESPACE;
    }

    @Override
    public String getElementName() {
      return "x";
    }

    @Override
    public CharSequence toXML(XmlEnvironment env) {
      return "<x xmlns='" + NAMESPACE + "'><url>" + url + "</url></x>";
    }
  }

  @BeforeAll
  void startServer() {
    registerOobProvider();
    ProsodyServer prosody = new ProsodyServer().withUpload(LIMIT);
    server = prosody.start();
    uploadUrl = prosody.uploadUrl();
    uploadHttp = prosody.uploadClient();
  }

  /** Lets the other person's Smack client read XEP-0066 links; every subclass's start calls it. */
  static void registerOobProvider() {
    ProviderManager.addExtensionProvider("x", OobLink.NAMESPACE, new ExtensionElementProvider<OobLink>() {
      @Override
      public OobLink parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws XmlPullParserException, IOException {
        String url = null;
        while (true) {
          XmlPullParser.Event e = parser.next();
          if (e == XmlPullParser.Event.START_ELEMENT && "url".equals(parser.getName())) {
            url = parser.nextText();
          } else if (e == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
            return new OobLink(url);
          }
        }
      }
    });
  }

  /** The start of the text the server itself gives when it refuses a file as too large (Prosody's wording). */
  String serversTooLargeText() {
    return "File too large";
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
    assertTrue(slot.getString("getUrl").startsWith(uploadUrl), slot.encode());
    assertTrue(slot.getJsonObject("headers").fieldNames().stream()
        .allMatch(h -> Uploads.ALLOWED_HEADERS.contains(h.toLowerCase())), slot.encode());

    HttpClient http = uploadHttp;
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
  void theLinkOfAnUploadIsSentAsAFileWithOutOfBandData() throws Exception {
    String account = connected();
    String bobUser = "bob" + users.incrementAndGet();
    server.createUser(bobUser, PASSWORD);
    try (Peer bob = Peer.login(server, bobUser, PASSWORD)) {
      String getUrl = node.command(NodeCommand.UPLOAD_SLOT, account, request("notes.txt", 10, "text/plain")).getString("getUrl");
      node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob.jid).put("text", getUrl).put("messageId", "7"));
      Message m = bob.awaitMessage(x -> getUrl.equals(x.getBody()));
      OobLink oob = (OobLink) m.getExtensionElement("x", OobLink.NAMESPACE);
      assertEquals(getUrl, oob == null ? null : oob.url, m.toXML().toString());

      node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob.jid).put("text", "https://example.org/x.png")
          .put("messageId", "8"));
      Message plain = bob.awaitMessage(x -> "https://example.org/x.png".equals(x.getBody()));
      assertNull(plain.getExtensionElement("x", OobLink.NAMESPACE), "a link Parley did not upload is just text");
    }
  }

  @Test
  void aTooLargeFileIsRefusedWithTheServersLimitAndWords() {
    String account = connected();
    ReplyException refused = node.failure(Addresses.node(node.nodeId), request("big.bin", LIMIT + 1, "application/octet-stream")
        .put("type", NodeCommand.UPLOAD_SLOT).put("accountId", account));
    NodeProbe.assertFailure(refused, FailureCode.IM_ERROR);
    assertTrue(refused.getMessage().contains("too large"), refused.getMessage());
    assertTrue(refused.getMessage().contains(Long.toString(LIMIT)), refused.getMessage());
    assertTrue(refused.getMessage().contains(serversTooLargeText()), "the server's own text: " + refused.getMessage());
  }

  @Test
  void aFileNameWithASlashIsRefusedBeforeTheServerIsAsked() {
    String account = connected();
    ReplyException refused = node.failure(Addresses.node(node.nodeId), request("../etc/passwd", 10, "text/plain")
        .put("type", NodeCommand.UPLOAD_SLOT).put("accountId", account));
    NodeProbe.assertFailure(refused, FailureCode.INVALID_FIELD);
  }
}
