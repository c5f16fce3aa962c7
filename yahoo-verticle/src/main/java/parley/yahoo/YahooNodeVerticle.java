package parley.yahoo;

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
 * The Yahoo (YMSG) protocol node. All its connections share one non-blocking {@link NetClient};
 * every account runs on this verticle's context.
 */
public final class YahooNodeVerticle extends ProtocolNodeVerticle<YahooAccount> {
  private static final Logger log = LoggerFactory.getLogger(YahooNodeVerticle.class);
  /** The longest group name Parley sends (Yahoo's clients allow about this much). */
  static final int MAX_GROUP_CHARS = 64;

  private YahooNodeConfig config;
  private NetClient client;

  @Override
  protected NetworkDescriptor descriptor() {
    return YahooNetwork.DESCRIPTOR;
  }

  @Override
  protected void setUp() {
    config = YahooNodeConfig.from(section());
    client = tcpClient(config.connectTimeoutSeconds());
  }

  @Override
  protected YahooAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
    ConnectRequest request = ConnectRequest.parse(connect);
    log.info("{} for user {}", request, request.userId());
    return new YahooAccount(vertx, client, config, request, events, onGone);
  }

  @Override
  protected Future<?> command(String type, JsonObject body, YahooAccount account) {
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        SendMessage m = SendMessage.fromJson(body);
        yield held(account).sendMessage(YahooIds.field(m.to(), "to"), m.text());
      }
      case NodeCommand.SEND_TYPING -> {
        SendTyping t = SendTyping.fromJson(body);
        yield held(account).sendTyping(YahooIds.field(t.to(), "to"), "composing".equals(t.state()));
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(OwnPresence.of(SetPresence.fromJson(body)));
      case NodeCommand.ADD_CONTACT -> {
        AddContact c = AddContact.fromJson(body);
        String id = YahooIds.field(c.jid(), "jid");
        String group = c.group();
        if (group == null || group.isBlank()) {
          group = Roster.DEFAULT_GROUP;
        }
        group = group.trim();
        if (group.length() > MAX_GROUP_CHARS || group.contains(":") || group.contains(",") || group.contains("\n")) {
          throw FailureCode.INVALID_FIELD.exception("A Yahoo group name has at most " + MAX_GROUP_CHARS
              + " characters and no ':', ',' or line break.");
        }
        yield held(account).addContact(id, group);
      }
      case NodeCommand.REMOVE_CONTACT -> held(account).removeContact(YahooIds.field(RemoveContact.fromJson(body).jid(), "jid"));
      case NodeCommand.ANSWER_SUBSCRIPTION -> {
        AnswerSubscription a = AnswerSubscription.fromJson(body);
        yield held(account).answerRequest(YahooIds.field(a.jid(), "jid"), a.approve());
      }
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }
}
