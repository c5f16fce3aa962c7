package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.ConnectionState;
import parley.contract.NodeEvent;
import parley.xmpp.testing.ProsodyServer;

/**
 * The optional features a real Prosody offers, as {@code connected} tells them (XEP-0030 disco at
 * login): the archive (mod_mam) and the file upload service (mod_http_file_share, with its size
 * limit) only where the server has them, so the page offers only those.
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

  /** Alice signs in through the node: its {@code connected} event. */
  private static JsonObject connected(Vertx vertx, ProsodyServer server) {
    server.createUser("alice", PASSWORD);
    NodeHarness node = new NodeHarness(vertx, NodeHarness.fastConfig());
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, "alice", PASSWORD);
    return node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .filter(e -> ConnectionState.CONNECTED.equals(e.getString("state"))).findFirst().orElseThrow();
  }
}
