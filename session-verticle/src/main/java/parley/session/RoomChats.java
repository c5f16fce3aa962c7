package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Capability;
import parley.contract.NodeCommand;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeEvent;
import parley.contract.ParleyException;
import parley.contract.ServerFeature;
import parley.contract.browser.RoomDecline;
import parley.contract.browser.RoomInvite;
import parley.contract.browser.RoomJoin;
import parley.contract.browser.RoomLeave;
import parley.contract.node.BookmarksChanged;
import parley.contract.node.DeclineInvitation;
import parley.contract.node.InviteToRoom;
import parley.contract.node.JoinRoom;
import parley.contract.node.NodeEventEnvelope;
import parley.contract.node.RoomArchivePage;
import parley.contract.node.RoomArchivedMessage;
import parley.contract.node.RoomJoined;
import parley.contract.node.LeaveRoom;
import parley.contract.node.RemoveBookmark;
import parley.contract.node.RoomArchiveQuery;
import parley.contract.node.RoomInvitation;
import parley.contract.node.RoomMessage;
import parley.contract.node.RoomOccupant;
import parley.contract.node.RoomState;
import parley.contract.node.RoomSubject;
import parley.contract.node.SendRoomMessage;
import parley.contract.node.SetBookmark;
import parley.contract.node.SetRoomSubject;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.StoredMessage;
import parley.contract.browser.RoomEvent;
import parley.contract.browser.RoomInvitationDeclinedEvent;
import parley.contract.browser.RoomInvitationEvent;
import parley.contract.browser.RoomOccupantEvent;
import parley.contract.browser.OccupantView;
import parley.contract.browser.RoomView;

/**
 * Group chats (XMPP: XEP-0045; IRC: channels) in the session, addressed by the network's room rule: the browser's room commands, the node's room events,
 * the rooms each account is in (kept, and joined again after each connect) and the rooms' messages
 * in history. A room's message is stored once per room (by the room's stanza id); one the person
 * sent stays pending until the room reflects it. A room's password is kept sealed as IM passwords are
 * (for the next join), goes to the node and into the room's bookmark, and never to a page.
 */
final class RoomChats {
  private static final Logger log = LoggerFactory.getLogger(RoomChats.class);

  /** Invitations kept per account for pages that attach later; the oldest goes first. */
  private static final int MAX_INVITATIONS = 50;
  /** Occupants kept per room (the node reports no more). */
  private static final int MAX_OCCUPANTS = 2000;
  private static final int MAX_NICK_CHARS = RoomJoin.MAX_NICK_CHARS;

  private final HistoryStore history;
  private final RoomStore store;
  private final Storage storage;
  private final NodeLink nodes;
  private final CredentialCipher cipher;
  /** Pages of rooms' archives per user: each costs the room's server a disco and a query. */
  private final UserBudgets archivePages;
  private final Networks networks;

  RoomChats(HistoryStore history, RoomStore store, Storage storage, NodeLink nodes, CredentialCipher cipher,
      UserBudgets archivePages, Networks networks) {
    this.networks = networks;
    this.history = history;
    this.store = store;
    this.storage = storage;
    this.nodes = nodes;
    this.cipher = cipher;
    this.archivePages = archivePages;
  }

  // ---- browser commands ----

  /** The account may have rooms: its network has group chats and its server a group chat service, else why not. */
  private void requireRooms(AccountSession a) {
    networks.require(a, Capability.GROUP_CHATS);
    if (a.features != null && !a.features.contains(ServerFeature.ROOMS)) {
      throw FailureCode.IM_ERROR.exception("The server of " + a.account.login()
          + " offers no group chats (it lists no XEP-0045 service), so rooms cannot be joined from this account.");
    }
  }

  Future<JsonObject> join(UserSession user, RoomJoin c) {
    AccountSession a = user.account(c.accountId());
    requireRooms(a);
    String room = Fields.address("room", c.room(), networks.room(a));
    String nick = c.nick();
    String password = c.password();
    return nodes.command(a, new JoinRoom(room, nick, password)).map(RoomJoined::fromJson)
        .compose(joined -> {
          a.invitations.remove(room);
          String took = joined.nick();
          // Bookmarked on the server too (where the network keeps bookmarks), so the person's other clients join it as well.
          if (networks.takes(a, NodeCommand.SET_BOOKMARK)) {
            nodes.command(a, new SetBookmark(room, took, null, true, password))
                .onFailure(e -> log.info("Room {} not bookmarked: {}", room, e.getMessage()));
          }
          return storage.kept(user, "the room " + room, () -> store.add(user.fence, user.userId, a.id(), room, took,
                  seal(a, room, password)))
              .map(v -> joined.toJson());
        });
  }

  /** Out of the room, and no longer joined after a connect; while offline it is only forgotten. */
  Future<JsonObject> leave(UserSession user, RoomLeave c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.GROUP_CHATS);
    String room = Fields.address("room", c.room(), networks.room(a));
    Future<JsonObject> left = a.connected() && a.nodeId != null
        ? nodes.command(a, new LeaveRoom(room))
            .onSuccess(v -> {
              if (networks.takes(a, NodeCommand.REMOVE_BOOKMARK)) {
                nodes.command(a, new RemoveBookmark(room))
                    .onFailure(e -> log.info("The bookmark of room {} not removed: {}", room, e.getMessage()));
              }
            })
        : Future.succeededFuture(new JsonObject());
    return left.compose(v -> forget(user, a, room)).map(v -> new JsonObject());
  }

  /** No longer kept nor shown: a {@code room} event with {@code "state": "gone"}. */
  private Future<Void> forget(UserSession user, AccountSession a, String room) {
    return storage.kept(user, "leaving the room " + room, () -> store.remove(user.fence, a.id(), room))
        .map(v -> {
          a.occupants.remove(room);
          if (a.rooms.remove(room) != null) {
            user.events.publish(new RoomEvent(a.id(), RoomView.gone(room)));
          }
          return null;
        });
  }

  Future<JsonObject> subject(UserSession user, parley.contract.browser.RoomSubject c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.GROUP_CHATS);
    String room = Fields.address("room", c.room(), networks.room(a));
    return nodes.command(a, new SetRoomSubject(room, c.subject()));
  }

  Future<JsonObject> invite(UserSession user, RoomInvite c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.GROUP_CHATS);
    String room = Fields.address("room", c.room(), networks.room(a));
    String jid = Fields.address("jid", c.jid(), networks.contact(a));
    return nodes.command(a, new InviteToRoom(room, jid, c.reason()));
  }

  /** Declines an invitation: told to the inviter through the room, and gone from every page. */
  Future<JsonObject> decline(UserSession user, RoomDecline c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.GROUP_CHATS);
    String room = Fields.address("room", c.room(), networks.room(a));
    String jid = Fields.address("jid", c.jid(), networks.contact(a));
    return nodes.command(a, new DeclineInvitation(room, jid, c.reason())).map(v -> {
          a.invitations.remove(room);
          user.events.publish(new RoomInvitationDeclinedEvent(a.id(), room));
          return v;
        });
  }

  /** Whether {@code peer} is a room the account is in: a message to it goes to the room. */
  static boolean isRoom(AccountSession a, String peer) {
    return a.rooms.containsKey(peer);
  }

  /**
   * A stored pending message goes to the room; it stays pending until the room reflects it
   * ({@link #message}); a refusal makes it failed, as for a 1:1 message.
   */
  Future<Void> send(AccountSession a, String room, long id, String text) {
    return nodes.command(a, new SendRoomMessage(room, text, String.valueOf(id))).mapEmpty();
  }

  /**
   * Older messages of a room from the ROOM's archive (XEP-0313 asked of the room), before the room's
   * stanza id {@code before} (or the newest), oldest first with each sender's nick. Shown, not stored,
   * like a 1:1 chat's archive page: history keeps its order (by id), which older messages stored
   * now would break.
   */
  Future<JsonObject> archivePage(UserSession user, AccountSession a, String room, String before, int max) {
    archivePages.take(user.userId, System.nanoTime());
    return nodes.command(a, new RoomArchiveQuery(room, before, max)).map(RoomArchivePage::fromJson).map(page -> {
          List<StoredMessage> messages = new ArrayList<>();
          for (RoomArchivedMessage m : page.messages()) {
            messages.add(StoredMessage.archived(a.id(), room, HistoryStore.IN, m.nick(), m.text().replace('\u0000', '\uFFFD'),
                m.ts(), m.stanzaId()));
          }
          return new JsonObject().put("messages", StoredMessage.jsonArray(messages)).put("complete", page.complete());
        });
  }

  // ---- the connection's life ----

  /** After each connect: the rooms the account is in, joined again (a node that holds them already just says so). */
  void connected(UserSession user, AccountSession a) {
    // Rooms are kept only for networks with group chats; while no node described the network, the store says.
    if (networks.cannot(a, Capability.GROUP_CHATS)) {
      return;
    }
    // In order with the user's writes: a room joined after this connect is not read here and joined twice.
    user.inOrder(() -> store.list(a.id())).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("The rooms of account {} could not be read; they are not joined now", a.id(), ar.cause());
        return;
      }
      ar.result().forEach((room, kept) -> nodes.command(a, new JoinRoom(room, kept.nick(), unseal(a, room, kept)))
          .onFailure(e -> log.info("Room {} of account {} not joined again: {}", room, a.id(), e.getMessage())));
    });
  }

  /** A room's password sealed for the database, bound to the account and the room (another row's cannot be swapped in). */
  private byte[] seal(AccountSession a, String room, String password) {
    return password == null ? null : cipher.encrypt(password, sealedFor(a, room));
  }

  private String unseal(AccountSession a, String room, RoomStore.Kept kept) {
    if (kept.sealedPassword() == null) {
      return null;
    }
    try {
      return cipher.decrypt(kept.sealedPassword(), sealedFor(a, room));
    } catch (GeneralSecurityException e) {
      // Another credential key (or a damaged row): joined without it, and the room says it needs one.
      log.warn("The password of room {} of account {} could not be decrypted; joined without it", room, a.id());
      return null;
    }
  }

  private static String sealedFor(AccountSession a, String room) {
    return a.id() + " room " + room;
  }

  // ---- node events ----

  /** More bookmarks than the node reports are not read. */
  private static final int MAX_BOOKMARKS = 500;

  /**
   * The account's room bookmarks on its server: those to join automatically that the account is
   * not in yet (bookmarked on another client) are kept and joined, with the bookmark's nickname or
   * else the account's name; a kept room whose bookmark another client removed ({@code removed}: the
   * person left it there) is left here too.
   */
  Future<Void> bookmarks(UserSession user, AccountSession a, BookmarksChanged e) {
    return store.list(a.id()).compose(kept -> {
      Future<Void> all = Future.succeededFuture();
      int n = 0;
      for (BookmarksChanged.Room b : e.rooms()) {
        if (n++ >= MAX_BOOKMARKS || !b.autojoin()) {
          continue;
        }
        String room = b.room();
        if (!isRoomAddress(a, room) || kept.containsKey(room)) {
          continue;
        }
        String bookmarkNick = bounded(b.nick(), MAX_NICK_CHARS);
        String nick = bookmarkNick != null && !bookmarkNick.isBlank() ? bookmarkNick : localPart(a.account.login());
        String given = bounded(b.password(), 256);
        String password = given == null || given.isEmpty() ? null : given;
        all = all.compose(v -> storage.kept(user, "the bookmarked room " + room,
            () -> store.add(user.fence, user.userId, a.id(), room, nick, seal(a, room, password))).onSuccess(stored -> nodes.command(a, new JoinRoom(room, nick, password))
            .onFailure(err -> log.info("Bookmarked room {} not joined: {}", room, err.getMessage()))));
      }
      for (String room : e.removed()) {
        if (kept.containsKey(room) && n++ < MAX_BOOKMARKS) {
          // Out of the room on the node (whatever it answers: the person left it elsewhere), then forgotten here.
          all = all.compose(v -> a.connected() && a.nodeId != null
                  ? nodes.command(a, new LeaveRoom(room))
                      .<Void>mapEmpty().recover(err -> Future.succeededFuture())
                  : Future.<Void>succeededFuture())
              .compose(v -> forget(user, a, room));
        }
      }
      return all;
    }).recover(err -> {
      log.warn("The bookmarks of account {} could not be applied", a.id(), err);
      return Future.succeededFuture();
    });
  }

  /** Whether {@code room} keeps the room rule of the account's network, as a node's bookmark must. */
  private boolean isRoomAddress(AccountSession a, String room) {
    NetworkDescriptor d = networks.get(a.account.network());
    return d != null && d.roomRule().matches(room);
  }

  private static String localPart(String login) {
    int at = login.indexOf('@');
    return at > 0 ? login.substring(0, at) : login;
  }

  Future<Void> apply(UserSession user, AccountSession a, NodeEventEnvelope e) {
    JsonObject body = e.body();
    try {
      switch (e.type()) {
        case NodeEvent.ROOM_STATE -> state(user, a, RoomState.fromJson(body));
        case NodeEvent.ROOM_OCCUPANT -> occupant(user, a, RoomOccupant.fromJson(body));
        case NodeEvent.ROOM_SUBJECT -> subject(user, a, RoomSubject.fromJson(body));
        case NodeEvent.ROOM_INVITATION -> invitation(user, a, RoomInvitation.fromJson(body));
        case NodeEvent.ROOM_MESSAGE -> {
          return message(user, a, RoomMessage.fromJson(body));
        }
        default -> { }
      }
    } catch (ParleyException bad) {
      log.warn("Dropped a malformed {} event from node {}: {}", e.type(), e.nodeId(), bad.getMessage());
    }
    return Future.succeededFuture();
  }

  private static String bounded(Object value, int max) {
    return value instanceof String s && s.length() <= max && s.indexOf('\u0000') < 0 ? s : null;
  }

  private void state(UserSession user, AccountSession a, RoomState e) {
    String room = e.room();
    RoomView known = a.rooms.getOrDefault(room, RoomView.heard(room));
    if (e.joined()) {
      known = known.joinedAs(bounded(e.nick(), 1024), bounded(e.role(), 32), bounded(e.affiliation(), 32));
    } else {
      known = known.left(e.error());
      a.occupants.remove(room);
    }
    a.rooms.put(room, known);
    user.events.publish(new RoomEvent(a.id(), known));
  }

  private void occupant(UserSession user, AccountSession a, RoomOccupant e) {
    String room = e.room();
    String nick = bounded(e.nick(), 1024);
    if (nick == null || !a.rooms.containsKey(room)) {
      return;
    }
    OccupantView occupant = new OccupantView(nick, e.available(), bounded(e.role(), 3071),
        bounded(e.affiliation(), 3071), bounded(e.jid(), 3071), bounded(e.show(), 3071), bounded(e.status(), 500));
    Map<String, OccupantView> in = a.occupants.computeIfAbsent(room, r -> new LinkedHashMap<>());
    if (occupant.available()) {
      if (in.size() >= MAX_OCCUPANTS && !in.containsKey(nick)) {
        return;
      }
      in.put(nick, occupant);
    } else {
      in.remove(nick);
    }
    user.events.publish(new RoomOccupantEvent(a.id(), room, occupant));
  }

  private void subject(UserSession user, AccountSession a, RoomSubject e) {
    RoomView known = a.rooms.get(e.room());
    String subject = bounded(e.subject(), 1000);
    if (known == null || subject == null) {
      return;
    }
    known = known.withSubject(subject, bounded(e.nick(), 1024));
    a.rooms.put(e.room(), known);
    user.events.publish(new RoomEvent(a.id(), known));
  }

  private void invitation(UserSession user, AccountSession a, RoomInvitation e) {
    String room = e.room();
    String from = bounded(e.from(), 3071);
    if (from == null || a.rooms.containsKey(room) && a.rooms.get(room).joined()) {
      return;
    }
    RoomInvitationEvent event = new RoomInvitationEvent(a.id(), room, from, bounded(e.reason(), 501),
        bounded(e.password(), 256), e.direct());
    JsonObject invitation = event.invitationJson();
    a.invitations.remove(room);
    if (a.invitations.size() >= MAX_INVITATIONS) {
      a.invitations.remove(a.invitations.keySet().iterator().next());
    }
    a.invitations.put(room, invitation);
    user.events.publish(event);
  }

  /**
   * A room's message: the person's own, reflected (it becomes sent, keeping the room's id), or
   * someone's, stored once per room by the room's stanza id and shown.
   */
  private Future<Void> message(UserSession user, AccountSession a, RoomMessage e) {
    String room = e.room();
    String nick = bounded(e.nick(), 1024);
    String text = e.text().replace('\u0000', '\uFFFD');
    if (nick == null) {
      return Future.succeededFuture();
    }
    String stanzaId = e.stanzaId();
    String messageId = e.messageId();
    if (messageId != null) {
      return storage.kept(user, "the room's copy of message " + messageId,
          () -> history.roomSent(user.userId, a.account, room, Long.parseLong(messageId), stanzaId)).map(sent -> {
            if (sent != null) {
              user.events.publish(new MessageStatusEvent(sent));
            }
            return null;
          });
    }
    Long ts = e.ts() != null && e.ts() > 0 ? e.ts() : null;
    String remoteId = e.remoteId();
    return storage.kept(user, "a message in " + room, () -> history.appendRoom(user.fence, user.userId, a.account, room,
        nick, text, ts, stanzaId, remoteId)).map(stored -> {
          if (stored != null) {
            user.unread.merge(UserSession.chatKey(a.id(), room), 1, Integer::sum);
            user.events.publish(new MessageEvent(stored));
          }
          return null;
        });
  }

  /** The rooms of every account for a page's snapshot, each with its occupants; and the open invitations. */
  static void addTo(JsonObject snapshot, Iterable<AccountSession> accounts) {
    JsonArray rooms = new JsonArray();
    JsonArray invitations = new JsonArray();
    accounts.forEach(a -> {
      a.rooms.forEach((room, r) -> rooms.add(
          r.toSnapshotJson(a.id(), List.copyOf(a.occupants.getOrDefault(room, Map.of()).values()))));
      a.invitations.values().forEach(i -> invitations.add(i.copy().put("accountId", a.id())));
    });
    snapshot.put("rooms", rooms).put("invitations", invitations);
  }
}
