package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Network;
import parley.contract.NodeCommand;
import parley.contract.ParleyException;

/**
 * The XMPP protocol node: routes the node commands of the bus contract to the connections it
 * holds. {@code connect} arrives on the network's shared address, everything else on this node's
 * own address.
 */
public final class XmppNodeVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(XmppNodeVerticle.class);

  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, XmppAccountConnection> accounts = new LinkedHashMap<>();
  private XmppNodeConfig config;
  private ConnectionFactory factory;
  private WorkerExecutor workers;

  public String nodeId() {
    return nodeId;
  }

  @Override
  public Future<?> start() {
    config = XmppNodeConfig.from(config().getJsonObject("xmpp"));
    factory = new ConnectionFactory(config);
    // Smack calls block for up to the connect timeout: keep them off the shared worker pool.
    workers = vertx.createSharedWorkerExecutor("parley-xmpp-" + nodeId, config.workerPoolSize());
    MessageConsumer<Object> connect = vertx.eventBus().consumer(Addresses.nodeConnect(Network.XMPP), this::onConnect);
    MessageConsumer<Object> own = vertx.eventBus().consumer(Addresses.node(nodeId), this::onCommand);
    return Future.all(connect.completion(), own.completion())
        .onSuccess(v -> log.info("XMPP node {} is ready", nodeId));
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    for (XmppAccountConnection account : new ArrayList<>(accounts.values())) {
      closing.add(account.close(true));
    }
    accounts.clear();
    return Future.join(closing).eventually(() -> workers.close());
  }

  private void onConnect(Message<Object> message) {
    try {
      JsonObject body = Fields.body(message.body());
      String type = body.getString("type");
      if (!NodeCommand.CONNECT.equals(type)) {
        throw FailureCode.UNKNOWN_TYPE.exception("Only 'connect' is accepted on this address.");
      }
      ConnectRequest request = ConnectRequest.parse(body);
      log.info("{} for user {}", request, request.userId());
      XmppAccountConnection old = accounts.remove(request.accountId());
      if (old != null) {
        old.close(false);
      }
      AccountEvents events = new AccountEvents(vertx.eventBus(), nodeId, request.userId(), request.accountId());
      XmppAccountConnection[] holder = new XmppAccountConnection[1];
      holder[0] = new XmppAccountConnection(vertx, context, workers, config, factory, request, events,
          () -> accounts.remove(request.accountId(), holder[0]));
      accounts.put(request.accountId(), holder[0]);
      message.reply(new JsonObject().put("nodeId", nodeId));
      holder[0].start();
    } catch (RuntimeException e) {
      replyFailure(message, e);
    }
  }

  private void onCommand(Message<Object> message) {
    Future<?> result;
    try {
      result = dispatch(Fields.body(message.body()));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result() instanceof JsonObject json ? json : new JsonObject());
      } else {
        replyFailure(message, ar.cause());
      }
    });
  }

  private Future<?> dispatch(JsonObject body) {
    String type = body.getString("type");
    if (NodeCommand.PING.equals(type)) {
      return Future.succeededFuture(new JsonObject().put("nodeId", nodeId)
          .put("accounts", new JsonArray(new ArrayList<>(accounts.keySet()))));
    }
    if (type == null || NodeCommand.CONNECT.equals(type) || !isNodeCommand(type)) {
      throw FailureCode.UNKNOWN_TYPE.exception(type == null ? "The message has no type."
          : "Unknown message type '" + type + "' for this address.");
    }
    String accountId = Fields.requireString(body, "accountId");
    XmppAccountConnection account = accounts.get(accountId);
    if (NodeCommand.DISCONNECT.equals(type)) {
      if (account == null) {
        return Future.succeededFuture();
      }
      accounts.remove(accountId, account);
      return account.close(true);
    }
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        EntityBareJid to = Fields.entityJid(body, "to");
        String text = Fields.requireString(body, "text");
        if (text.length() > Limits.MAX_TEXT_CHARS) {
          throw FailureCode.TEXT_TOO_LONG.exception(null);
        }
        yield held(account).sendMessage(to, text);
      }
      case NodeCommand.SEND_TYPING -> {
        EntityBareJid to = Fields.entityJid(body, "to");
        ChatState state = RosterJson.chatState(body.getValue("state") instanceof String s ? s : null);
        if (state == null) {
          throw Fields.invalid("state");
        }
        yield held(account).sendTyping(to, state);
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(ConnectRequest.OwnPresence.parse(body));
      case NodeCommand.ADD_CONTACT -> {
        EntityBareJid jid = Fields.entityJid(body, "jid");
        String name = Fields.optionalString(body, "name", null);
        String group = Fields.optionalString(body, "group", null);
        yield held(account).addContact(jid, name == null || name.isBlank() ? null : name, group);
      }
      case NodeCommand.REMOVE_CONTACT -> held(account).removeContact(Fields.entityJid(body, "jid"));
      case NodeCommand.ANSWER_SUBSCRIPTION -> {
        EntityBareJid jid = Fields.entityJid(body, "jid");
        boolean approve = Fields.requireBoolean(body, "approve");
        yield held(account).answerSubscription(jid, approve);
      }
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }

  private static boolean isNodeCommand(String type) {
    return switch (type) {
      case NodeCommand.DISCONNECT, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING, NodeCommand.SET_PRESENCE,
          NodeCommand.ADD_CONTACT, NodeCommand.REMOVE_CONTACT, NodeCommand.ANSWER_SUBSCRIPTION -> true;
      default -> false;
    };
  }

  private static XmppAccountConnection held(XmppAccountConnection account) {
    if (account == null) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return account;
  }

  private static void replyFailure(Message<?> message, Throwable cause) {
    if (!(cause instanceof ParleyException)) {
      log.warn("Command failed", cause);
    }
    FailureCode.replyTo(message, cause);
  }
}
