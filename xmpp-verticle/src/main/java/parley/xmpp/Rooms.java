package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.node.Failure;
import parley.contract.node.RoomInvitation;
import parley.contract.node.RoomMessage;
import parley.contract.node.RoomOccupant;
import parley.contract.node.RoomJoined;
import parley.contract.node.RoomState;
import parley.contract.node.RoomSubject;
import parley.nodekit.NodeEvents;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClient;
import parley.xmpp.stream.Element;

/**
 * The group chats (XEP-0045 MUC) of one account: joining, leaving, the occupants, the subject, the
 * room's messages and invitations. The room's answers come as presences and messages from the room's
 * address; {@link #offerPresence} and {@link #offerMessage} take those of the rooms this account is
 * in (and invitations), and report them as events. One owner of the rooms' state: this class, on the
 * account's event loop.
 */
final class Rooms {
  private static final Logger log = LoggerFactory.getLogger(Rooms.class);

  static final String MUC = "http://jabber.org/protocol/muc";
  static final String MUC_USER = "http://jabber.org/protocol/muc#user";
  static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
  /** XEP-0249 direct invitations. */
  static final String CONFERENCE = Ns.DIRECT_INVITE;

  /** Messages of the room's recent history asked for on each join (the session drops those it has). */
  static final int HISTORY = 20;
  /** Rooms one account may be in at once: each costs the server and the session a share. */
  static final int MAX_ROOMS = 100;
  /** Occupants reported per room: a huge room does not flood the session with presences. */
  static final int MAX_OCCUPANTS = 2000;
  /** An invitation's reason is shown as one line, no more. */
  static final int MAX_REASON_CHARS = 500;

  private enum State { JOINING, JOINED, LEAVING }

  private record Subject(String text, Promise<Void> done) {}

  /** One room this account is in, or joining. */
  private static final class Room {
    final RoomJid jid;
    String nick;
    final String password;
    State state = State.JOINING;
    Promise<JsonObject> joined;
    Promise<Void> left;
    long timer = -1;
    final Map<String, RoomOccupant> occupants = new LinkedHashMap<>();
    JsonObject self;
    String subject;
    String subjectBy = "";
    /** The newest message time seen, so that a join after a reconnect asks only for what came since. */
    long lastTs;
    /** Subject changes this account asked for, by stanza id (an error names it) and with their text (the room's reflection may not). */
    final Map<String, Subject> subjects = new LinkedHashMap<>();
    /** Invitations sent through the room and not yet known to be passed on, by stanza id. */
    final Map<String, Promise<Void>> invites = new LinkedHashMap<>();

    Room(RoomJid jid, String nick, String password) {
      this.jid = jid;
      this.nick = nick;
      this.password = password;
    }
  }

  private final Vertx vertx;
  private final NodeEvents events;
  private final Supplier<XmppClient> client;
  private final long timeoutMs;
  /** The person's own presence as the account broadcasts it (show, status, avatar hash): rooms get it too. */
  private final Supplier<Element> ownPresence;
  /** By the room's bare address in lower case. */
  private final Map<String, Room> rooms = new LinkedHashMap<>();

  Rooms(Vertx vertx, NodeEvents events, Supplier<XmppClient> client, long timeoutMs, Supplier<Element> ownPresence) {
    this.ownPresence = ownPresence;
    this.vertx = vertx;
    this.events = events;
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  private static String key(String bare) {
    return bare.toLowerCase(Locale.ROOT);
  }

  private Room room(String from) {
    String bare = Stanzas.bare(from);
    return bare == null ? null : rooms.get(key(bare));
  }

  private static String nickOf(String from) {
    int slash = from == null ? -1 : from.indexOf('/');
    return slash < 0 ? null : from.substring(slash + 1);
  }

  // ---- commands ----

  /** Joins {@code room} as {@code nick}: {@code {"room", "nick", "created"}} once the room took the account in. */
  Future<JsonObject> join(RoomJid jid, String nick, String password) {
    Room known = rooms.get(key(jid.toString()));
    if (known != null && known.state == State.JOINED && known.nick.equals(nick)) {
      return Future.succeededFuture(joinedReply(known, false));
    }
    if (known != null && known.state == State.JOINING && known.joined != null) {
      return known.joined.future();
    }
    if (known == null && rooms.size() >= MAX_ROOMS) {
      return Future.failedFuture(FailureCode.IM_ERROR.exception(
          "Parley joins at most " + MAX_ROOMS + " rooms per account; leave one first."));
    }
    XmppClient c = client.get();
    if (c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    Room room = new Room(jid, nick, password);
    if (known != null) {
      // Another nickname in a room the account is in: the room sees a nickname change (XEP-0045 7.6).
      room.lastTs = known.lastTs;
      rooms.remove(key(jid.toString()));
    }
    rooms.put(key(jid.toString()), room);
    return sendJoin(c, room);
  }

  private Future<JsonObject> sendJoin(XmppClient c, Room room) {
    room.state = State.JOINING;
    room.joined = Promise.promise();
    room.occupants.clear();
    room.self = null;
    Promise<JsonObject> joined = room.joined;
    room.timer = vertx.setTimer(timeoutMs, t -> events.logContext().run(() -> {
      if (room.joined == joined && room.state == State.JOINING) {
        failJoin(room, FailureCode.IM_ERROR.exception(room.jid + " did not answer in time; try again later."));
      }
    }));
    c.send(joinPresence(room)).onFailure(e -> failJoin(room, FailureCode.NOT_CONNECTED.exception(null)));
    return joined.future();
  }

  private Element joinPresence(Room room) {
    Element.Builder history = Element.builder("history", MUC).attribute("maxstanzas", String.valueOf(HISTORY));
    if (room.lastTs > 0) {
      // Only what came after the newest message seen (the session drops the rest anyway, by stanza id).
      history.attribute("since", java.time.Instant.ofEpochMilli(room.lastTs + 1).toString());
    }
    Element.Builder x = Element.builder("x", MUC).child(history.build());
    if (room.password != null) {
      x.textChild("password", room.password);
    }
    return directed(room).child(x.build()).build();
  }

  /** The person's presence (show, status, avatar hash), addressed to the account's place in the room. */
  private Element.Builder directed(Room room) {
    Element.Builder p = Element.builder("presence", Ns.CLIENT).attribute("to", room.jid.occupant(room.nick));
    ownPresence.get().children().forEach(p::child);
    return p;
  }

  /** The person's presence changed: every room the account is in sees it (a room gets no broadcast presence, XEP-0045 7.7). */
  void presenceChanged() {
    XmppClient c = client.get();
    if (c == null) {
      return;
    }
    for (Room room : rooms.values()) {
      if (room.state == State.JOINED) {
        c.send(directed(room).build());
      }
    }
  }

  /** Leaves the room; completes when the room confirmed it (or did not answer in time: the account is out either way). */
  Future<Void> leave(RoomJid jid) {
    Room room = rooms.get(key(jid.toString()));
    if (room == null) {
      return Future.succeededFuture();
    }
    XmppClient c = client.get();
    if (room.state == State.JOINING || c == null) {
      // Not in yet: the room's answer to the join is ignored from now on.
      forget(room, null);
      if (c != null) {
        c.send(Element.builder("presence", Ns.CLIENT).attribute("to", room.jid.occupant(room.nick))
            .attribute("type", "unavailable").build());
      }
      return Future.succeededFuture();
    }
    if (room.left != null) {
      return room.left.future();
    }
    room.state = State.LEAVING;
    Promise<Void> left = Promise.promise();
    room.left = left;
    vertx.setTimer(timeoutMs, t -> events.logContext().run(() -> {
      if (!left.future().isComplete()) {
        forget(room, null);
      }
    }));
    c.send(Element.builder("presence", Ns.CLIENT).attribute("to", room.jid.occupant(room.nick))
        .attribute("type", "unavailable").build());
    return left.future();
  }

  /** The stanza for a message to the room; the caller sends it (acknowledged, as other messages). */
  Element message(RoomJid jid, String text, String stanzaId) {
    Room room = joined(jid);
    return Element.builder("message", Ns.CLIENT).attribute("to", room.jid.toString()).attribute("type", "groupchat")
        .attribute("id", stanzaId).textChild("body", text)
        .child(Element.builder("origin-id", Ns.SID).attribute("id", stanzaId).build()).build();
  }

  /** Sets the room's subject; completes when the room reflects it, fails with the room's refusal in words. */
  Future<Void> setSubject(RoomJid jid, String subject) {
    Room room = joined(jid);
    XmppClient c = client.get();
    if (c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    String id = Bounces.PREFIX + "s-" + UUID.randomUUID().toString().substring(0, 13);
    Promise<Void> done = Promise.promise();
    room.subjects.put(id, new Subject(subject, done));
    long timer = vertx.setTimer(timeoutMs, t -> events.logContext().run(() -> {
      room.subjects.remove(id);
      done.tryFail(FailureCode.IM_ERROR.exception(room.jid + " did not confirm the new subject in time."));
    }));
    done.future().onComplete(ar -> vertx.cancelTimer(timer));
    c.send(Element.builder("message", Ns.CLIENT).attribute("to", room.jid.toString()).attribute("type", "groupchat")
        .attribute("id", id).textChild("subject", subject).build())
        .onFailure(e -> done.tryFail(FailureCode.NOT_CONNECTED.exception(null)));
    return done.future();
  }

  /**
   * XEP-0045 7.8.2: an invitation sent through the room (which adds the address to a members-only
   * room's list where allowed). The room answers nothing when it passes it on, so a disco#info of the
   * room follows it: a room handles its stanzas in order, so its refusal, if any, comes before that answer.
   */
  Future<Void> invite(RoomJid jid, BareJid who, String reason) {
    Room room = joined(jid);
    XmppClient c = client.get();
    if (c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    String id = Bounces.PREFIX + "i-" + UUID.randomUUID().toString().substring(0, 13);
    Element.Builder invite = Element.builder("invite", MUC_USER).attribute("to", who.toString());
    if (reason != null && !reason.isBlank()) {
      invite.textChild("reason", reason);
    }
    Promise<Void> done = Promise.promise();
    room.invites.put(id, done);
    c.send(Element.builder("message", Ns.CLIENT).attribute("to", jid.toString()).attribute("id", id)
        .child(Element.builder("x", MUC_USER).child(invite.build()).build()).build())
        .compose(sent -> c.request(Stanzas.discoInfo(jid.toString())))
        .onComplete(events.logContext().wrap(ar -> {
          room.invites.remove(id);
          if (ar.succeeded()) {
            done.tryComplete();
          } else {
            done.tryFail(ar.cause());
          }
        }));
    return done.future();
  }

  /** XEP-0045 7.8.2: tells the inviter, through the room, that the person does not come. */
  static Element decline(RoomJid jid, BareJid inviter, String reason) {
    Element.Builder decline = Element.builder("decline", MUC_USER).attribute("to", inviter.toString());
    if (reason != null && !reason.isBlank()) {
      decline.textChild("reason", reason);
    }
    return Element.builder("message", Ns.CLIENT).attribute("to", jid.toString())
        .child(Element.builder("x", MUC_USER).child(decline.build()).build()).build();
  }

  private Room joined(RoomJid jid) {
    Room room = rooms.get(key(jid.toString()));
    if (room == null || room.state != State.JOINED) {
      throw FailureCode.IM_ERROR.exception("You are not in the room " + jid + "; join it first.");
    }
    return room;
  }

  // ---- the connection's life ----

  /** After a new session on the server (not a resumed stream): every room again, asking for what came meanwhile. */
  void rejoin() {
    XmppClient c = client.get();
    if (c == null) {
      return;
    }
    for (Room room : new ArrayList<>(rooms.values())) {
      if (room.state == State.LEAVING) {
        forget(room, null);
      } else {
        vertx.cancelTimer(room.timer);
        sendJoin(c, room).onFailure(e -> log.info("Room {} could not be joined again: {}", room.jid, e.getMessage()));
      }
    }
  }

  /** For a new session owner: each room's state, occupants and subject again. */
  void resync() {
    for (Room room : rooms.values()) {
      if (room.state == State.JOINED) {
        events.send(joinedEvent(room, false));
        room.occupants.values().forEach(events::send);
        if (room.subject != null) {
          events.send(subjectEvent(room));
        }
      }
    }
  }

  // ---- presences from rooms ----

  /** True when the presence came from a room this account is in (or joining): handled here. */
  boolean offerPresence(Element presence) {
    String from = presence.attribute("from");
    Room room = room(from);
    if (room == null) {
      return false;
    }
    String nick = nickOf(from);
    String type = presence.attribute("type");
    if ("error".equals(type)) {
      if (room.state == State.JOINING && (nick == null || nick.equals(room.nick))) {
        failJoin(room, FailureCode.IM_ERROR.exception(joinRefusal(room, Stanzas.errorCondition(presence, Ns.STANZA_ERRORS))));
      }
      return true;
    }
    if (nick == null || !(type == null || "unavailable".equals(type))) {
      return true;
    }
    Element x = presence.child("x", MUC_USER);
    Element item = x == null ? null : x.child("item", MUC_USER);
    List<String> codes = new ArrayList<>();
    if (x != null) {
      for (Element status : x.children("status", MUC_USER)) {
        codes.add(status.attribute("code"));
      }
    }
    boolean self = codes.contains("110");
    if (self && type == null) {
      onSelfAvailable(room, nick, item, codes.contains("201"));
    } else if (self) {
      onSelfUnavailable(room, x, codes);
    } else if (type == null) {
      RoomOccupant occupant = new RoomOccupant(room.jid.toString(), nick, true,
          item == null ? "none" : item.attribute("role"), item == null ? "none" : item.attribute("affiliation"),
          item == null || item.attribute("jid") == null ? null : Stanzas.bare(item.attribute("jid")),
          presence.childText("show"), presence.childText("status"));
      if (room.occupants.size() < MAX_OCCUPANTS || room.occupants.containsKey(nick)) {
        room.occupants.put(nick, occupant);
        if (room.state == State.JOINED || room.state == State.JOINING) {
          events.send(occupant);
        }
      }
    } else if (room.occupants.remove(nick) != null) {
      events.send(RoomOccupant.gone(room.jid.toString(), nick));
    }
    return true;
  }

  private void onSelfAvailable(Room room, String nick, Element item, boolean created) {
    // The service may have changed the nickname (status 210): the one it sent is ours now.
    room.nick = nick;
    room.self = new JsonObject().put("role", item == null ? "none" : item.attribute("role"))
        .put("affiliation", item == null ? "none" : item.attribute("affiliation"));
    if (room.state != State.JOINING) {
      // Our role or affiliation changed while in the room.
      events.send(joinedEvent(room, false));
      return;
    }
    XmppClient c = client.get();
    if (created && c != null) {
      // A new room stays locked until its owner configures it (XEP-0045 10.1.2): an instant room, with the defaults.
      c.request(Stanzas.iq("set", room.jid.toString(), Element.builder("query", MUC_OWNER)
              .child(Element.builder("x", Ns.DATA).attribute("type", "submit").build()).build()))
          .onComplete(events.logContext().wrap(ar -> {
            if (ar.failed()) {
              log.info("Room {}: the instant room was not accepted ({})", room.jid, ar.cause().getMessage());
            }
            joinedNow(room, true);
          }));
    } else {
      joinedNow(room, created);
    }
  }

  private void joinedNow(Room room, boolean created) {
    if (room.state != State.JOINING || rooms.get(key(room.jid.toString())) != room) {
      return;
    }
    vertx.cancelTimer(room.timer);
    room.state = State.JOINED;
    log.info("Joined room {} as {}", room.jid, room.nick);
    events.send(joinedEvent(room, created));
    room.joined.tryComplete(joinedReply(room, created));
  }

  private void onSelfUnavailable(Room room, Element x, List<String> codes) {
    if (codes.contains("303")) {
      // A nickname change: the available presence with the new one follows.
      return;
    }
    ParleyException why = null;
    if (room.state != State.LEAVING) {
      why = FailureCode.IM_ERROR.exception(removal(room, x, codes));
    }
    forget(room, why);
  }

  private void failJoin(Room room, ParleyException why) {
    Promise<JsonObject> joined = room.joined;
    forget(room, why);
    if (joined != null) {
      joined.tryFail(why);
    }
  }

  /** The account is out of the room: state dropped, {@code room-state} {@code left} (with the reason, if any). */
  private void forget(Room room, ParleyException why) {
    if (rooms.get(key(room.jid.toString())) != room) {
      return;
    }
    rooms.remove(key(room.jid.toString()));
    vertx.cancelTimer(room.timer);
    events.send(RoomState.left(room.jid.toString(), why == null ? null : Failure.of(why.code(), why.getMessage())));
    room.subjects.values().forEach(p -> p.done().tryFail(FailureCode.IM_ERROR.exception("You are no longer in " + room.jid + ".")));
    if (room.left != null) {
      room.left.tryComplete();
    }
    if (room.joined != null && why == null) {
      room.joined.tryFail(FailureCode.IM_ERROR.exception("You left " + room.jid + " before the room let you in."));
    }
  }

  /** Why the room refused the account (XEP-0045 7.2), in words. */
  static String joinRefusal(Room room, String condition) {
    String r = room.jid.toString();
    if (condition == null) {
      return r + " could not be joined: the server reported an error.";
    }
    return switch (condition) {
      case "conflict" -> "The nickname '" + room.nick + "' is already taken in " + r + "; choose another.";
      case "not-authorized" -> room.password == null ? r + " needs a password." : "The password for " + r + " is wrong.";
      case "forbidden" -> "You are banned from " + r + ".";
      case "registration-required" -> r + " is for members only, and this account is not a member.";
      case "item-not-found" -> r + " does not exist (or is locked while its creator sets it up).";
      case "not-allowed" -> r + " does not exist, and its server does not let you create it.";
      case "service-unavailable" -> r + " is full, or its server offers no group chats at that address.";
      case "not-acceptable" -> r + " does not accept that nickname (it may have to be your registered one).";
      case "jid-malformed" -> r + " does not accept that nickname.";
      case "remote-server-not-found", "remote-server-timeout" -> "The server of " + r + " could not be reached.";
      default -> r + " could not be joined (" + condition + ").";
    };
  }

  /** Why the room put the account out without being asked (XEP-0045 status codes), in words. */
  private static String removal(Room room, Element x, List<String> codes) {
    String r = room.jid.toString();
    if (x != null && x.child("destroy", MUC_USER) != null) {
      return r + " was closed by its owner.";
    }
    if (codes.contains("301")) {
      return "You were banned from " + r + ".";
    }
    if (codes.contains("307")) {
      return "A moderator removed you from " + r + ".";
    }
    if (codes.contains("321")) {
      return "You were removed from " + r + " because you are no longer a member.";
    }
    if (codes.contains("322")) {
      return "You were removed from " + r + " because it is now for members only.";
    }
    if (codes.contains("332")) {
      return "You left " + r + " because its server is shutting down.";
    }
    return "You are no longer in " + r + ".";
  }

  // ---- messages from rooms, and invitations ----

  /**
   * True when the message was a room's (of a room this account is in) or an invitation: handled
   * here. An error answering a subject change fails that change; other errors go on (a bounce).
   */
  boolean offerMessage(Element message) {
    String from = message.attribute("from");
    String type = message.attribute("type");
    Room room = room(from);
    if (room != null && "error".equals(type)) {
      String condition = Stanzas.errorCondition(message, Ns.STANZA_ERRORS);
      Promise<Void> invite = room.invites.remove(message.attribute("id"));
      if (invite != null) {
        invite.tryFail(FailureCode.IM_ERROR.exception("forbidden".equals(condition) || "not-allowed".equals(condition)
            ? room.jid + " does not let you invite people."
            : room.jid + " did not pass the invitation on (" + condition + ")."));
        return true;
      }
      Subject subject = room.subjects.remove(message.attribute("id"));
      if (subject == null) {
        return false;
      }
      subject.done().tryFail(FailureCode.IM_ERROR.exception("forbidden".equals(condition)
          ? "Only moderators may change the subject of " + room.jid + "."
          : room.jid + " did not accept the new subject (" + condition + ")."));
      return true;
    }
    if (room != null && "groupchat".equals(type)) {
      onGroupMessage(room, message, nickOf(from));
      return true;
    }
    if ("groupchat".equals(type)) {
      // A room the account is not in (any more): nothing to report.
      return true;
    }
    return offerInvitation(message);
  }

  private void onGroupMessage(Room room, Element message, String nick) {
    if (room.state == State.LEAVING) {
      return;
    }
    String body = message.childText("body");
    Element subject = message.child("subject", Ns.CLIENT);
    if (subject != null && body == null) {
      // The subject comes after the history on each join, and whenever someone changes it.
      room.subject = subject.text();
      room.subjectBy = nick == null ? "" : nick;
      events.send(subjectEvent(room));
      if (nick != null && nick.equals(room.nick)) {
        // Prosody sends the new subject as a message of its own, without our id: known by its text then.
        Subject mine = room.subjects.remove(message.attribute("id"));
        if (mine == null) {
          String id = room.subjects.entrySet().stream().filter(e -> e.getValue().text().equals(room.subject))
              .map(Map.Entry::getKey).findFirst().orElse(null);
          mine = id == null ? null : room.subjects.remove(id);
        }
        if (mine != null) {
          mine.done().tryComplete();
        }
      }
      return;
    }
    if (body == null || nick == null) {
      return;
    }
    Element delay = message.child("delay", Ns.DELAY);
    long ts = sentAt(delay);
    room.lastTs = Math.max(room.lastTs, ts);
    String stanzaId = roomStanzaId(room, message);
    Element origin = message.child("origin-id", Ns.SID);
    String originId = origin != null ? origin.attribute("id") : message.attribute("id");
    // Our own message, reflected: only from our own nickname, which nobody else can hold in the room.
    String messageId = nick.equals(room.nick) ? Bounces.messageId(originId) : null;
    events.send(new RoomMessage(room.jid.toString(), nick, body, ts, stanzaId, delay != null,
        messageId != null && messageId.matches("[0-9]{1,18}") ? messageId : null,
        originId != null && originId.length() <= Receipts.MAX_ID_CHARS ? originId : null));
  }

  /** XEP-0359: the stanza-id the room stamped ({@code by} the room's address; another's could be forged), or null. */
  private static String roomStanzaId(Room room, Element message) {
    for (Element sid : message.children("stanza-id", Ns.SID)) {
      String id = sid.attribute("id");
      if (id != null && !id.isEmpty() && id.length() <= ConnectRequest.MAX_ARCHIVE_ID
          && room.jid.toString().equalsIgnoreCase(sid.attribute("by"))) {
        return id;
      }
    }
    return null;
  }

  private static long sentAt(Element delay) {
    if (delay != null && delay.attribute("stamp") != null) {
      try {
        return java.time.OffsetDateTime.parse(delay.attribute("stamp")).toInstant().toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        // A stamp we cannot read: the time of arrival will do.
      }
    }
    return System.currentTimeMillis();
  }

  /** A mediated invitation (XEP-0045 7.8.2, from the room) or a direct one (XEP-0249, from the inviter). */
  private boolean offerInvitation(Element message) {
    String from = message.attribute("from");
    if (from == null || "error".equals(message.attribute("type"))) {
      return false;
    }
    Element muc = message.child("x", MUC_USER);
    Element invite = muc == null ? null : muc.child("invite", MUC_USER);
    if (invite != null) {
      String room = Stanzas.bare(from);
      String inviter = invite.attribute("from");
      // The room names the inviter by address, or, in a room that hides addresses, as its occupant (room/nick).
      if (inviter != null && !room.equalsIgnoreCase(Stanzas.bare(inviter))) {
        inviter = Stanzas.bare(inviter);
      }
      if (validRoom(room) && inviter != null) {
        invitation(room, inviter, invite.childText("reason"), muc.childText("password"), false);
      }
      return true;
    }
    if (muc != null && muc.child("decline", MUC_USER) != null) {
      Element decline = muc.child("decline", MUC_USER);
      log.info("{} declined the invitation to {}", Stanzas.bare(decline.attribute("from")), Stanzas.bare(from));
      return true;
    }
    Element direct = message.child("x", CONFERENCE);
    if (direct != null) {
      String room = direct.attribute("jid");
      if (validRoom(room)) {
        invitation(Stanzas.bare(room), Stanzas.bare(from), direct.attribute("reason"), direct.attribute("password"), true);
      }
      return true;
    }
    return false;
  }

  private void invitation(String room, String inviter, String reason, String password, boolean direct) {
    String kept = reason == null || reason.isBlank() ? null
        : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
    events.send(new RoomInvitation(room.toLowerCase(Locale.ROOT), inviter, direct, kept,
        password != null && !password.isEmpty() && password.length() <= 256 ? password : null));
  }

  private static boolean validRoom(String text) {
    if (text == null) {
      return false;
    }
    try {
      Fields.roomJid(new JsonObject().put("room", Stanzas.bare(text)), "room");
      return true;
    } catch (ParleyException e) {
      return false;
    }
  }

  // ---- event bodies ----

  private static RoomState joinedEvent(Room room, boolean created) {
    return RoomState.joined(room.jid.toString(), room.nick, room.self.getString("role"),
        room.self.getString("affiliation"), created);
  }

  private static JsonObject joinedReply(Room room, boolean created) {
    return new RoomJoined(room.jid.toString(), room.nick, created).toJson();
  }

  private static RoomSubject subjectEvent(Room room) {
    return new RoomSubject(room.jid.toString(), room.subject, room.subjectBy);
  }
}
