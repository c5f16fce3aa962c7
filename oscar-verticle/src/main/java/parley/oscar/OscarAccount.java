package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.ContactRemoved;
import parley.contract.node.ContactUpdated;
import parley.contract.node.MessageFailed;
import parley.contract.node.MessageReceived;
import parley.contract.node.Roster;
import parley.contract.node.SubscriptionRequest;
import parley.contract.node.Typing;
import parley.nodekit.ImFailure;
import parley.nodekit.NodeAccount;
import parley.nodekit.NodeEvents;
import parley.nodekit.OwnPresence;
import parley.nodekit.Reconnects;

/**
 * One AIM or ICQ account held by this node: signs on, reports state, follows migrations,
 * reconnects with backoff, and carries out commands. Everything runs on the verticle's context.
 */
final class OscarAccount implements BosSession.Listener, NodeAccount {
  private static final Logger log = LoggerFactory.getLogger(OscarAccount.class);

  private final Vertx vertx;
  private final NetClient client;
  private final OscarNodeConfig config;
  private final ConnectRequest request;
  private final NodeEvents events;
  private final Runnable onGone;
  private final Reconnects reconnects;

  private final SignOnMethods signOnMethods;
  private SignOn login;
  private BosSession session;
  private boolean closed;
  private boolean everConnected;
  /** A drain asked the session to move this account: the new node's sign-on ends this one, as expected. */
  private boolean moving;
  private OwnPresence ownPresence;
  /** The contacts online now, with their presence as last reported (for a resync); by screen name. */
  private final Map<String, ContactPresence> presences = new HashMap<>();

  OscarAccount(Vertx vertx, NetClient client, OscarNodeConfig config, SignOnMethods signOnMethods, ConnectRequest request,
      NodeEvents events, Runnable onGone) {
    this.vertx = vertx;
    this.signOnMethods = signOnMethods;
    this.client = client;
    this.config = config;
    this.request = request;
    this.events = events;
    this.onGone = onGone;
    this.ownPresence = request.presence();
    this.reconnects = new Reconnects(vertx, events, config.reconnectMinSeconds(), config.reconnectMaxSeconds());
  }

  @Override
  public void moving() {
    moving = true;
  }

  @Override
  public void start() {
    events.state(ConnectionState.CONNECTING, null);
    attempt();
  }

  // ---- connecting and reconnecting ----

  private void attempt() {
    if (closed) {
      return;
    }
    SignOn flow = new SignOn(vertx, client, config, request, signOnMethods);
    login = flow;
    log.debug("Account {} signs on", request.accountId());
    flow.run().onComplete(events.logContext().wrap(ar -> {
      if (closed || flow != login) {
        return;
      }
      login = null;
      if (ar.succeeded()) {
        openSession(ar.result());
      } else {
        onFailure(ar.cause() instanceof LoginFlow.SignonException s ? s.failure : Failures.lost());
      }
    }));
  }

  private void openSession(BosTicket ticket) {
    session = new BosSession(vertx, client, config, request, ticket, ownPresence, this);
    session.start();
  }

  @Override
  public void online(Roster roster) {
    log.info("Account {} signed on as {}", request.accountId(), request.screenName());
    everConnected = true;
    reconnects.connected();
    presences.clear();
    events.state(ConnectionState.CONNECTED, null);
    events.send(roster);
  }

  @Override
  public void ended(ImFailure failure) {
    session = null;
    onFailure(failure);
  }

  @Override
  public void migrate(BosTicket ticket) {
    // The server moves the session: sign on at the new BOS with the cookie it gave.
    openSession(ticket);
  }

  private void onFailure(ImFailure failure) {
    if (closed) {
      return;
    }
    if (moving && failure.code() == FailureCode.IM_KICKED) {
      // One sign-on per screen name: the account's new node signed on. Not a failure, and no reconnect.
      log.info("Account {} signed on through another node (drain); this connection ends here", request.accountId());
      closed = true;
      events.state(ConnectionState.DISCONNECTED, null);
      onGone.run();
      return;
    }
    log.info("Account {}: {} ({})", request.accountId(), failure.code(), failure.text());
    reconnects.retryOrGiveUp(failure, everConnected, this::attempt, this::giveUp);
  }

  private void giveUp(ImFailure failure) {
    closed = true;
    events.state(ConnectionState.FAILED, failure);
    onGone.run();
  }

  // ---- events from the session ----

  @Override
  public void contactUpdated(Contact contact) {
    events.send(new ContactUpdated(contact));
  }

  @Override
  public void contactRemoved(String jid) {
    presences.remove(jid);
    events.send(new ContactRemoved(jid));
  }

  @Override
  public void presence(ContactPresence presence) {
    if (presence.available()) {
      presences.put(presence.jid(), presence);
    } else {
      presences.remove(presence.jid());
    }
    events.send(presence);
  }

  @Override
  public void message(String from, String text, long ts) {
    events.send(new MessageReceived(from, text, ts));
  }

  @Override
  public void messageFailed(String messageId, String to, ImFailure failure) {
    events.send(MessageFailed.of(messageId, to, failure.code(), failure.text()));
  }

  @Override
  public void typing(String from, String state) {
    events.send(new Typing(from, state));
  }

  @Override
  public void authorizationRequest(String from) {
    events.send(new SubscriptionRequest(from));
  }

  // ---- commands ----

  private BosSession online() {
    if (closed || session == null || !session.online()) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return session;
  }

  Future<Void> sendMessage(String to, String text, String messageId) {
    return online().sendMessage(to, text, messageId);
  }

  Future<Void> sendTyping(String to, String state) {
    return online().sendTyping(to, state);
  }

  /** Remembered for reconnects; sent now if online. */
  Future<Void> setPresence(OwnPresence presence) {
    ownPresence = presence;
    if (session == null || !session.online()) {
      return Future.succeededFuture();
    }
    return session.sendOwnPresence(presence);
  }

  Future<Void> addContact(String screenName, String name, String group) {
    return online().addContact(screenName, name, group);
  }

  Future<Void> removeContact(String screenName) {
    return online().removeContact(screenName);
  }

  Future<Void> answerAuthorization(String screenName, boolean approve) {
    return online().answerAuthorization(screenName, approve);
  }

  @Override
  public void resync() {
    events.resendState();
    if (!closed && session != null && session.online()) {
      events.send(session.roster());
      presences.values().forEach(events::send);
    }
  }

  @Override
  public Future<Void> close(boolean report) {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    reconnects.cancel();
    if (login != null) {
      login.cancel();
      login = null;
    }
    if (session != null) {
      session.close();
      session = null;
    }
    if (report) {
      events.state(ConnectionState.DISCONNECTED, null);
    }
    return Future.succeededFuture();
  }
}
