package parley.xmpp;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;
import parley.nodekit.testing.NodeProbe;
import parley.xmpp.testing.XmppTestServer;

/** An {@link XmppNodeVerticle} under test, with the session stood in by {@link NodeProbe}. */
final class NodeHarness extends NodeProbe {

  NodeHarness(Vertx vertx, JsonObject xmppConfig) {
    super(vertx, new XmppNodeVerticle(), XmppNetwork.ID, xmppConfig);
  }

  static JsonObject fastConfig() {
    return new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2).put("connectTimeoutSeconds", 5);
  }

  JsonObject connectCommand(String accountId, XmppTestServer server, String user, String password) {
    return new JsonObject().put("type", NodeCommand.CONNECT).put("accountId", accountId).put("userId", "user-" + accountId)
        .put("login", server.jid(user)).put("password", password)
        .put("host", server.host()).put("port", server.port()).put("tls", "if-offered")
        .put("presence", new JsonObject().put("show", "available").put("status", ""));
  }

  /** Connects and waits for {@code connected} and the roster; returns the roster event. */
  JsonObject connectAndAwaitRoster(String accountId, XmppTestServer server, String user, String password) {
    return connectAndAwaitRoster(connectCommand(accountId, server, user, password));
  }
}
