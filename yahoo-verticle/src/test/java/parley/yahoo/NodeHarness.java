package parley.yahoo;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;
import parley.nodekit.testing.NodeProbe;
import parley.yahoo.testing.YahooTestServer;

/** A {@link YahooNodeVerticle} under test, with the session stood in by {@link NodeProbe}. */
final class NodeHarness extends NodeProbe {

  NodeHarness(Vertx vertx, JsonObject yahooConfig) {
    super(vertx, new YahooNodeVerticle(), YahooNetwork.ID, yahooConfig);
  }

  /** Short waits and a keepalive every second, so a stopped server is noticed within a test. */
  static JsonObject fastConfig() {
    return new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2).put("connectTimeoutSeconds", 3)
        .put("keepaliveSeconds", 1).put("answerTimeoutSeconds", 2);
  }

  JsonObject connectCommand(String accountId, YahooTestServer server, String login, String password) {
    return new JsonObject().put("type", NodeCommand.CONNECT).put("accountId", accountId).put("userId", "user-" + accountId)
        .put("login", login).put("password", password)
        .put("host", server.host()).put("port", server.port()).put("tls", "required")
        .put("presence", new JsonObject().put("show", "available").put("status", ""));
  }
}
