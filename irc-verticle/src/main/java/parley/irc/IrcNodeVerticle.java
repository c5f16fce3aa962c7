package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;
import parley.contract.Presence;
import parley.contract.node.SendMessage;
import parley.nodekit.NodeEvents;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;
import parley.nodekit.ProtocolNodeVerticle;

/**
 * The IRC protocol node. All its connections share one non-blocking {@link NetClient}; every account
 * runs on this verticle's context. A peer is a nickname (a private chat) or a channel (a group chat,
 * on today's contract as {@link ContractChannels} says).
 */
public final class IrcNodeVerticle extends ProtocolNodeVerticle<IrcAccount> {
  private static final Logger log = LoggerFactory.getLogger(IrcNodeVerticle.class);

  private IrcNodeConfig config;
  private NetClient client;
  private ClientSSLOptions tls;

  @Override
  protected NetworkDescriptor descriptor() {
    return IrcNetwork.DESCRIPTOR;
  }

  @Override
  protected String network() {
    return IrcNetwork.ID;
  }

  @Override
  protected void setUp() {
    config = IrcNodeConfig.from(config().getJsonObject(IrcNetwork.ID));
    client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(config.connectTimeoutSeconds() * 1000)
        .setTcpKeepAlive(true));
    // The server's certificate must be valid for the host the account names.
    tls = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
    if (config.trustedCertificate() != null) {
      tls.setTrustOptions(new PemTrustOptions().addCertPath(config.trustedCertificate()));
    }
  }

  @Override
  protected Future<?> tearDown() {
    return client.close();
  }

  @Override
  protected IrcAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
    ConnectRequest request = ConnectRequest.parse(connect);
    log.info("{} for user {}", request, request.userId());
    return new IrcAccount(vertx, client, tls, config, request, events, onGone);
  }

  @Override
  protected Future<?> command(String type, JsonObject body, IrcAccount account) {
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        SendMessage m = SendMessage.fromJson(body);
        yield held(account).sendMessage(target(m.to(), "to"), m.text(), m.messageId());
      }
      case NodeCommand.SEND_TYPING -> {
        String to = target(body, "to");
        String state = NodeFields.optionalString(body, "state", null);
        if (state == null || !Presence.TYPING_STATES.contains(state)) {
          throw NodeFields.invalid("state");
        }
        yield held(account).sendTyping(to, state);
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(OwnPresence.parse(body));
      case NodeCommand.ADD_CONTACT -> held(account).join(channel(body));
      case NodeCommand.REMOVE_CONTACT -> held(account).part(channel(body));
      case NodeCommand.ANSWER_SUBSCRIPTION ->
          throw FailureCode.INVALID_FIELD.exception("IRC has no contact requests to answer.");
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }

  /** A nickname or a channel. */
  private static String target(JsonObject body, String field) {
    return target(body.getValue(field) instanceof String s ? s : null, field);
  }

  /** {@code value} of {@code field} (null when absent) as a nick or channel. */
  private static String target(String value, String field) {
    String text = value == null ? null : value.trim();
    if (!Names.nick(text) && !Names.channel(text)) {
      throw FailureCode.INVALID_JID.exception("The field '" + field + "' must be " + Names.TARGET_RULE + ".");
    }
    return text;
  }

  /** Contacts on IRC are channels: adding one joins it, removing one leaves it. */
  private static String channel(JsonObject body) {
    Object value = body.getValue("jid");
    String text = value instanceof String s ? s.trim() : null;
    if (!Names.channel(text)) {
      throw FailureCode.INVALID_FIELD.exception("IRC has no contact list: add a channel (#name) to join it, or write to "
          + "a nickname to start a private chat.");
    }
    return text;
  }
}
