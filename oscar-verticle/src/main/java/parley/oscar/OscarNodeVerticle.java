package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Network;
import parley.contract.NodeCommand;
import parley.contract.ParleyException;
import parley.contract.Presence;

/**
 * The OSCAR (AIM and ICQ) protocol node: routes the node commands of the bus contract to the
 * accounts it holds. {@code connect} arrives on the network's shared address, everything else on
 * this node's own address. All connections share one non-blocking {@link NetClient}.
 */
public final class OscarNodeVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(OscarNodeVerticle.class);

  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, OscarAccount> accounts = new LinkedHashMap<>();
  private OscarNodeConfig config;
  private NetClient client;

  public String nodeId() {
    return nodeId;
  }

  @Override
  public Future<?> start() {
    config = OscarNodeConfig.from(config().getJsonObject("oscar"));
    client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(config.connectTimeoutSeconds() * 1000)
        .setTcpKeepAlive(true));
    MessageConsumer<Object> connect = vertx.eventBus().consumer(Addresses.nodeConnect(Network.OSCAR), this::onConnect);
    MessageConsumer<Object> own = vertx.eventBus().consumer(Addresses.node(nodeId), this::onCommand);
    return Future.all(connect.completion(), own.completion())
        .onSuccess(v -> log.info("OSCAR node {} is ready", nodeId));
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    for (OscarAccount account : new ArrayList<>(accounts.values())) {
      closing.add(account.close(true));
    }
    accounts.clear();
    return Future.join(closing).eventually(() -> client.close());
  }

  private void onConnect(Message<Object> message) {
    try {
      JsonObject body = Fields.body(message.body());
      if (!NodeCommand.CONNECT.equals(body.getString("type"))) {
        throw FailureCode.UNKNOWN_TYPE.exception("Only 'connect' is accepted on this address.");
      }
      ConnectRequest request = ConnectRequest.parse(body);
      log.info("{} for user {}", request, request.userId());
      OscarAccount old = accounts.remove(request.accountId());
      if (old != null) {
        old.close(false);
      }
      AccountEvents events = new AccountEvents(vertx.eventBus(), nodeId, request.userId(), request.accountId());
      OscarAccount[] holder = new OscarAccount[1];
      holder[0] = new OscarAccount(vertx, client, config, request, events,
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
    OscarAccount account = accounts.get(accountId);
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
        String to = Fields.screenName(body, "to");
        String text = Fields.requireString(body, "text");
        if (text.length() > Limits.MAX_TEXT_CHARS) {
          throw FailureCode.TEXT_TOO_LONG.exception(null);
        }
        yield held(account).sendMessage(to, text);
      }
      case NodeCommand.SEND_TYPING -> {
        String to = Fields.screenName(body, "to");
        String state = Fields.optionalString(body, "state", null);
        if (state == null || !Presence.TYPING_STATES.contains(state)) {
          throw Fields.invalid("state");
        }
        yield held(account).sendTyping(to, state);
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(ConnectRequest.OwnPresence.parse(body));
      case NodeCommand.ADD_CONTACT -> {
        String screenName = Fields.screenName(body, "jid");
        String name = Fields.optionalString(body, "name", null);
        String group = Fields.optionalString(body, "group", null);
        yield held(account).addContact(screenName, name == null || name.isBlank() ? null : name, group);
      }
      case NodeCommand.REMOVE_CONTACT -> held(account).removeContact(Fields.screenName(body, "jid"));
      case NodeCommand.ANSWER_SUBSCRIPTION -> {
        String screenName = Fields.screenName(body, "jid");
        boolean approve = Fields.requireBoolean(body, "approve");
        yield held(account).answerAuthorization(screenName, approve);
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

  private static OscarAccount held(OscarAccount account) {
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
