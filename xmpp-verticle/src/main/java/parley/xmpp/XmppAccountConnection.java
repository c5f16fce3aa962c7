package parley.xmpp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaFactory;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.ChatStateManager;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.delay.DelayInformationManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeEvent;
import parley.contract.ParleyException;
import parley.contract.node.ImFailure;
import parley.contract.node.NodeAccount;
import parley.contract.node.NodeEvents;
import parley.contract.node.OwnPresence;
import parley.contract.node.Reconnects;

/**
 * One IM account held by this node: connects, reports state, reconnects with backoff, and carries
 * out commands. Fields are touched only on the verticle's context; Smack calls run on worker
 * threads and Smack's callbacks hop back with {@link Context#runOnContext}.
 */
final class XmppAccountConnection implements NodeAccount {
  private static final Logger log = LoggerFactory.getLogger(XmppAccountConnection.class);

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor workers;
  private final XmppNodeConfig config;
  private final ConnectionFactory factory;
  private final ConnectRequest request;
  private final NodeEvents events;
  private final Runnable onGone;
  private final Resourcepart resource;

  private XMPPTCPConnection connection;
  private boolean connected;
  private boolean rosterSent;
  private boolean closed;
  private boolean everConnected;
  private final Reconnects reconnects;
  private OwnPresence ownPresence;
  /** Commands of one account run one after the other, so that messages keep their order. */
  private Future<?> queue = Future.succeededFuture();

  XmppAccountConnection(Vertx vertx, Context context, WorkerExecutor workers, XmppNodeConfig config,
      ConnectionFactory factory, ConnectRequest request, NodeEvents events, Runnable onGone) {
    this.vertx = vertx;
    this.context = context;
    this.workers = workers;
    this.config = config;
    this.factory = factory;
    this.request = request;
    this.events = events;
    this.onGone = onGone;
    this.ownPresence = request.presence();
    this.reconnects = new Reconnects(vertx, events, config.reconnectMinSeconds(), config.reconnectMaxSeconds());
    this.resource = Resourcepart.fromOrThrowUnchecked("parley-" + UUID.randomUUID().toString().substring(0, 8));
  }

  String accountId() {
    return request.accountId();
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
    XMPPTCPConnection conn;
    try {
      conn = open();
    } catch (RuntimeException e) {
      log.warn("Cannot set up the connection for account {}", request.accountId(), e);
      giveUp(new ImFailure(FailureCode.IM_ERROR, FailureCode.IM_ERROR.defaultText(), false));
      return;
    }
    connection = conn;
    connected = false;
    rosterSent = false;
    blocking(() -> login(conn)).onComplete(ar -> {
      if (closed || conn != connection) {
        if (ar.succeeded()) {
          shutdown(conn);
        }
      } else if (ar.succeeded()) {
        onLoggedIn(conn);
      } else {
        onAttemptFailed(conn, ar.cause());
      }
    });
  }

  /** Blocking: connect, authenticate, fetch the roster. */
  private Void login(XMPPTCPConnection conn) throws Exception {
    try {
      conn.connect();
      conn.login();
      Roster.getInstanceFor(conn).reloadAndWait();
      return null;
    } catch (Exception e) {
      conn.instantShutdown();
      throw e;
    }
  }

  private void onLoggedIn(XMPPTCPConnection conn) {
    log.info("Account {} connected as {}", request.accountId(), request.jid());
    connected = true;
    everConnected = true;
    reconnects.connected();
    events.state(ConnectionState.CONNECTED, null);
    // The snapshot is taken here, on the context: roster changes that hop here later follow it.
    events.send(NodeEvent.ROSTER, new JsonObject()
        .put("contacts", RosterJson.contacts(Roster.getInstanceFor(conn).getEntries())));
    rosterSent = true;
    OwnPresence presence = ownPresence;
    serial(() -> {
      conn.sendStanza(presenceStanza(conn, presence));
      return null;
    }).onFailure(e -> log.debug("Initial presence of account {} not sent: {}", request.accountId(), e.toString()));
  }

  private void onAttemptFailed(XMPPTCPConnection conn, Throwable error) {
    connection = null;
    ImFailure failure = FailureMapper.connectFailure(error);
    log.info("Account {} could not connect: {} ({})", request.accountId(), failure.code(), error.toString());
    if (failure.retryAfter(everConnected)) {
      reconnects.schedule(failure, this::attempt);
    } else {
      giveUp(failure);
    }
  }

  /** A Smack connection ended: by us (ignored), by the server, or by the network. */
  private void onClosed(XMPPTCPConnection conn, Exception error) {
    if (closed || conn != connection || !connected) {
      return;
    }
    connected = false;
    rosterSent = false;
    connection = null;
    ImFailure failure = error == null ? FailureMapper.serverClosed() : FailureMapper.connectionLost(error);
    log.info("Account {} lost its connection: {} ({})", request.accountId(), failure.code(),
        error == null ? "closed by the server" : error.toString());
    if (failure.retryAfter(true)) {
      // A connection the server ends the same way each time right after sign-in is given up.
      reconnects.schedule(failure, this::attempt, this::giveUp);
    } else {
      giveUp(failure);
    }
  }

  private void giveUp(ImFailure failure) {
    closed = true;
    events.state(ConnectionState.FAILED, failure);
    onGone.run();
  }

  private XMPPTCPConnection open() {
    XMPPTCPConnection conn = factory.create(request, resource);
    conn.addConnectionListener(new ConnectionListener() {
      @Override
      public void connectionClosed() {
        context.runOnContext(events.logContext().wrap(v -> onClosed(conn, null)));
      }

      @Override
      public void connectionClosedOnError(Exception e) {
        context.runOnContext(events.logContext().wrap(v -> onClosed(conn, e)));
      }
    });
    Roster roster = Roster.getInstanceFor(conn);
    // Requests reach the user instead of being answered by Smack.
    roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
    roster.setRosterLoadedAtLogin(false);
    roster.addRosterListener(new RosterChanges(conn, roster));
    conn.addSyncStanzaListener(stanza -> onMessage(conn, (Message) stanza), MessageTypeFilter.NORMAL_OR_CHAT);
    conn.addSyncStanzaListener(stanza -> onBounce(conn, (Message) stanza), MessageTypeFilter.ERROR);
    conn.addSyncStanzaListener(stanza -> onSubscribe(conn, stanza), PresenceTypeFilter.SUBSCRIBE);
    // Announces XEP-0085 support in service discovery.
    ChatStateManager.getInstance(conn);
    // A silently dead TCP connection is only noticed by a ping that goes unanswered.
    PingManager ping = PingManager.getInstanceFor(conn);
    ping.setPingInterval(config.pingIntervalSeconds());
    ping.registerPingFailedListener(() -> context.runOnContext(events.logContext().wrap(v -> {
      // Reported first, so the close events of the shutdown below are ignored.
      onClosed(conn, new IOException("The IM server did not answer a ping."));
      blocking(() -> {
        conn.instantShutdown();
        return null;
      });
    })));
    return conn;
  }

  // ---- incoming, on Smack's threads ----

  private void onMessage(XMPPTCPConnection conn, Message message) {
    if (message.getFrom() == null) {
      return;
    }
    String from = message.getFrom().asBareJid().toString();
    String body = message.getBody();
    if (body != null) {
      Date delayed = DelayInformationManager.getDelayTimestamp(message);
      long ts = delayed != null ? delayed.getTime() : System.currentTimeMillis();
      JsonObject event = new JsonObject().put("from", from).put("text", body).put("ts", ts);
      onContext(conn, () -> events.send(NodeEvent.MESSAGE_RECEIVED, event));
      return;
    }
    for (ExtensionElement extension : message.getExtensions()) {
      if (extension instanceof ChatStateExtension chatState) {
        JsonObject event = new JsonObject().put("from", from)
            .put("state", RosterJson.typingState(chatState.getChatState()));
        onContext(conn, () -> events.send(NodeEvent.TYPING, event));
        return;
      }
    }
  }

  /** An error answering one of our messages: that message was not delivered. */
  private void onBounce(XMPPTCPConnection conn, Message bounce) {
    String messageId = Bounces.messageId(bounce.getStanzaId());
    if (messageId == null || bounce.getFrom() == null) {
      return;
    }
    String to = bounce.getFrom().asBareJid().toString();
    JsonObject event = new JsonObject().put("messageId", messageId).put("to", to)
        .put("error", FailureCode.IM_ERROR.toJson(Bounces.text(to, bounce.getError())));
    log.info("Account {}: message {} to {} bounced ({})", request.accountId(), messageId, to,
        bounce.getError() == null ? "no condition" : bounce.getError().getCondition());
    onContext(conn, () -> events.send(NodeEvent.MESSAGE_FAILED, event));
  }

  private void onSubscribe(XMPPTCPConnection conn, Stanza presence) {
    if (presence.getFrom() == null) {
      return;
    }
    JsonObject event = new JsonObject().put("from", presence.getFrom().asBareJid().toString());
    onContext(conn, () -> events.send(NodeEvent.SUBSCRIPTION_REQUEST, event));
  }

  /** Runs {@code action} on the context if {@code conn} is still this account's connection. */
  private void onContext(XMPPTCPConnection conn, Runnable action) {
    context.runOnContext(events.logContext().wrap(v -> {
      if (!closed && conn == connection) {
        action.run();
      }
    }));
  }

  /** Roster pushes and presence changes, turned into events once the full roster has gone out. */
  private final class RosterChanges implements RosterListener {
    private final XMPPTCPConnection conn;
    private final Roster roster;

    RosterChanges(XMPPTCPConnection conn, Roster roster) {
      this.conn = conn;
      this.roster = roster;
    }

    @Override
    public void entriesAdded(Collection<Jid> jids) {
      changed(jids);
    }

    @Override
    public void entriesUpdated(Collection<Jid> jids) {
      changed(jids);
    }

    @Override
    public void entriesDeleted(Collection<Jid> jids) {
      for (Jid jid : jids) {
        JsonObject event = new JsonObject().put("jid", jid.asBareJid().toString());
        afterRoster(() -> events.send(NodeEvent.CONTACT_REMOVED, event));
      }
    }

    @Override
    public void presenceChanged(Presence presence) {
      if (presence.getFrom() == null) {
        return;
      }
      BareJid jid = presence.getFrom().asBareJid();
      if (jid.equals(request.jid())) {
        return;
      }
      // The best of the contact's resources, as one contact shows one presence.
      JsonObject event = RosterJson.presence(jid.toString(), roster.getPresence(jid));
      onContext(conn, () -> events.send(NodeEvent.PRESENCE, event));
    }

    private void changed(Collection<Jid> jids) {
      for (Jid jid : jids) {
        RosterEntry entry = roster.getEntry(jid.asBareJid());
        if (entry != null) {
          JsonObject event = new JsonObject().put("contact", RosterJson.contact(entry));
          afterRoster(() -> events.send(NodeEvent.CONTACT_UPDATED, event));
        }
      }
    }

    /** Changes before the full roster went out are already in it. */
    private void afterRoster(Runnable action) {
      onContext(conn, () -> {
        if (rosterSent) {
          action.run();
        }
      });
    }
  }

  // ---- commands, called on the context ----

  /** {@code messageId} (may be null) becomes the stanza id, so that a bounce can be matched to it. */
  Future<Void> sendMessage(EntityBareJid to, String text, String messageId) {
    return withConnection(conn -> conn.sendStanza((messageId == null ? conn.getStanzaFactory()
            : new StanzaFactory(() -> Bounces.stanzaId(messageId))).buildMessageStanza()
        .to(to)
        .ofType(Message.Type.chat)
        .setBody(text)
        // XEP-0085: a message also says the user is no longer typing.
        .addExtension(new ChatStateExtension(ChatState.active))
        .build()));
  }

  Future<Void> sendTyping(EntityBareJid to, ChatState state) {
    return withConnection(conn -> conn.sendStanza(conn.getStanzaFactory().buildMessageStanza()
        .to(to)
        .ofType(Message.Type.chat)
        .addExtension(new ChatStateExtension(state))
        .build()));
  }

  /** Remembered for reconnects; sent now if connected. */
  Future<Void> setPresence(OwnPresence presence) {
    ownPresence = presence;
    if (!connected) {
      return Future.succeededFuture();
    }
    return withConnection(conn -> conn.sendStanza(presenceStanza(conn, presence)));
  }

  Future<Void> addContact(EntityBareJid jid, String name, String group) {
    String[] groups = group == null || group.isBlank() ? new String[0] : new String[] {group};
    return withConnection(conn -> Roster.getInstanceFor(conn).createItemAndRequestSubscription(jid, name, groups));
  }

  Future<Void> removeContact(EntityBareJid jid) {
    return withConnection(conn -> {
      Roster roster = Roster.getInstanceFor(conn);
      RosterEntry entry = roster.getEntry(jid);
      if (entry != null) {
        roster.removeEntry(entry);
      }
    });
  }

  /** Approve: allow them to see us and ask to see them. Deny: refuse. */
  Future<Void> answerSubscription(EntityBareJid jid, boolean approve) {
    return withConnection(conn -> {
      conn.sendStanza(conn.getStanzaFactory().buildPresenceStanza()
          .ofType(approve ? Presence.Type.subscribed : Presence.Type.unsubscribed)
          .to(jid)
          .build());
      if (approve) {
        Roster roster = Roster.getInstanceFor(conn);
        RosterEntry entry = roster.getEntry(jid);
        if (entry == null || (!entry.canSeeHisPresence() && !entry.isSubscriptionPending())) {
          roster.sendSubscriptionRequest(jid);
        }
      }
    });
  }

  /** Closes the connection; with {@code report}, tells the session the account is disconnected. */
  @Override
  public Future<Void> close(boolean report) {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    connected = false;
    reconnects.cancel();
    XMPPTCPConnection conn = connection;
    connection = null;
    if (report) {
      events.state(ConnectionState.DISCONNECTED, null);
    }
    return conn == null ? Future.succeededFuture() : shutdown(conn);
  }

  private Future<Void> shutdown(XMPPTCPConnection conn) {
    return blocking(() -> {
      if (conn.isConnected()) {
        conn.disconnect();
      } else {
        // A connect still in progress is cut short.
        conn.instantShutdown();
      }
      return null;
    });
  }

  private static Presence presenceStanza(XMPPTCPConnection conn, OwnPresence presence) {
    return conn.getStanzaFactory().buildPresenceStanza()
        .ofType(Presence.Type.available)
        .setMode(RosterJson.mode(presence.show()))
        .setStatus(presence.status().isEmpty() ? null : presence.status())
        .build();
  }

  @FunctionalInterface
  interface SmackTask {
    void run(XMPPTCPConnection conn) throws Exception;
  }

  private Future<Void> withConnection(SmackTask task) {
    XMPPTCPConnection conn = connection;
    if (!connected || conn == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return this.<Void>serial(() -> {
      task.run(conn);
      return null;
    }).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  private <T> Future<T> serial(Callable<T> task) {
    Future<T> result = queue.transform(ignored -> blocking(task));
    queue = result.transform(ignored -> Future.succeededFuture());
    return result;
  }

  /** Runs a blocking Smack call on the node's workers; the result comes back on the context. */
  private <T> Future<T> blocking(Callable<T> task) {
    Promise<T> promise = Promise.promise();
    workers.<T>executeBlocking(task, false)
        .onComplete(ar -> context.runOnContext(events.logContext().wrap(v -> promise.handle(ar))));
    return promise.future();
  }

  private ParleyException commandFailure(Throwable e) {
    if (e instanceof ParleyException p) {
      return p;
    }
    if (e instanceof SmackException.NotConnectedException || e instanceof SmackException.NotLoggedInException) {
      return FailureCode.NOT_CONNECTED.exception(null);
    }
    if (e instanceof XMPPException.XMPPErrorException x) {
      return FailureCode.IM_ERROR.exception("The IM server refused that (" + x.getStanzaError().getCondition() + ").");
    }
    if (e instanceof SmackException.NoResponseException) {
      return FailureCode.IM_ERROR.exception(FailureMapper.NO_ANSWER);
    }
    log.warn("Command for account {} failed", request.accountId(), e);
    return FailureCode.INTERNAL.exception(null);
  }
}
