package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;
import parley.contract.node.AddContact;
import parley.contract.node.AnswerSubscription;
import parley.contract.node.RemoveContact;
import parley.contract.node.SendMessage;
import parley.contract.node.SendTyping;
import parley.contract.node.SetPresence;
import parley.nodekit.NodeEvents;
import parley.nodekit.OwnPresence;
import parley.nodekit.ProtocolNodeVerticle;

/**
 * The OSCAR (AIM and ICQ) protocol node. All its connections share one non-blocking
 * {@link NetClient}; every account runs on this verticle's context.
 */
public final class OscarNodeVerticle extends ProtocolNodeVerticle<OscarAccount> {
  private static final Logger log = LoggerFactory.getLogger(OscarNodeVerticle.class);

  private OscarNodeConfig config;
  private NetClient client;
  private SignOnMethods signOnMethods;

  @Override
  protected NetworkDescriptor descriptor() {
    return OscarNetwork.DESCRIPTOR;
  }

  @Override
  protected void setUp() {
    config = OscarNodeConfig.from(section());
    signOnMethods = new SignOnMethods(config.aimLogin());
    client = tcpClient(config.connectTimeoutSeconds());
  }

  @Override
  protected OscarAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
    ConnectRequest request = ConnectRequest.parse(connect);
    log.info("{} for user {}", request, request.userId());
    return new OscarAccount(vertx, client, config, signOnMethods, request, events, onGone);
  }

  @Override
  protected Future<?> command(String type, JsonObject body, OscarAccount account) {
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        SendMessage m = SendMessage.fromJson(body);
        yield held(account).sendMessage(Fields.screenName(m.to(), "to"), m.text(), m.messageId());
      }
      case NodeCommand.SEND_TYPING -> {
        SendTyping t = SendTyping.fromJson(body);
        yield held(account).sendTyping(Fields.screenName(t.to(), "to"), t.state());
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(OwnPresence.of(SetPresence.fromJson(body)));
      case NodeCommand.ADD_CONTACT -> {
        AddContact c = AddContact.fromJson(body);
        String screenName = Fields.screenName(c.jid(), "jid");
        yield held(account).addContact(screenName, c.name() == null || c.name().isBlank() ? null : c.name(), c.group());
      }
      case NodeCommand.REMOVE_CONTACT -> held(account).removeContact(Fields.screenName(RemoveContact.fromJson(body).jid(), "jid"));
      case NodeCommand.ANSWER_SUBSCRIPTION -> {
        AnswerSubscription a = AnswerSubscription.fromJson(body);
        yield held(account).answerAuthorization(Fields.screenName(a.jid(), "jid"), a.approve());
      }
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }
}
