package parley.xmpp;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.jivesoftware.smack.packet.Presence;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
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

  /** The account adds the peer and each approves the other ("both"): receipts and markers go only to such contacts. */
  void befriendBothWays(String accountId, XmppTestServer server, String user, Peer peer) throws Exception {
    String userJid = server.jid(user);
    command(NodeCommand.ADD_CONTACT, accountId, new JsonObject().put("jid", peer.jid).put("name", "Bob"));
    peer.awaitPresence(p -> p.getType() == Presence.Type.subscribe && Peer.from(p, userJid));
    peer.sendPresence(Presence.Type.subscribed, userJid);
    peer.sendPresence(Presence.Type.subscribe, userJid);
    awaitEvent(accountId, NodeEvent.SUBSCRIPTION_REQUEST, e -> peer.jid.equals(e.getString("from")));
    command(NodeCommand.ANSWER_SUBSCRIPTION, accountId, new JsonObject().put("jid", peer.jid).put("approve", true));
    awaitEvent(accountId, NodeEvent.CONTACT_UPDATED, e -> "both".equals(e.getJsonObject("contact").getString("subscription")));
  }
}
