package parley.yahoo;

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
 * One Yahoo account held by this node: logs in, reports state, reconnects with backoff, and
 * carries out commands. Everything runs on the verticle's context.
 */
final class YahooAccount implements YahooSession.Listener, NodeAccount {
  private static final Logger log = LoggerFactory.getLogger(YahooAccount.class);

  private final Vertx vertx;
  private final NetClient client;
  private final YahooNodeConfig config;
  private final ConnectRequest request;
  private final NodeEvents events;
  private final Runnable onGone;
  private final Reconnects reconnects;
  private YahooSession session;
  private boolean closed;
  private boolean everConnected;
  /** A drain asked the session to move this account: the new node's login ends this one, as expected. */
  private boolean moving;
  private OwnPresence ownPresence;
  /** The buddies online now, as last reported (for a resync); by lower-case Yahoo ID. */
  private final Map<String, ContactPresence> presences = new HashMap<>();

  YahooAccount(Vertx vertx, NetClient client, YahooNodeConfig config, ConnectRequest request, NodeEvents events,
      Runnable onGone) {
    this.vertx = vertx;
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

  private void attempt() {
    if (closed) {
      return;
    }
    log.debug("Account {} logs in", request.accountId());
    session = new YahooSession(vertx, client, config, request, ownPresence, this, events.logContext());
    session.start();
  }

  @Override
  public void online(List<Contact> contacts, List<ContactPresence> online) {
    log.info("Account {} logged in as {}", request.accountId(), request.yahooId());
    everConnected = true;
    reconnects.connected();
    presences.clear();
    events.state(ConnectionState.CONNECTED, null);
    events.send(new Roster(contacts));
    online.forEach(this::presence);
  }

  @Override
  public void ended(ImFailure failure) {
    session = null;
    presences.clear();
    if (closed) {
      return;
    }
    if (moving && failure.code() == FailureCode.IM_KICKED) {
      // One login per Yahoo ID: the account's new node logged in. Not a failure, and no reconnect.
      log.info("Account {} logged in through another node (drain); this connection ends here", request.accountId());
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

  // ---- events from the connection ----

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
  public void typing(String from, String state) {
    events.send(new Typing(from, state));
  }

  @Override
  public void subscriptionRequest(String from) {
    events.send(new SubscriptionRequest(from));
  }

  // ---- commands ----

  private YahooSession online() {
    if (closed || session == null || !session.online()) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return session;
  }

  Future<Void> sendMessage(String to, String text) {
    return online().sendMessage(to, text);
  }

  Future<Void> sendTyping(String to, boolean typing) {
    return online().sendTyping(to, typing);
  }

  /** Remembered for reconnects; sent now if online. */
  Future<Void> setPresence(OwnPresence presence) {
    ownPresence = presence;
    if (session == null || !session.online()) {
      return Future.succeededFuture();
    }
    return session.sendOwnPresence(presence);
  }

  Future<Void> addContact(String id, String group) {
    return online().addContact(id, group);
  }

  Future<Void> removeContact(String id) {
    return online().removeContact(id);
  }

  Future<Void> answerRequest(String from, boolean approve) {
    return online().answerRequest(from, approve);
  }

  @Override
  public void resync() {
    events.resendState();
    if (!closed && session != null && session.online()) {
      events.send(new Roster(session.contacts()));
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
