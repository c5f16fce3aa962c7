package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Capability;
import parley.contract.NodeEvent;
import parley.contract.ParleyException;
import parley.contract.ServerFeature;
import parley.contract.node.ArchiveSynced;
import parley.contract.node.AvatarChanged;
import parley.contract.node.BlocklistChanged;
import parley.contract.node.BookmarksChanged;
import parley.contract.node.ConnectionStateChanged;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.ContactRemoved;
import parley.contract.node.ContactUpdated;
import parley.contract.node.Failure;
import parley.contract.node.MessageCorrected;
import parley.contract.node.MessageFailed;
import parley.contract.node.MessageReceived;
import parley.contract.node.MessageRetracted;
import parley.contract.node.MessageStatusChanged;
import parley.contract.node.NodeEventEnvelope;
import parley.contract.node.OwnMessage;
import parley.contract.node.Roster;
import parley.contract.node.SubscriptionRequest;
import parley.contract.node.Typing;
import parley.contract.browser.ArchiveGapEvent;
import parley.contract.browser.BlocklistEvent;
import parley.contract.browser.ContactRemovedEvent;
import parley.contract.browser.ContactUpdatedEvent;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.MessageUpdatedEvent;
import parley.contract.browser.PresenceEvent;
import parley.contract.browser.PresenceView;
import parley.contract.browser.RosterEvent;
import parley.contract.browser.SubscriptionRequestEvent;
import parley.contract.browser.TypingEvent;

/** Turns what protocol nodes report into the user's state, history and browser events. */
final class ImEvents {
  private static final Logger log = LoggerFactory.getLogger(ImEvents.class);

  private final Sessions sessions;
  private final HistoryStore history;
  private final IdlePolicy idle;
  private final Storage storage;
  private final NodeLink nodes;
  private final UserStateStore state;
  private final RoomChats rooms;
  /** Whether a node is draining or lost with its process: a connection there is on its way out. */
  private final Predicate<String> leaving;
  /** Told when a contact leaves a roster: it leaves its person too. */
  private final People people;

  private final Networks networks;

  ImEvents(Sessions sessions, HistoryStore history, IdlePolicy idle, Storage storage, NodeLink nodes, UserStateStore state,
           RoomChats rooms, Predicate<String> leaving, People people, Networks networks) {
    this.people = people;
    this.networks = networks;
    this.rooms = rooms;
    this.leaving = leaving;
    this.storage = storage;
    this.nodes = nodes;
    this.state = state;
    this.sessions = sessions;
    this.history = history;
    this.idle = idle;
  }

  /** A node event as it came off the bus: its envelope is read here, once. */
  Future<Void> handle(JsonObject json) {
    NodeEventEnvelope event;
    try {
      event = NodeEventEnvelope.fromJson(json);
    } catch (ParleyException bad) {
      log.warn("Dropped a node event whose envelope is malformed: {}", bad.getMessage());
      return Future.succeededFuture();
    }
    LogContext ids = LogContext.of(event.userId(), json);
    return sessions.get(event.userId()).compose(user -> ids.call(() -> {
      log.debug("Node event {}", event.type());
      AccountSession a = user.accounts.get(event.accountId());
      if (a == null) {
        return Future.succeededFuture();
      }
      String nodeId = event.nodeId();
      if ((a.moving || a.movedFrom != null) && nodeId != null) {
        Future<Void> moved = duringMove(user, a, nodeId, event);
        if (moved != null) {
          return moved;
        }
      }
      if (!fromHoldingNode(a, nodeId)) {
        if (a.opened || nodeId == null) {
          if (a.strayPossible && nodeId != null && connectedState(event)) {
            // A node took a connect whose answer never came (it was asked again elsewhere): not the account's.
            log.info("Account {}: closing the connection on node {} that an unanswered connect opened", a.id(), nodeId);
            nodes.letGo(nodeId, a);
          }
          // A connection this process let go of (old node, replaced connection): ignored.
          return Future.succeededFuture();
        }
        if (a.nodeId != null && !closedState(event)) {
          return secondConnection(user, a, nodeId, event);
        }
        adopt(user, a, nodeId, event);
      }
      if (replacedConnectionState(a, event)) {
        log.debug("Account {}: ignored the {} state of connection {}, since replaced", a.id(), state(event), event.connectionId());
        return Future.succeededFuture();
      }
      return apply(user, a, event);
    }));
  }

  /**
   * An event while a drain moves the account, from one of its two connections; null when it takes
   * the usual way (the old connection, still the account's, serving as before). The new connection
   * counts once it reports connected; until the old one has closed, a received message from the
   * one that is not the account's is stored too if it carries the server's stanza id (so it is
   * stored once whichever comes first), else left to the other. Nothing of the move reaches the
   * page but the messages.
   */
  private Future<Void> duringMove(UserSession user, AccountSession a, String nodeId, NodeEventEnvelope e) {
    String type = e.type();
    String state = state(e);
    if (a.moving && nodeId.equals(a.movingTo)) {
      if (ConnectionState.CONNECTED.equals(state)) {
        switchOver(user, a, e.connectionId());
        return apply(user, a, e);
      }
      if (state != null && !ConnectionState.CONNECTING.equals(state)) {
        log.warn("Account {} did not move: the new connection on node {} reported {}", a.id(), nodeId, state);
        moveFailed(user, a);
      }
      return storedOnce(user, a, e);
    }
    if (a.moving && nodeId.equals(a.nodeId)) {
      if (state != null && !ConnectionState.CONNECTED.equals(state)) {
        // The new login ended the old one (OSCAR allows one login per screen name): expected, not shown.
        a.heldBack = e;
        return Future.succeededFuture();
      }
      return null;
    }
    if (nodeId.equals(a.movedFrom)) {
      if (ConnectionState.DISCONNECTED.equals(state) || ConnectionState.FAILED.equals(state)) {
        log.info("Account {} moved: its old connection on node {} is closed", a.id(), nodeId);
        a.movedFrom = null;
      } else if (NodeEvent.MOVE_ASKED.equals(type)) {
        // The draining node asks again: the new connection never said it had caught up.
        nodes.letGo(nodeId, a);
      }
      return storedOnce(user, a, e);
    }
    return null;
  }

  /**
   * A received message from the connection that is not the account's: stored when it carries the
   * server's stanza id (once: the id decides), or when the network allows one sign-on at a time
   * (OSCAR: the new sign-on ended the old, so only one of them ever receives it); anything else is
   * dropped (the account's connection reports it).
   */
  private Future<Void> storedOnce(UserSession user, AccountSession a, NodeEventEnvelope e) {
    if (NodeEvent.MESSAGE_RECEIVED.equals(e.type())) {
      MessageReceived m = parsed(e, MessageReceived::fromJson);
      if (m != null && (m.stanzaId() != null || networks.can(a, Capability.ONE_LOGIN_AT_A_TIME))) {
        return messageReceived(user, a, m, e);
      }
    }
    return Future.succeededFuture();
  }

  /** The new connection is up: from now on it is the account's; the old one closes once the new one caught up. */
  private void switchOver(UserSession user, AccountSession a, String connectionId) {
    String old = a.nodeId;
    log.info("Account {} moved from node {} to node {}", a.id(), old, a.movingTo);
    a.nodeId = a.movingTo;
    a.connectionId = connectionId;
    a.movingTo = null;
    a.moving = false;
    a.heldBack = null;
    a.movedFrom = old;
    nodes.recordNode(user, a);
    if (!networks.can(a, Capability.ARCHIVE)) {
      // Only a network with an archive catches up from it (archive-synced); elsewhere the old connection closes now.
      nodes.letGo(old, a);
    }
    nodes.moveSettled(a);
  }

  /** No new connection came: the old one stays the account's (and what it reported meanwhile is applied now). */
  private void moveFailed(UserSession user, AccountSession a) {
    NodeEventEnvelope heldBack = a.heldBack;
    String to = a.movingTo;
    a.moving = false;
    a.movingTo = null;
    a.heldBack = null;
    if (to != null) {
      nodes.letGo(to, a);
    }
    if (heldBack != null) {
      connectionState(user, a, heldBack);
    }
    nodes.moveSettled(a);
  }

  /**
   * A connection this process did not open reports while another, on {@code a.nodeId}, is known to
   * hold the account: a drain's move that an earlier owner of the shard started, or switched over,
   * and did not finish before the shard came here (handed over or taken from a killed owner). One
   * is kept, the other closed as a finished move closes it ({@code movedFrom}): adopting whichever
   * reported last would ask each node for a resync at every turn, whose events turn it back again,
   * a loop that floods the shard (issue 11). The reporting one is kept unless its node is leaving
   * (draining or lost) and the known one's is not.
   */
  private Future<Void> secondConnection(UserSession user, AccountSession a, String nodeId, NodeEventEnvelope e) {
    String known = a.nodeId;
    if (leaving.test(nodeId) && !leaving.test(known)) {
      log.info("Account {} has a second connection, on leaving node {}: closing it; node {} holds the account",
          a.id(), nodeId, known);
      closing(a, nodeId);
      return storedOnce(user, a, e);
    }
    log.info("Account {} has a second connection, on node {}: it holds the account now; closing the one on node {}",
        a.id(), nodeId, known);
    // A move this process asked for whose connect answer has not come yet: this is its connection.
    a.moving = false;
    a.movingTo = null;
    a.heldBack = null;
    closing(a, known);
    adopt(user, a, nodeId, e);
    Future<Void> applied = apply(user, a, e);
    nodes.moveSettled(a);
    return applied;
  }

  /** The account's connection on the node is closed; its events count as the old connection's of a move until it says so. */
  private void closing(AccountSession a, String nodeId) {
    if (a.movedFrom != null && !a.movedFrom.equals(nodeId)) {
      nodes.letGo(a.movedFrom, a);
    }
    a.movedFrom = nodeId;
    nodes.letGo(nodeId, a);
  }

  /** The state a {@code connection-state} event reports; null for any other event or a malformed one. */
  private static String state(NodeEventEnvelope e) {
    if (!NodeEvent.CONNECTION_STATE.equals(e.type())) {
      return null;
    }
    try {
      return ConnectionStateChanged.fromJson(e.body()).state();
    } catch (ParleyException malformed) {
      // Logged when it is applied.
      return null;
    }
  }

  private static boolean connectedState(NodeEventEnvelope e) {
    return ConnectionState.CONNECTED.equals(state(e));
  }

  private static boolean closedState(NodeEventEnvelope e) {
    String state = state(e);
    return ConnectionState.DISCONNECTED.equals(state) || ConnectionState.FAILED.equals(state);
  }

  /**
   * A connection this process did not open (an earlier owner of the shard did): from now on it is
   * the account's connection, and its node is asked once for what this process missed.
   */
  private void adopt(UserSession user, AccountSession a, String nodeId, NodeEventEnvelope event) {
    if (closedState(event)) {
      // That node no longer holds it: nothing to adopt (the state is applied as it comes).
      return;
    }
    log.debug("Adopting account {} held by node {}", a.id(), nodeId);
    a.nodeId = nodeId;
    a.connectionId = event.connectionId();
    nodes.recordNode(user, a);
    nodes.resync(user, a);
  }

  /**
   * A state of a connection the account's connection has replaced on the same node (a disconnect
   * and a connect at once: the old one's close may come after the new connect went out).
   */
  private static boolean replacedConnectionState(AccountSession a, NodeEventEnvelope e) {
    return NodeEvent.CONNECTION_STATE.equals(e.type()) && a.connectionId != null && e.connectionId() != null
        && !a.connectionId.equals(e.connectionId());
  }

  /** Whether the event comes from the connection this process knows of. */
  private static boolean fromHoldingNode(AccountSession a, String nodeId) {
    if (a.nodeId != null) {
      return a.nodeId.equals(nodeId);
    }
    return a.active();
  }

  private Future<Void> apply(UserSession user, AccountSession a, NodeEventEnvelope e) {
    String type = e.type() == null ? "" : e.type();
    switch (type) {
      case NodeEvent.CONNECTION_STATE -> connectionState(user, a, e);
      case NodeEvent.ROSTER -> {
        Roster roster = parsed(e, Roster::fromJson);
        if (roster != null) {
          roster(user, a, roster);
        }
      }
      case NodeEvent.BLOCKLIST -> {
        BlocklistChanged b = parsed(e, BlocklistChanged::fromJson);
        if (b != null) {
          blocklist(user, a, b.jids());
        }
      }
      case NodeEvent.CONTACT_UPDATED -> {
        ContactUpdated c = parsed(e, ContactUpdated::fromJson);
        if (c != null) {
          contactUpdated(user, a, c.contact());
        }
      }
      case NodeEvent.CONTACT_REMOVED -> {
        ContactRemoved c = parsed(e, ContactRemoved::fromJson);
        if (c != null) {
          contactRemoved(user, a, c.jid());
        }
      }
      case NodeEvent.PRESENCE -> {
        ContactPresence p = parsed(e, ContactPresence::fromJson);
        if (p != null) {
          presence(user, a, p);
        }
      }
      case NodeEvent.TYPING -> {
        Typing t = parsed(e, Typing::fromJson);
        if (t != null) {
          user.events.signal(new TypingEvent(a.id(), t.from(), t.state()));
        }
      }
      case NodeEvent.SUBSCRIPTION_REQUEST -> {
        SubscriptionRequest r = parsed(e, SubscriptionRequest::fromJson);
        return r == null ? Future.succeededFuture() : subscriptionRequest(user, a, r.from());
      }
      case NodeEvent.MESSAGE_RECEIVED -> {
        MessageReceived m = parsed(e, MessageReceived::fromJson);
        return m == null ? Future.succeededFuture() : messageReceived(user, a, m, e);
      }
      case NodeEvent.MESSAGE_FAILED -> {
        MessageFailed f = parsed(e, MessageFailed::fromJson);
        return f == null ? Future.succeededFuture() : messageFailed(user, a, f, e.nodeId());
      }
      case NodeEvent.ARCHIVE_SYNCED -> {
        if (a.movedFrom != null) {
          // A moved account's new connection has caught up: the old one may close.
          nodes.letGo(a.movedFrom, a);
        }
        ArchiveSynced synced = parsed(e, ArchiveSynced::fromJson);
        return synced == null ? Future.succeededFuture() : archiveSynced(user, a, synced);
      }
      case NodeEvent.MOVE_ASKED -> nodes.move(user, a, () -> moveFailed(user, a));
      case NodeEvent.OWN_MESSAGE -> {
        OwnMessage m = parsed(e, OwnMessage::fromJson);
        return m == null ? Future.succeededFuture() : ownMessage(user, a, m, e);
      }
      case NodeEvent.MESSAGE_STATUS -> {
        MessageStatusChanged s = parsed(e, MessageStatusChanged::fromJson);
        return s == null ? Future.succeededFuture() : messageAcked(user, a, s, e.nodeId());
      }
      case NodeEvent.MESSAGE_CORRECTED -> {
        MessageCorrected c = parsed(e, MessageCorrected::fromJson);
        return c == null ? Future.succeededFuture() : messageEdited(user, a, c.peer(), c.own(), c.id(), c.text());
      }
      case NodeEvent.MESSAGE_RETRACTED -> {
        MessageRetracted r = parsed(e, MessageRetracted::fromJson);
        return r == null ? Future.succeededFuture() : messageEdited(user, a, r.peer(), r.own(), r.id(), null);
      }
      case NodeEvent.AVATAR -> {
        AvatarChanged changed = parsed(e, AvatarChanged::fromJson);
        if (changed != null) {
          avatar(user, a, changed);
        }
      }
      case NodeEvent.ROOM_STATE, NodeEvent.ROOM_OCCUPANT, NodeEvent.ROOM_SUBJECT, NodeEvent.ROOM_MESSAGE,
          NodeEvent.ROOM_INVITATION -> {
        return rooms.apply(user, a, e);
      }
      case NodeEvent.BOOKMARKS -> {
        BookmarksChanged b = parsed(e, BookmarksChanged::fromJson);
        return b == null ? Future.succeededFuture() : rooms.bookmarks(user, a, b);
      }
      default -> log.warn("Dropped a node event of unknown type {}", type);
    }
    return Future.succeededFuture();
  }

  private void connectionState(UserSession user, AccountSession a, NodeEventEnvelope e) {
    ConnectionStateChanged changed = parsed(e, ConnectionStateChanged::fromJson);
    if (changed == null) {
      return;
    }
    String state = changed.state();
    if (e.nodeId() != null && a.nodeId == null && a.active()) {
      a.nodeId = e.nodeId();
      nodes.recordNode(user, a);
    }
    if ((ConnectionState.DISCONNECTED.equals(state) || ConnectionState.FAILED.equals(state)) && a.nodeId != null) {
      a.nodeId = null;
      nodes.recordNode(user, a);
    }
    if (changed.features() != null) {
      a.features = features(changed.features());
      a.uploadMaxBytes = changed.uploadMaxBytes();
      if (!a.features.contains(ServerFeature.BLOCKING) && !a.blocked.isEmpty()) {
        // A server without blocking blocks no one.
        blocklist(user, a, List.of());
      }
    }
    NodeLink.setState(user, a, state, changed.error(), e.nodeId());
    if (!ConnectionState.CONNECTED.equals(state) && !a.presence.isEmpty()) {
      // Nothing is known of the contacts while the connection is down: show them offline.
      a.presence.clear();
      user.events.publish(new RosterEvent(a.id(), a.contactViews()));
    }
    if (ConnectionState.CONNECTED.equals(state)) {
      idle.startTimerIfIdle(user);
      rooms.connected(user, a);
    }
  }

  /** More than this many names of features, or longer ones, are not from a node of ours. */
  private static final int MAX_FEATURES = 32;

  private static List<String> features(List<String> offered) {
    List<String> out = new ArrayList<>();
    for (String name : offered) {
      if (name.length() <= 64 && out.size() < MAX_FEATURES) {
        out.add(name);
      }
    }
    return List.copyOf(out);
  }

  /** The account's whole blocklist on its IM server (XEP-0191), replacing what was known. */
  private void blocklist(UserSession user, AccountSession a, List<String> jids) {
    a.blocked.clear();
    for (String j : jids) {
      if (!j.isEmpty() && j.length() <= 3071 && a.blocked.size() < MAX_BLOCKED) {
        a.blocked.add(j);
      }
    }
    user.events.publish(new BlocklistEvent(a.id(), java.util.List.copyOf(a.blocked)));
  }

  /** The node keeps no more (parley.xmpp.Blocklist). */
  private static final int MAX_BLOCKED = 5000;

  private void roster(UserSession user, AccountSession a, Roster roster) {
    a.contacts.clear();
    roster.contacts().forEach(c -> a.contacts.put(c.jid(), c));
    a.avatars.keySet().retainAll(a.contacts.keySet());
    user.events.publish(new RosterEvent(a.id(), a.contactViews()));
  }

  private void contactUpdated(UserSession user, AccountSession a, Contact contact) {
    a.contacts.put(contact.jid(), contact);
    user.events.publish(new ContactUpdatedEvent(a.id(), a.contactView(contact.jid())));
  }

  private void contactRemoved(UserSession user, AccountSession a, String jid) {
    if (a.contacts.remove(jid) == null) {
      return;
    }
    a.presence.remove(jid);
    a.avatars.remove(jid);
    user.events.publish(new ContactRemovedEvent(a.id(), jid));
    people.contactGone(user, a.id(), jid);
  }

  /**
   * A roster contact's avatar changed: kept with the contact (a checked image, or none for an empty
   * hash), and the contact published again with the new hash; the page fetches the image itself.
   */
  private void avatar(UserSession user, AccountSession a, AvatarChanged e) {
    String jid = e.jid();
    if (!a.contacts.containsKey(jid)) {
      return;
    }
    Avatar avatar = Avatar.of(e);
    if (e.removed()) {
      if (a.avatars.remove(jid) == null) {
        return;
      }
    } else {
      a.avatars.put(jid, avatar.toJson());
    }
    user.events.publish(new ContactUpdatedEvent(a.id(), a.contactView(jid)));
  }

  private void presence(UserSession user, AccountSession a, ContactPresence presence) {
    String jid = presence.jid();
    String status = presence.status();
    PresenceView p = new PresenceView(presence.available(), presence.show(),
        status.length() > Limits.MAX_STATUS_CHARS ? status.substring(0, Limits.MAX_STATUS_CHARS) : status);
    a.presence.put(jid, p);
    user.events.publish(new PresenceEvent(a.id(), jid, p));
  }

  private Future<Void> subscriptionRequest(UserSession user, AccountSession a, String from) {
    if (from == null || user.subscriptionRequests.contains(UserSession.chatKey(a.id(), from))) {
      return Future.succeededFuture();
    }
    return storage.kept(user, "a subscription request from " + from,
        () -> state.addRequest(user.fence, user.userId, a.id(), from)).map(v -> {
      if (user.subscriptionRequests.add(UserSession.chatKey(a.id(), from))) {
        user.events.publish(new SubscriptionRequestEvent(a.id(), from));
      }
      return null;
    });
  }

  private Future<Void> messageReceived(UserSession user, AccountSession a, MessageReceived m, NodeEventEnvelope e) {
    String from = m.from();
    // PostgreSQL text cannot hold NUL (OSCAR can carry one): replaced, so the message is kept.
    String storable = m.text().replace('\u0000', '\uFFFD');
    Long sentTs = sentTime(m.ts());
    // XEP-0359/0313: the IM server's ids, so that a message is stored once and the next connect
    // asks its archive for what came after.
    String stanzaId = m.stanzaId();
    String archiveId = m.archiveId();
    String direction = m.outgoing() ? HistoryStore.OUT : HistoryStore.IN;
    if (archiveId != null) {
      a.archiveId = archiveId;
    }
    // The node's id for this event: sent again (its answer was lost), it is stored once.
    String eventId = e.eventId();
    // Kept whole: a peer's long message is theirs to send; only Parley users are limited. Kept in
    // memory while the database is away, and shown once it is stored.
    return storage.kept(user, "a message from " + from, () -> history.appendReceived(user.fence, user.userId, a.account,
        from, storable, sentTs, eventId, stanzaId, archiveId, direction, m.markerId(), m.remoteId())).map(message -> {
      if (message == null) {
        log.debug("Message (event {}, stanza {}) is stored already", eventId, stanzaId);
        return null;
      }
      if (HistoryStore.IN.equals(direction)) {
        user.unread.merge(UserSession.chatKey(a.id(), from), 1, Integer::sum);
      }
      user.events.publish(new MessageEvent(message));
      return null;
    });
  }

  /** An id of the IM server's archive as a node reports it, or null when there is none that can be right. */
  static String archiveId(Object id) {
    return id instanceof String s && !s.isEmpty() && s.length() <= 200 && s.indexOf('\u0000') < 0 ? s : null;
  }

  static final String NO_ARCHIVE_TEXT = "The server of %s keeps no message archive, so messages sent to you "
      + "while Parley was away may have been missed.";
  static final String INCOMPLETE_TEXT = "Not everything that arrived for %s while Parley was away could be "
      + "fetched from the server's archive; some messages may be missing.";

  /**
   * The node's catch-up from the IM server's archive ended: its position is kept for the next
   * connect, and the page is told when messages may have been missed.
   */
  private Future<Void> archiveSynced(UserSession user, AccountSession a, ArchiveSynced e) {
    boolean available = e.available();
    String lastId = archiveId(e.lastId());
    if (!available || !e.completed()) {
      user.events.publish(new ArchiveGapEvent(a.id(), available ? ArchiveGapEvent.INCOMPLETE : ArchiveGapEvent.NO_ARCHIVE,
          (available ? INCOMPLETE_TEXT : NO_ARCHIVE_TEXT).formatted(a.account.login())));
    }
    if (!available || lastId == null) {
      return Future.succeededFuture();
    }
    a.archiveId = lastId;
    return storage.kept(user, "the archive position of " + a.id(),
        () -> history.setArchiveId(user.userId, a.id(), lastId));
  }

  /** The event's typed body, or null (logged) when the node sent a malformed one: none of it is applied. */
  private static <T> T parsed(NodeEventEnvelope e, Function<JsonObject, T> fromJson) {
    try {
      return fromJson.apply(e.body());
    } catch (ParleyException bad) {
      log.warn("Dropped a malformed {} event from node {}: {}", e.type(), e.nodeId(), bad.getMessage());
      return null;
    }
  }

  /**
   * The peer corrected ({@code text}) or took back ({@code text} null) one of its messages: only
   * its own (the chat with {@code peer}), found by the id its client gave it; or, {@code own}, the
   * person did so on another client, to a message that client sent to {@code peer}.
   */
  private Future<Void> messageEdited(UserSession user, AccountSession a, String peer, boolean own, String id, String text) {
    boolean correction = text != null;
    String storable = text == null ? null : text.replace('\u0000', '\uFFFD');
    return storage.kept(user, (correction ? "a correction" : "a retraction") + " from " + peer,
        () -> history.edit(user.userId, a.id(), own ? HistoryStore.OUT : HistoryStore.IN, peer, id, storable)).map(message -> {
      if (message != null) {
        user.events.publish(new MessageUpdatedEvent(message));
      }
      return null;
    });
  }

  static final int MAX_MARKER_ID_CHARS = 256;

  /**
   * What the person sent from another of their clients: stored as their own sent message and
   * shown in every tab, without counting as unread.
   */
  private Future<Void> ownMessage(UserSession user, AccountSession a, OwnMessage m, NodeEventEnvelope e) {
    String to = m.to();
    String storable = m.text().replace('\u0000', '\uFFFD');
    Long sentTs = sentTime(m.ts());
    return storage.kept(user, "a message sent to " + to + " from another client",
        () -> history.storeOwn(user.fence, user.userId, a.id(), to, storable, sentTs, m.remoteId(),
            m.stanzaId(), e.eventId())).map(message -> {
      if (message == null) {
        // Stored already: from the server's archive (same stanza id) or this very event, sent again.
        return null;
      }
      user.events.publish(new MessageEvent(message));
      return null;
    });
  }

  /**
   * The peer's client got or saw a message Parley sent: delivered or read, if the message is this
   * account's and was sent to that peer (nobody else can mark it).
   */
  private Future<Void> messageAcked(UserSession user, AccountSession a, MessageStatusChanged e, String nodeId) {
    String messageId = e.messageId();
    String from = e.from();
    String status = e.status();
    if (!messageId.matches("[0-9]{1,18}")) {
      log.warn("Dropped a message-status event without a history id from node {}", nodeId);
      return Future.succeededFuture();
    }
    return storage.kept(user, "the " + status + " status of message " + messageId,
        () -> history.markAcked(user.userId, a.id(), from, Long.parseLong(messageId), status)).map(changed -> {
      changed.forEach(message -> user.events.publish(new MessageStatusEvent(message)));
      return null;
    });
  }

  /** The sent time a node reports (XEP-0203), if it can be right: after 1970, not a day ahead. */
  private static Long sentTime(Object ts) {
    if (ts instanceof Number n && n.longValue() > 0 && n.longValue() < System.currentTimeMillis() + 86_400_000L) {
      return n.longValue();
    }
    return null;
  }

  /** The IM server bounced a message: mark it failed, if it is this user's and account's. */
  private Future<Void> messageFailed(UserSession user, AccountSession a, MessageFailed e, String nodeId) {
    String messageId = e.messageId();
    if (!messageId.matches("[0-9]{1,18}")) {
      log.warn("Dropped a message-failed event without a history id from node {}", nodeId);
      return Future.succeededFuture();
    }
    Failure error = bounceError(e.error());
    return storage.kept(user, "the failure of message " + messageId,
        () -> history.markFailed(user.userId, a.id(), Long.parseLong(messageId), error)).map(message -> {
      if (message != null) {
        user.events.publish(new MessageStatusEvent(message));
      }
      return null;
    });
  }

  /** The node's reason, with a known code and a bounded text. */
  private static Failure bounceError(Failure error) {
    FailureCode failure = FailureCode.IM_ERROR;
    for (FailureCode c : FailureCode.values()) {
      if (error != null && c.name().equals(error.code())) {
        failure = c;
      }
    }
    String text = error == null ? null : error.text().replace('\u0000', '\uFFFD');
    if (text != null && text.length() > Limits.MAX_STATUS_CHARS) {
      text = text.substring(0, Limits.MAX_STATUS_CHARS);
    }
    return Failure.of(failure, text == null || text.isBlank() ? "The IM server could not deliver this message." : text);
  }
}
