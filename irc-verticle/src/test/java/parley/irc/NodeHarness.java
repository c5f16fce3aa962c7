package parley.irc;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;
import parley.nodekit.testing.NodeProbe;

/** An {@link IrcNodeVerticle} under test, with the session stood in by {@link NodeProbe}. */
final class NodeHarness extends NodeProbe {

  NodeHarness(Vertx vertx, JsonObject ircConfig) {
    super(vertx, new IrcNodeVerticle(), IrcNetwork.ID, ircConfig);
  }

  /** Short waits; a flood limit that lets tests talk without waiting. */
  static JsonObject fastConfig() {
    return new JsonObject().put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2).put("connectTimeoutSeconds", 5)
        .put("pingSeconds", 30).put("answerTimeoutSeconds", 5).put("floodLineMs", 100).put("floodBurstLines", 10);
  }

  /**
   * For the real servers (InspIRCd, ngIRCd): the same, with room for a sign-on on a busy machine
   * (TLS, the server's own lookups); what these tests show is the sign-on, not its time.
   */
  static JsonObject realServerConfig() {
    return fastConfig().put("connectTimeoutSeconds", 20);
  }

  static JsonObject connectCommand(String accountId, String nick, String password, String host, int port, boolean tls) {
    JsonObject c = new JsonObject().put("type", NodeCommand.CONNECT).put("accountId", accountId).put("userId", "user-" + accountId)
        .put("login", nick).put("host", host).put("port", port).put("tls", tls ? "required" : "if-offered")
        .put("presence", new JsonObject().put("show", "available").put("status", ""));
    if (password != null) {
      c.put("password", password);
    }
    return c;
  }
}
