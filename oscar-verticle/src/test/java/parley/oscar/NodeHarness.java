package parley.oscar;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;
import parley.nodekit.testing.NodeProbe;
import parley.oscar.testing.OscarTestServer;

/** An {@link OscarNodeVerticle} under test, with the session stood in by {@link NodeProbe}. */
final class NodeHarness extends NodeProbe {

  NodeHarness(Vertx vertx, JsonObject oscarConfig) {
    super(vertx, new OscarNodeVerticle(), OscarNetwork.ID, oscarConfig);
  }

  /** Short waits and keepalives; a message may wait for the rate limit longer than the default. */
  static JsonObject fastConfig() {
    return new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2).put("connectTimeoutSeconds", 5)
        .put("maxSendHoldSeconds", 25).put("keepaliveSeconds", 5);
  }

  JsonObject connectCommand(String accountId, OscarTestServer server, String login, String password) {
    return new JsonObject().put("type", NodeCommand.CONNECT).put("accountId", accountId).put("userId", "user-" + accountId)
        .put("login", login).put("password", password)
        .put("host", server.host()).put("port", server.port()).put("tls", "required")
        .put("presence", new JsonObject().put("show", "available").put("status", ""));
  }

  JsonObject connectAndAwaitRoster(String accountId, OscarTestServer server, String login, String password) {
    return connectAndAwaitRoster(connectCommand(accountId, server, login, password));
  }
}
