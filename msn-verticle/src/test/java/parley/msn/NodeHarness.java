package parley.msn;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;
import parley.msn.testing.MsnTestServer;
import parley.nodekit.testing.NodeProbe;

/** An {@link MsnNodeVerticle} under test, with the session stood in by {@link NodeProbe}. */
final class NodeHarness extends NodeProbe {

  NodeHarness(Vertx vertx, JsonObject msnConfig) {
    super(vertx, new MsnNodeVerticle(), MsnNetwork.ID, msnConfig);
  }

  /** Short waits, and the test server's Passport login. */
  static JsonObject fastConfig(MsnTestServer server) {
    return new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2).put("connectTimeoutSeconds", 10)
        .put("answerTimeoutSeconds", 10).put("pingSeconds", 30).put("switchboardIdleSeconds", 60)
        .put("loginUrl", server.loginUrl());
  }

  static JsonObject connectCommand(String accountId, String email, String password, MsnTestServer server) {
    return new JsonObject().put("type", NodeCommand.CONNECT).put("accountId", accountId).put("userId", "user-" + accountId)
        .put("login", email).put("password", password).put("host", server.host()).put("port", server.port())
        .put("presence", new JsonObject().put("show", "available").put("status", ""));
  }
}
