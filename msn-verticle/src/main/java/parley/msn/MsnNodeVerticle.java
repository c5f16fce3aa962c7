package parley.msn;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
import parley.msn.wire.Names;
import parley.nodekit.NodeEvents;
import parley.nodekit.OwnPresence;
import parley.nodekit.ProtocolNodeVerticle;

/**
 * The MSN Messenger (MSNP) protocol node. All its connections share one non-blocking
 * {@link NetClient}, and the Passport logins one {@link WebClient}; every account runs on this
 * verticle's context.
 */
public final class MsnNodeVerticle extends ProtocolNodeVerticle<MsnAccount> {
  private static final Logger log = LoggerFactory.getLogger(MsnNodeVerticle.class);

  private MsnNodeConfig config;
  private NetClient client;
  private WebClient web;
  private Passport passport;

  @Override
  protected NetworkDescriptor descriptor() {
    return MsnNetwork.DESCRIPTOR;
  }

  @Override
  protected void setUp() {
    config = MsnNodeConfig.from(section());
    client = tcpClient(config.connectTimeoutSeconds());
    WebClientOptions webOptions = new WebClientOptions().setConnectTimeout(config.connectTimeoutSeconds() * 1000)
        .setFollowRedirects(false).setVerifyHost(true).setTrustOptions(trusting(config.trustedCertificate()));
    web = WebClient.create(vertx, webOptions);
    passport = new Passport(web, config.answerTimeoutSeconds() * 1000L);
  }

  @Override
  protected Future<?> tearDown() {
    web.close();
    return Future.succeededFuture();
  }

  @Override
  protected MsnAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
    ConnectRequest request = ConnectRequest.parse(connect);
    log.info("{} for user {}", request, request.userId());
    return new MsnAccount(vertx, client, passport, config, request, events, onGone);
  }

  @Override
  protected Future<?> command(String type, JsonObject body, MsnAccount account) {
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        SendMessage m = SendMessage.fromJson(body);
        yield held(account).sendMessage(email(m.to(), "to"), m.text());
      }
      case NodeCommand.SEND_TYPING -> {
        SendTyping t = SendTyping.fromJson(body);
        yield held(account).sendTyping(email(t.to(), "to"), t.state());
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(OwnPresence.of(SetPresence.fromJson(body)));
      case NodeCommand.ADD_CONTACT -> {
        AddContact c = AddContact.fromJson(body);
        String email = email(c.jid(), "jid");
        String name = c.name();
        String group = c.group();
        if (name != null && Names.encode(name).length() > Names.MAX_FRIENDLY_ENCODED) {
          throw FailureCode.INVALID_FIELD.exception("That name is too long for MSN.");
        }
        if (group != null && Names.encode(group).length() > 61 * 3) {
          throw FailureCode.INVALID_FIELD.exception("That group name is too long for MSN (at most 61 characters).");
        }
        yield held(account).addContact(email, name, group);
      }
      case NodeCommand.REMOVE_CONTACT -> held(account).removeContact(email(RemoveContact.fromJson(body).jid(), "jid"));
      case NodeCommand.ANSWER_SUBSCRIPTION -> {
        AnswerSubscription a = AnswerSubscription.fromJson(body);
        yield held(account).answerRequest(email(a.jid(), "jid"), a.approve());
      }
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }

  /** {@code value} of {@code field} (null when absent) as a contact's address: an e-mail address, lower case. */
  private static String email(String value, String field) {
    String text = value == null ? null : value.trim();
    if (!Names.email(text)) {
      throw FailureCode.INVALID_JID.exception("The field '" + field + "' must be " + Names.EMAIL_RULE + ".");
    }
    return Names.key(text);
  }
}
