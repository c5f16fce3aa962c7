package parley.msn;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.ContactRemoved;
import parley.contract.node.ContactUpdated;
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
 * One MSN account held by this node: signs in (a new {@link NsSession} each time), reports state,
 * reconnects with backoff, and carries out commands. Everything runs on the verticle's context.
 */
final class MsnAccount implements NodeAccount, NsSession.Listener {
  private static final Logger log = LoggerFactory.getLogger(MsnAccount.class);

  private final Vertx vertx;
  private final NetClient client;
  private final Passport passport;
  private final MsnNodeConfig config;
  private final ConnectRequest request;
  private final NodeEvents events;
  private final Runnable onGone;
  private final Reconnects reconnects;

  private NsSession session;
  private boolean closed;
  private boolean everConnected;
  /** A drain asked the session to move this account: the new node's sign-in ends this one, as expected. */
  private boolean moving;
  private OwnPresence ownPresence;
  /** The contacts online now, with their presence as last reported (for a resync). */
  private final Map<String, ContactPresence> presences = new HashMap<>();

  MsnAccount(Vertx vertx, NetClient client, Passport passport, MsnNodeConfig config, ConnectRequest request, NodeEvents events,
      Runnable onGone) {
    this.vertx = vertx;
    this.client = client;
    this.passport = passport;
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

  private void attempt() {
    if (closed) {
      return;
    }
    session = new NsSession(vertx, client, passport, config, request, ownPresence, this, events.logContext());
    session.start();
  }

  // ---- what the session says ----

  @Override
  public void online(Roster roster, List<String> requests) {
    log.info("Account {} signed in to MSN as {}", request.accountId(), request.email());
    everConnected = true;
    reconnects.connected();
    presences.clear();
    events.state(ConnectionState.CONNECTED, null);
    events.send(roster);
    requests.forEach(this::subscriptionRequest);
  }

  @Override
  public void ended(ImFailure failure) {
    session = null;
    if (closed) {
      return;
    }
    if (moving && failure.code() == FailureCode.IM_KICKED) {
      // One sign-in per account: the account's new node signed in. Not a failure, and no reconnect.
      log.info("Account {} signed in through another node (drain); this connection ends here", request.accountId());
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

  @Override
  public void contactUpdated(Contact contact) {
    events.send(new ContactUpdated(contact));
  }

  @Override
  public void contactRemoved(String email) {
    presences.remove(email);
    events.send(new ContactRemoved(email));
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
  public void subscriptionRequest(String from) {
    events.send(new SubscriptionRequest(from));
  }

  @Override
  public void message(String from, String text) {
    events.send(new MessageReceived(from, text, System.currentTimeMillis()));
  }

  @Override
  public void typing(String from) {
    events.send(new Typing(from, "composing"));
  }

  // ---- commands ----

  private NsSession online() {
    if (closed || session == null || !session.online()) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return session;
  }

  Future<Void> sendMessage(String to, String text) {
    return online().sendMessage(to, text);
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
    return session.setPresence(presence);
  }

  Future<Void> addContact(String email, String name, String group) {
    return online().addContact(email, name, group);
  }

  Future<Void> removeContact(String email) {
    return online().removeContact(email);
  }

  Future<Void> answerRequest(String email, boolean approve) {
    return online().answerRequest(email, approve);
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
