package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.nodekit.testing.NodeProbe;
import parley.xmpp.client.Ns;
import parley.xmpp.testing.CuttableProxy;
import parley.xmpp.testing.ProsodyServer;

/**
 * The optional features a real Prosody offers, as {@code connected} tells them (XEP-0030 disco at
 * login): the archive (mod_mam) and the file upload service (mod_http_file_share, with its size
 * limit) only where the server has them, so the page offers only those. The server's services are
 * discovered once per login (one disco#items, one disco#info per item), and asked again for a file
 * only when the login found no upload service.
 */
@ExtendWith(VertxExtension.class)
class XmppNodeServerFeaturesTest {
  private static final String PASSWORD = "correct horse";

  @Test
  void aServerWithAnArchiveAndAnUploadServiceOffersBoth(Vertx vertx) {
    ProsodyServer server = new ProsodyServer().withArchive().withUpload(XmppNodeUploadTest.LIMIT).start();
    try {
      JsonObject connected = connected(vertx, server);
      JsonArray features = connected.getJsonArray("features");
      assertEquals(new JsonArray().add("archive").add("carbons").add("blocking").add("rooms").add("upload"), features);
      assertEquals(XmppNodeUploadTest.LIMIT, connected.getLong("uploadMaxBytes"));
    } finally {
      server.stop();
    }
  }

  @Test
  void aServerWithoutThemOffersNeither(Vertx vertx) {
    ProsodyServer server = new ProsodyServer().start();
    try {
      JsonObject connected = connected(vertx, server);
      JsonArray features = connected.getJsonArray("features");
      assertFalse(features.contains("archive"), () -> "features " + features);
      assertFalse(features.contains("upload"), () -> "features " + features);
      assertNull(connected.getValue("uploadMaxBytes"));
    } finally {
      server.stop();
    }
  }

  @Test
  void oneLoginAsksForTheServersServicesOnce(Vertx vertx) throws IOException {
    ProsodyServer server = new ProsodyServer().withUpload(XmppNodeUploadTest.LIMIT).start();
    try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
      JsonObject connected = signIn(vertx, server, proxy).connected();
      assertEquals(new JsonArray().add("carbons").add("blocking").add("rooms").add("upload"), connected.getJsonArray("features"));
      assertEquals(XmppNodeUploadTest.LIMIT, connected.getLong("uploadMaxBytes"));

      String sent = proxy.sentToServer();
      assertEquals(1, asked(sent, server.domain(), Ns.DISCO_ITEMS), () -> "disco#items asked in: " + sent);
      for (String item : new String[] {"conference." + server.domain(), "upload." + server.domain()}) {
        assertEquals(1, asked(sent, item, Ns.DISCO_INFO), () -> "disco#info of " + item + " asked in: " + sent);
      }
    } finally {
      server.stop();
    }
  }

  @Test
  void aFileToSendWhereTheLoginFoundNoUploadServiceAsksAgainAndSaysSo(Vertx vertx) throws IOException {
    ProsodyServer server = new ProsodyServer().start();
    try (CuttableProxy proxy = new CuttableProxy(server.host(), server.port())) {
      SignedIn alice = signIn(vertx, server, proxy);

      ReplyException refused = alice.node().failure(Addresses.node(alice.node().nodeId), new JsonObject()
          .put("type", NodeCommand.UPLOAD_SLOT).put("accountId", alice.account()).put("filename", "cat.png").put("size", 10).put("contentType", "image/png"));
      NodeProbe.assertFailure(refused, FailureCode.IM_ERROR);
      assertEquals("The server " + server.domain() + " offers no file upload service (XEP-0363), so files cannot be sent "
          + "from this account.", refused.getMessage());
      String sent = proxy.sentToServer();
      assertEquals(2, asked(sent, server.domain(), Ns.DISCO_ITEMS),
          () -> "disco#items asked at login and again for the file: " + sent);
    } finally {
      server.stop();
    }
  }

  /** How many iq queries of {@code namespace} to {@code to} the node sent (as its writer writes them). */
  private static int asked(String sent, String to, String namespace) {
    Matcher m = Pattern.compile("<iq [^>]*to='" + Pattern.quote(to) + "'[^>]*><query xmlns='" + Pattern.quote(namespace) + "'")
        .matcher(sent);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Alice signs in through the node: its {@code connected} event. */
  private static JsonObject connected(Vertx vertx, ProsodyServer server) {
    return signIn(vertx, server, null).connected();
  }

  /** Alice's account on a node, signed in. */
  private record SignedIn(NodeHarness node, String account) {
    /** Its {@code connected} event. */
    JsonObject connected() {
      return node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
          .filter(e -> ConnectionState.CONNECTED.equals(e.getString("state"))).findFirst().orElseThrow();
    }
  }

  /** Alice signs in through the node, through the proxy unless it is null. */
  private static SignedIn signIn(Vertx vertx, ProsodyServer server, CuttableProxy proxy) {
    server.createUser("alice", PASSWORD);
    NodeHarness node = new NodeHarness(vertx, NodeHarness.fastConfig());
    String account = NodeHarness.newAccountId();
    JsonObject connect = node.connectCommand(account, server, "alice", PASSWORD);
    if (proxy != null) {
      connect.put("host", proxy.host()).put("port", proxy.port());
    }
    node.connectAndAwaitRoster(connect);
    return new SignedIn(node, account);
  }
}
