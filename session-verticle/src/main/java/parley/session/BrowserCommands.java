package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.BrowserCommand;
import parley.contract.Capability;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.MessageStatus;
import parley.contract.NetworkDescriptor;
import parley.contract.ParleyException;
import parley.contract.Presence;
import parley.contract.node.AddContact;
import parley.contract.node.AnswerSubscription;
import parley.contract.node.ArchiveQuery;
import parley.contract.node.Block;
import parley.contract.node.RemoveContact;
import parley.contract.node.SendCorrection;
import parley.contract.node.SendDisplayed;
import parley.contract.node.SendMessage;
import parley.contract.node.SendRetraction;
import parley.contract.node.SetAvatar;
import parley.contract.node.SendTyping;
import parley.contract.node.SetPresence;
import parley.contract.node.Unblock;
import parley.contract.browser.AccountAddedEvent;
import parley.contract.browser.AccountRemovedEvent;
import parley.contract.browser.AccountUpdatedEvent;
import parley.contract.browser.ChatReadEvent;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.MessageUpdatedEvent;
import parley.contract.browser.OwnPresenceEvent;
import parley.contract.browser.SubscriptionAnsweredEvent;

/** Every command a browser may send, checked and carried out for the signed-in user. */
final class BrowserCommands {
  private static final Logger log = LoggerFactory.getLogger(BrowserCommands.class);
  private static final Set<String> TLS = Set.of(NetworkDescriptor.TLS_REQUIRED, NetworkDescriptor.TLS_IF_OFFERED);

  private final Sessions sessions;
  private final AccountStore accounts;
  private final HistoryStore history;
  private final CredentialCipher cipher;
  private final NodeLink nodes;
  private final IdlePolicy idle;
  private final Allowances allowances;
  private final Storage storage;
  private final UserStateStore state;
  /** Told of each catch-up: true when the missed events were replayed, false for a fresh snapshot. */
  private final Consumer<Boolean> catchUps;
  private final UploadSlots uploads;
  private final RoomChats rooms;
  private final HistorySearch search;
  private final UserBudgets searches;
  private final UserBudgets exports;
  private final People people;
  private final Networks networks;
  private final RecentChats recent;

  BrowserCommands(Sessions sessions, AccountStore accounts, HistoryStore history, CredentialCipher cipher,
                  NodeLink nodes, IdlePolicy idle, Allowances allowances, Storage storage, UserStateStore state,
                  Consumer<Boolean> catchUps, UploadSlots uploads, RoomChats rooms, HistorySearch search,
                  UserBudgets searches, UserBudgets exports, People people, Networks networks, RecentChats recent) {
    this.people = people;
    this.networks = networks;
    this.recent = recent;
    this.rooms = rooms;
    this.search = search;
    this.searches = searches;
    this.exports = exports;
    this.uploads = uploads;
    this.catchUps = catchUps;
    this.state = state;
    this.allowances = allowances;
    this.storage = storage;
    this.sessions = sessions;
    this.accounts = accounts;
    this.history = history;
    this.cipher = cipher;
    this.nodes = nodes;
    this.idle = idle;
  }

  Future<JsonObject> handle(String userId, JsonObject command) {
    String type = command.getString("type");
    if (type == null || !BrowserCommand.ALL.contains(type)) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception(
          type == null ? "The command has no type." : "Unknown command type \"" + abbreviate(type) + "\"."));
    }
    LogContext ids = LogContext.of(userId, command);
    return sessions.get(userId).compose(user -> ids.call(() -> {
      log.debug("Browser command {}", type);
      try {
        return run(user, type, command);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }));
  }

  private static AccountSession account(UserSession user, JsonObject c) {
    return user.account(Fields.string(c, "accountId", 64));
  }

  private Future<JsonObject> run(UserSession user, String type, JsonObject c) {
    return switch (type) {
      case BrowserCommand.ATTACH -> Future.succeededFuture(attach(user, c));
      case BrowserCommand.ACCOUNT_ADD -> addAccount(user, c);
      case BrowserCommand.ACCOUNT_UPDATE -> updateAccount(user, c);
      case BrowserCommand.ACCOUNT_REMOVE -> removeAccount(user, c);
      case BrowserCommand.ACCOUNT_CONNECT -> setOnline(user, account(user, c), true);
      case BrowserCommand.ACCOUNT_DISCONNECT -> setOnline(user, account(user, c), false);
      case BrowserCommand.PRESENCE_SET -> setPresence(user, c);
      case BrowserCommand.MESSAGE_SEND -> sendMessage(user, c);
      case BrowserCommand.TYPING_SEND -> sendTyping(user, c);
      case BrowserCommand.CONTACT_ADD -> addContact(user, c);
      case BrowserCommand.CONTACT_REMOVE -> removeContact(user, c);
      case BrowserCommand.SUBSCRIPTION_ANSWER -> answerSubscription(user, c);
      case BrowserCommand.HISTORY_GET -> historyPage(user, c);
      case BrowserCommand.CHAT_READ -> chatRead(user, c);
      case BrowserCommand.HISTORY_ARCHIVE -> archivePage(user, c);
      case BrowserCommand.MESSAGE_CORRECT -> correctMessage(user, c);
      case BrowserCommand.MESSAGE_RETRACT -> retractMessage(user, c);
      case BrowserCommand.FILE_SLOT -> uploads.ask(user, account(user, c), c);
      case BrowserCommand.FILE_CLAIM -> Future.succeededFuture(uploads.claim(user.userId, c));
      case BrowserCommand.CONTACT_BLOCK -> setBlocked(user, c, true);
      case BrowserCommand.CONTACT_UNBLOCK -> setBlocked(user, c, false);
      case BrowserCommand.AVATAR_GET -> avatar(user, c);
      case BrowserCommand.AVATAR_SET -> setAvatar(user, c);
      case BrowserCommand.ROOM_JOIN -> rooms.join(user, account(user, c), c);
      case BrowserCommand.ROOM_LEAVE -> rooms.leave(user, account(user, c), c);
      case BrowserCommand.ROOM_SUBJECT -> rooms.subject(account(user, c), c);
      case BrowserCommand.ROOM_INVITE -> rooms.invite(account(user, c), c);
      case BrowserCommand.ROOM_DECLINE -> rooms.decline(user, account(user, c), c);
      case BrowserCommand.HISTORY_SEARCH -> searchHistory(user, c);
      case BrowserCommand.HISTORY_EXPORT -> exportPage(user, c);
      case BrowserCommand.PERSON_MERGE -> people.merge(user, c);
      case BrowserCommand.PERSON_SPLIT -> people.split(user, c);
      case BrowserCommand.PERSON_SUGGESTIONS -> Future.succeededFuture(people.suggestions(user));
      case BrowserCommand.PERSON_HISTORY -> people.history(user, c);
      case BrowserCommand.PERSON_SEND -> people.send(user, c, this::sendMessage);
      case BrowserCommand.PERSON_DISMISS -> people.dismiss(user, c);
      case BrowserCommand.CHATS_RECENT -> recent.page(user, Fields.optionalLong(c, "before"), Fields.optionalLong(c, "limit"));
      default -> Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception(null));
    };
  }

  private JsonObject attach(UserSession user, JsonObject c) {
    idle.resume(user);
    // Its browser-attached may come just after: the user (and the stream named here) stays meanwhile.
    idle.startTimerIfIdle(user);
    JsonObject reply = new JsonObject()
        .put("stream", user.events.streamId())
        .put("seq", user.events.seq())
        .put("username", user.username)
        .put("state", user.snapshot().put("networks", networks.toJson()));
    Long since = Fields.optionalLong(c, "since");
    String stream = Fields.optionalString(c, "stream", 64);
    List<JsonObject> missed = since == null ? null : user.events.after(stream, since);
    if (since != null) {
      catchUps.accept(missed != null);
    }
    if (missed != null) {
      reply.put("events", new JsonArray(List.copyOf(missed))).put("complete", true);
    } else {
      reply.put("events", new JsonArray()).put("complete", since == null);
    }
    return reply;
  }

  private Future<JsonObject> addAccount(UserSession user, JsonObject c) {
    String network = Fields.optionalString(c, "network", 64);
    NetworkDescriptor d = networks.describe(network == null ? networks.defaultNetwork() : network);
    String login = Fields.address(c, "login", d.login());
    String password = Fields.string(c, "password", Limits.MAX_PASSWORD_CHARS * 4);
    String host = host(c);
    Integer port = Fields.optionalPort(c, "port");
    requireServer(d, host, port);
    String id = UUID.randomUUID().toString();
    ImAccount account = new ImAccount(id, user.userId, d.network(), login, cipher.encrypt(password, id),
        host, port, Fields.oneOf(c, "tls", TLS, d.server().tlsDefault()), true);
    return accounts.insert(account).map(stored -> {
      AccountSession a = new AccountSession(stored);
      user.accounts.put(stored.id(), a);
      user.events.publish(new AccountAddedEvent(a.toBrowserJson()));
      nodes.connect(user, a);
      idle.startTimerIfIdle(user);
      return new JsonObject().put("account", a.toBrowserJson());
    });
  }

  private Future<JsonObject> updateAccount(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    ImAccount old = a.account;
    NetworkDescriptor d = networks.describe(old.network());
    String login = c.containsKey("login") ? Fields.address(c, "login", d.login()) : old.login();
    String password = Fields.optionalString(c, "password", Limits.MAX_PASSWORD_CHARS * 4);
    byte[] secret = password == null || password.isEmpty() ? old.secret() : cipher.encrypt(password, old.id());
    String host = c.containsKey("host") ? host(c) : old.host();
    Integer port = c.containsKey("port") ? Fields.optionalPort(c, "port") : old.port();
    String tls = c.containsKey("tls") ? Fields.oneOf(c, "tls", TLS, null) : old.tls();
    requireServer(d, host, port);
    ImAccount updated = new ImAccount(old.id(), old.userId(), old.network(), login, secret, host, port, tls, old.autoConnect());
    return accounts.update(updated).map(stored -> {
      boolean wasOnline = a.account.autoConnect();
      if (a.active() || a.nodeId != null) {
        nodes.disconnect(user, a);
      }
      if (!stored.login().equals(old.login())) {
        a.archiveId = null;
      }
      a.account = stored;
      a.contacts.clear();
      user.events.publish(new AccountUpdatedEvent(a.toBrowserJson()));
      if (wasOnline) {
        nodes.connect(user, a);
      }
      return new JsonObject().put("account", a.toBrowserJson());
    });
  }

  private Future<JsonObject> removeAccount(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    return accounts.delete(user.userId, a.id()).map(v -> {
      nodes.disconnect(user, a);
      user.accounts.remove(a.id());
      String prefix = UserSession.chatKey(a.id(), "");
      user.unread.keySet().removeIf(k -> k.startsWith(prefix));
      user.subscriptionRequests.removeIf(k -> k.startsWith(prefix));
      user.events.publish(new AccountRemovedEvent(a.id()));
      people.accountGone(user, a.id());
      return new JsonObject();
    });
  }

  private Future<JsonObject> setOnline(UserSession user, AccountSession a, boolean online) {
    return accounts.setAutoConnect(a.id(), online).map(v -> {
      a.account = a.account.withAutoConnect(online);
      if (online) {
        nodes.connect(user, a);
        idle.startTimerIfIdle(user);
      } else {
        nodes.disconnect(user, a);
      }
      return new JsonObject();
    });
  }

  private Future<JsonObject> setPresence(UserSession user, JsonObject c) {
    String show = Fields.oneOf(c, "show", Presence.SETTABLE, null);
    String status = Fields.optionalString(c, "status", Limits.MAX_STATUS_CHARS);
    SetPresence presence = new SetPresence(show, status == null ? "" : status);
    // Stored first, so the next owner of the user's shard connects with it too.
    return storage.once(user, () -> state.setPresence(user.fence, user.userId, presence)).map(v -> {
      user.ownPresence = presence;
      user.events.publish(new OwnPresenceEvent(presence.show(), presence.status()));
      user.accounts.values().stream().filter(AccountSession::connected).forEach(a -> nodes.command(a, presence));
      return new JsonObject();
    });
  }

  /**
   * The text of a message the user may send on {@code a} now: it keeps the text rules, billing has
   * not stopped the user's sending (receiving and history go on), and the account is connected.
   */
  private String sendableText(UserSession user, AccountSession a, JsonObject c) {
    ParleyException refused = refusedText(c);
    if (refused != null) {
      throw refused;
    }
    String text = Fields.string(c, "text", Limits.MAX_TEXT_CHARS);
    ParleyException why = allowances.refusal(user.userId);
    if (why == null) {
      why = NodeLink.notConnected(a);
    }
    if (why != null) {
      throw why;
    }
    return text;
  }

  private Future<JsonObject> sendMessage(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    String to = Fields.address(c, "to", networks.contact(a));
    String clientId = Fields.optionalClientId(c);
    if (clientId == null) {
      String text = sendableText(user, a, c);
      return storage.once(user, () -> history.storePending(user.fence, user.userId, a.id(), to, text))
          .compose(pending -> send(user, a, pending));
    }
    // A resend (the page lost the answer with its connection): the first send's answer, nothing stored or sent again.
    Future<JsonObject> running = user.sending.get(clientId);
    if (running != null) {
      String text = Fields.string(c, "text", Limits.MAX_TEXT_CHARS);
      return running.map(reply -> {
        sameMessage(reply.getJsonObject("message"), a.id(), to, text);
        return reply;
      });
    }
    // Looked up in order with the user's writes, and STORAGE_UNAVAILABLE (not a stack trace) while the database is away.
    Future<JsonObject> answer = storage.once(user, () -> history.byClientId(user.userId, clientId)).compose(before -> {
      if (before != null) {
        return answeredBefore(before, a.id(), to, c);
      }
      String text = sendableText(user, a, c);
      return storage.once(user, () -> history.storePendingOnce(user.fence, user.userId, a.id(), to, text, clientId))
          .compose(pending -> pending != null ? send(user, a, pending)
              : storage.once(user, () -> history.byClientId(user.userId, clientId))
                  .compose(raced -> answeredBefore(raced, a.id(), to, c)));
    });
    user.sending.put(clientId, answer);
    answer.onComplete(ar -> user.sending.remove(clientId));
    return answer;
  }

  /**
   * Hands a stored pending message to the node (or the room); answers it sent, or fails as the IM
   * server did (marked failed).
   */
  private Future<JsonObject> send(UserSession user, AccountSession a, JsonObject pending) {
    // Stored before it goes out, so a message the IM server took is never missing from history
    // (and one that cannot be stored is not sent at all).
    user.events.publish(new MessageEvent(pending));
    long id = pending.getLong("id");
    String to = pending.getString("peer");
    String text = pending.getString("text");
    if (RoomChats.isRoom(a, to)) {
      // Sent to the room only when the room reflects it (RoomChats): until then it stays pending.
      return rooms.send(a, to, id, text).transform(ar -> ar.succeeded()
          ? Future.succeededFuture(new JsonObject().put("message", pending))
          : failed(user, a, pending, ar.cause()));
    }
    return nodes.command(a, new SendMessage(to, text, String.valueOf(id)))
        .transform(ar -> {
          if (ar.succeeded()) {
            JsonObject sent = pending.copy().put("status", MessageStatus.SENT);
            return statusChanged(user, sent, () -> history.markSent(user.userId, a.account, id, text))
                .map(new JsonObject().put("message", sent));
          }
          if (ar.cause() instanceof ParleyException p && p.code() == FailureCode.NODE_LOST) {
            // The node died holding it: it may have reached the IM server. Stored as it stands
            // (pending, not 'failed', which says "not delivered" and invites a resend that
            // could double it); the answer says it may have gone out.
            return Future.failedFuture(ar.cause());
          }
          return failed(user, a, pending, ar.cause());
        });
  }

  /** Marks a pending message failed with the reason, tells the pages, and fails with it. */
  private Future<JsonObject> failed(UserSession user, AccountSession a, JsonObject pending, Throwable cause) {
    JsonObject error = NodeLink.errorJson(cause);
    JsonObject failed = pending.copy().put("status", MessageStatus.FAILED).put("error", error);
    return statusChanged(user, failed, () -> history.markFailed(user.userId, a.id(), pending.getLong("id"), error).mapEmpty())
        .compose(v -> Future.failedFuture(cause));
  }

  /**
   * The answer to a resend of a stored message: as the first send was answered (sent, or its
   * failure), or the message as it stands when its send was cut off by a session process that
   * stopped (pending: it may have gone out, so it is not sent again).
   */
  private static Future<JsonObject> answeredBefore(JsonObject before, String accountId, String to, JsonObject c) {
    JsonObject message = sameMessage(before, accountId, to, Fields.string(c, "text", Limits.MAX_TEXT_CHARS));
    JsonObject error = message.getJsonObject("error");
    if (MessageStatus.FAILED.equals(message.getString("status")) && error != null) {
      FailureCode code;
      try {
        code = FailureCode.valueOf(error.getString("code"));
      } catch (IllegalArgumentException | NullPointerException unknown) {
        code = FailureCode.INTERNAL;
      }
      return Future.failedFuture(code.exception(error.getString("text")));
    }
    return Future.succeededFuture(new JsonObject().put("message", message));
  }

  /** {@code message}, if it is the one the resend names; a client message id names one message only. */
  private static JsonObject sameMessage(JsonObject message, String accountId, String to, String text) {
    if (!accountId.equals(message.getString("accountId")) || !to.equals(message.getString("peer"))
        || !text.equals(message.getString("text"))) {
      throw FailureCode.INVALID_FIELD.exception("That client message id was already used for another message.");
    }
    return message;
  }

  /** Why a message's text cannot be sent (too long, empty), or null. */
  private static ParleyException refusedText(JsonObject c) {
    Object rawText = c.getValue("text");
    if (rawText instanceof String s && s.length() > Limits.MAX_TEXT_CHARS) {
      return FailureCode.TEXT_TOO_LONG.exception(
          "The message is " + s.length() + " characters long; the limit is " + Limits.MAX_TEXT_CHARS + ".");
    }
    if (rawText instanceof String s && s.isBlank()) {
      return FailureCode.INVALID_FIELD.exception("The message is empty.");
    }
    return null;
  }

  /**
   * Writes a sent message's new status and then tells every tab. When the database is away the
   * write is held until it is back, and the tabs are told at once: the IM server has answered,
   * and the user must not think a message that went out was lost.
   */
  private Future<Void> statusChanged(UserSession user, JsonObject message, Supplier<Future<Void>> write) {
    long id = message.getLong("id");
    Future<Void> settled = storage.writtenOrHeld(user, "the status of message " + id, write);
    settled.onFailure(err -> log.error("Status of message {} not stored", id, err));
    // Told even when the write failed for another reason: the user's answer is the IM server's.
    return settled.transform(ar -> {
      user.events.publish(new MessageStatusEvent(message));
      return Future.succeededFuture();
    });
  }

  private Future<JsonObject> sendTyping(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.TYPING);
    String to = Fields.address(c, "to", networks.contact(a));
    String state = Fields.oneOf(c, "state", Presence.TYPING_STATES, null);
    return nodes.command(a, new SendTyping(to, state));
  }

  private Future<JsonObject> addContact(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.ROSTER);
    String jid = Fields.address(c, "jid", networks.contact(a));
    String name = Fields.optionalString(c, "name", 200);
    String group = Fields.optionalString(c, "group", 200);
    return nodes.command(a, new AddContact(jid, name == null || name.isBlank() ? null : name.trim(),
        group == null || group.isBlank() ? null : group.trim()));
  }

  /**
   * Blocks or unblocks a contact or a stranger on the account's IM server (XMPP: XEP-0191); no
   * subscription needed. The node's blocklist event then tells every page of the user.
   */
  private Future<JsonObject> setBlocked(UserSession user, JsonObject c, boolean block) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.BLOCKING);
    String jid = Fields.address(c, "jid", networks.contact(a));
    if (a.features != null && !a.features.contains(ImEvents.FEATURE_BLOCKING)) {
      return Future.failedFuture(FailureCode.IM_ERROR.exception(
          a.account.login() + "'s server does not support blocking."));
    }
    return nodes.command(a, block ? new Block(jid) : new Unblock(jid));
  }

  private Future<JsonObject> answerSubscription(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.SUBSCRIPTIONS);
    String jid = Fields.address(c, "jid", networks.contact(a));
    boolean approve = Fields.bool(c, "approve");
    return nodes.command(a, new AnswerSubscription(jid, approve))
        .compose(reply -> {
          if (!user.subscriptionRequests.contains(UserSession.chatKey(a.id(), jid))) {
            return Future.succeededFuture(new JsonObject());
          }
          // The IM server has the answer: the request goes, kept until the database has it.
          return storage.kept(user, "the answer to " + jid, () -> state.removeRequest(user.fence, user.userId, a.id(), jid))
              .map(v -> {
                if (user.subscriptionRequests.remove(UserSession.chatKey(a.id(), jid))) {
                  user.events.publish(new SubscriptionAnsweredEvent(a.id(), jid, approve));
                }
                return new JsonObject();
              });
        });
  }

  private Future<JsonObject> removeContact(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    return nodes.command(a, new RemoveContact(Fields.address(c, "jid", networks.contact(a))));
  }

  /** A contact's avatar, kept in memory: {@code {"jid", "hash", "url": "data:image/png;base64,…"}}; hash "" when none. */
  private Future<JsonObject> avatar(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    String jid = Fields.address(c, "jid", networks.lookup(a));
    JsonObject kept = a.avatars.get(jid);
    if (kept == null) {
      return Future.succeededFuture(new JsonObject().put("jid", jid).put("hash", ""));
    }
    return Future.succeededFuture(Avatar.answer(kept).put("jid", jid));
  }

  /**
   * The person's own avatar, where the network lets it be set: at most {@link Limits#MAX_OWN_AVATAR_BYTES}; the node
   * checks that it is an image and refuses it in words otherwise.
   */
  private Future<JsonObject> setAvatar(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.OWN_AVATAR);
    String tooLarge = "The picture is larger than " + Limits.MAX_OWN_AVATAR_BYTES / 1024 + " KiB.";
    if (c.getValue("data") instanceof String d && d.length() > (Limits.MAX_OWN_AVATAR_BYTES + 2) / 3 * 4) {
      throw FailureCode.INVALID_FIELD.exception(tooLarge);
    }
    String data = Fields.string(c, "data", (Limits.MAX_OWN_AVATAR_BYTES + 2) / 3 * 4);
    try {
      if (java.util.Base64.getDecoder().decode(data).length > Limits.MAX_OWN_AVATAR_BYTES) {
        throw FailureCode.INVALID_FIELD.exception(tooLarge);
      }
    } catch (IllegalArgumentException e) {
      throw FailureCode.INVALID_FIELD.exception("The picture is not valid base64.");
    }
    ParleyException notConnected = NodeLink.notConnected(a);
    if (notConnected != null) {
      return Future.failedFuture(notConnected);
    }
    return nodes.command(a, new SetAvatar(data)).map(ok -> new JsonObject());
  }

  private Future<JsonObject> historyPage(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    String peer = Fields.address(c, "peer", networks.lookup(a));
    Long before = Fields.optionalLong(c, "before");
    Long after = Fields.optionalLong(c, "after");
    Long around = Fields.optionalLong(c, "around");
    Long limit = Fields.optionalLong(c, "limit");
    int pageSize = (int) Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, limit == null ? 50 : limit));
    if ((before != null ? 1 : 0) + (after != null ? 1 : 0) + (around != null ? 1 : 0) > 1) {
      throw FailureCode.INVALID_FIELD.exception("Ask for history before, after or around a message, one at a time.");
    }
    if (around != null) {
      return history.around(user.userId, a.id(), peer, around, pageSize);
    }
    if (after != null) {
      return history.pageAfter(user.userId, a.id(), peer, after, pageSize).map(list -> new JsonObject().put("messages", list));
    }
    return history.page(user.userId, a.id(), peer, before, pageSize).map(list -> new JsonObject().put("messages", list));
  }

  /** Full-text search over all of the user's messages (HistorySearch), limited per user. */
  private Future<JsonObject> searchHistory(UserSession user, JsonObject c) {
    SearchQuery query = SearchQuery.parse(user, c, networks);
    searches.take(user.userId, System.nanoTime());
    return search.search(user.userId, query).map(reply -> {
      // Each result names its network, so the page can mark it without looking the account up.
      reply.getJsonArray("results").forEach(o -> {
        JsonObject r = (JsonObject) o;
        AccountSession a = user.accounts.get(r.getString("accountId"));
        r.put("network", a == null ? null : a.account.network());
      });
      return reply;
    });
  }

  /**
   * One page of an export for the web verticle's export route (never from a browser: the bridge
   * refuses it): of one chat ({@code accountId} and {@code peer}) or of all history, after the
   * message id {@code after}. Starting an export (no {@code after}) is limited per user; each
   * message names its account's network and login. {@code next}: the id to ask after, or null at
   * the end.
   */
  private Future<JsonObject> exportPage(UserSession user, JsonObject c) {
    String accountId = Fields.optionalString(c, "accountId", 64);
    boolean person = c.getValue("personId") != null;
    if (person && accountId != null) {
      throw FailureCode.INVALID_FIELD.exception("Export a person or one chat (accountId and peer), not both.");
    }
    // Which chats: a person's (every network's), one chat, or all (null).
    List<UUID> accountIds = null;
    List<String> peers = null;
    if (person) {
      accountIds = new ArrayList<>();
      peers = new ArrayList<>();
      for (String key : people.chatsOf(user, c)) {
        String[] chat = People.split(key);
        accountIds.add(UUID.fromString(chat[0]));
        peers.add(chat[1]);
      }
    } else if (accountId != null && !accountId.isEmpty()) {
      AccountSession a = user.account(accountId);
      accountIds = List.of(UUID.fromString(a.id()));
      peers = List.of(Fields.address(c, "peer", networks.lookup(a)));
    }
    Long after = Fields.optionalLong(c, "after");
    if (after == null) {
      exports.take(user.userId, System.nanoTime());
    }
    return history.exportPage(user.userId, accountIds, peers, after == null ? 0 : after, Limits.EXPORT_PAGE)
        .map(list -> {
          list.forEach(o -> {
            JsonObject m = (JsonObject) o;
            AccountSession of = user.accounts.get(m.getString("accountId"));
            m.put("network", of == null ? null : of.account.network()).put("account", of == null ? null : of.account.login());
          });
          Long next = list.size() < Limits.EXPORT_PAGE ? null : list.getJsonObject(list.size() - 1).getLong("id");
          return new JsonObject().put("messages", list).put("next", next);
        });
  }

  /**
   * Older messages of a 1:1 chat from the IM server's archive (where the network keeps one), before the page's oldest:
   * its archive id ({@code before}) or else its time ({@code beforeTs}). Shown, not stored: history
   * keeps its order, and the archive is asked again next time.
   */
  private Future<JsonObject> archivePage(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.ARCHIVE);
    String peer = Fields.address(c, "peer", networks.contact(a));
    String before = Fields.optionalString(c, "before", 200);
    Long beforeTs = Fields.optionalLong(c, "beforeTs");
    Long limit = Fields.optionalLong(c, "limit");
    int pageSize = (int) Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, limit == null ? 50 : limit));
    if (RoomChats.isRoom(a, peer)) {
      // A room's older messages are in the room's own archive, not the account's.
      return rooms.archivePage(user, a, peer, before == null || before.isEmpty() ? null : before, pageSize);
    }
    ArchiveQuery query = new ArchiveQuery(peer, pageSize, before == null || before.isEmpty() ? null : before,
        beforeTs == null || before != null && !before.isEmpty() ? null : beforeTs - 1);
    return nodes.command(a, query).map(reply -> {
      JsonArray messages = new JsonArray();
      for (Object o : reply.getJsonArray("messages", new JsonArray())) {
        if (o instanceof JsonObject m && m.getValue("text") instanceof String text && m.getValue("ts") instanceof Number ts) {
          messages.add(new JsonObject().put("accountId", a.id()).put("peer", peer)
              .put("direction", HistoryStore.OUT.equals(m.getValue("direction")) ? HistoryStore.OUT : HistoryStore.IN)
              .put("text", text.replace('\u0000', '\uFFFD')).put("ts", ts.longValue())
              .put("status", MessageStatus.SENT).put("error", null)
              .put("stanzaId", ImEvents.archiveId(m.getValue("stanzaId"))).put("archived", true));
        }
      }
      return new JsonObject().put("messages", messages).put("complete", reply.getBoolean("complete", true));
    });
  }

  private Future<JsonObject> chatRead(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    String peer = Fields.address(c, "peer", networks.lookup(a));
    if (!user.unread.containsKey(UserSession.chatKey(a.id(), peer))) {
      return Future.succeededFuture(new JsonObject());
    }
    return storage.once(user, () -> state.markRead(user.fence, user.userId, a.id(), peer)).map(v -> {
      if (user.unread.remove(UserSession.chatKey(a.id(), peer)) != null) {
        user.events.publish(new ChatReadEvent(a.id(), peer));
        sendDisplayed(user, a, peer);
      }
      return new JsonObject();
    });
  }

  /**
   * Tells the peer the person has seen their messages (XMPP chat markers), once per batch of
   * unread messages, when the newest one may be marked. Best effort: the read itself is done.
   */
  private void sendDisplayed(UserSession user, AccountSession a, String peer) {
    if (NodeLink.notConnected(a) != null || !networks.can(a, Capability.MARKERS)) {
      return;
    }
    history.lastMarkerId(user.userId, a.id(), peer)
        .compose(id -> id == null ? Future.succeededFuture()
            : nodes.command(a, new SendDisplayed(peer, id)))
        .onFailure(err -> log.info("Displayed marker to {} not sent: {}", peer, err.getMessage()));
  }

  /**
   * Corrects the last message the user sent in its chat (XEP-0308 allows only that one), once the
   * IM server took the correction; billed as a sent message, as it is one.
   */
  private Future<JsonObject> correctMessage(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.CORRECTIONS);
    long id = messageId(c);
    String text = sendableText(user, a, c);
    return history.ownSent(user.userId, a.id(), id).compose(m -> {
      ParleyException why = uneditable(m, true);
      if (why != null) {
        return Future.failedFuture(why);
      }
      return nodes.command(a, new SendCorrection(m.getString("peer"), String.valueOf(id), text))
          .compose(ok -> history.correctSent(user.userId, a.account, id, text))
          .map(v -> updated(user, HistoryStore.edits(plain(m).put("text", text), true, false)));
    });
  }

  /** Takes back a message the user sent; its text is removed here too. */
  private Future<JsonObject> retractMessage(UserSession user, JsonObject c) {
    AccountSession a = account(user, c);
    networks.require(a, Capability.RETRACTIONS);
    long id = messageId(c);
    ParleyException notConnected = NodeLink.notConnected(a);
    if (notConnected != null) {
      return Future.failedFuture(notConnected);
    }
    return history.ownSent(user.userId, a.id(), id).compose(m -> {
      ParleyException why = uneditable(m, false);
      if (why != null) {
        return Future.failedFuture(why);
      }
      return nodes.command(a, new SendRetraction(m.getString("peer"), String.valueOf(id)))
          .compose(ok -> history.retractSent(user.userId, a.id(), id))
          .map(v -> updated(user, HistoryStore.edits(plain(m).put("text", ""), false, true)));
    });
  }

  private static long messageId(JsonObject c) {
    Long id = Fields.optionalLong(c, "messageId");
    if (id == null || id <= 0) {
      throw FailureCode.INVALID_FIELD.exception("messageId must be the id of a message you sent.");
    }
    return id;
  }

  /** Why this message cannot be corrected (or, {@code last} false, taken back), in words; or null. */
  private static ParleyException uneditable(JsonObject m, boolean last) {
    String what = last ? "corrected" : "taken back";
    if (m == null) {
      return FailureCode.INVALID_FIELD.exception("messageId must be the id of a message you sent.");
    }
    if (m.getBoolean("retracted")) {
      return FailureCode.INVALID_FIELD.exception("That message was taken back already.");
    }
    if (m.getBoolean("fromElsewhere")) {
      return FailureCode.INVALID_FIELD.exception("That message was sent from another client; it can be " + what + " only there.");
    }
    String status = m.getString("status");
    if (MessageStatus.PENDING.equals(status) || MessageStatus.FAILED.equals(status)) {
      return FailureCode.INVALID_FIELD.exception("Only a message that was sent can be " + what + ".");
    }
    if (last && !m.getBoolean("last")) {
      return FailureCode.INVALID_FIELD.exception("Only the last message you sent in a chat can be corrected.");
    }
    return null;
  }

  /** The message without what {@link HistoryStore#ownSent} added for the checks. */
  private static JsonObject plain(JsonObject m) {
    JsonObject copy = m.copy();
    copy.remove("retracted");
    copy.remove("fromElsewhere");
    copy.remove("last");
    return copy;
  }

  /** Tells every tab, and answers the command with the message. */
  private static JsonObject updated(UserSession user, JsonObject message) {
    user.events.publish(new MessageUpdatedEvent(message));
    return new JsonObject().put("message", message);
  }

  /** The server fields the network asks for (its descriptor's {@code server}): a network without discovery needs them. */
  private static void requireServer(NetworkDescriptor d, String host, Integer port) {
    NetworkDescriptor.Server server = d.server();
    if (NetworkDescriptor.REQUIRED.equals(server.host()) && host == null) {
      throw FailureCode.INVALID_FIELD.exception("host is required for " + d.label() + " accounts"
          + (server.hostPlaceholder() == null ? "" : " (the server, like " + server.hostPlaceholder() + ")") + ".");
    }
    if (NetworkDescriptor.REQUIRED.equals(server.port()) && port == null) {
      throw FailureCode.INVALID_FIELD.exception("port is required for " + d.label() + " accounts"
          + (server.defaultPort() == null ? "" : " (usually " + server.defaultPort() + ")") + ".");
    }
    if (NetworkDescriptor.NONE.equals(server.host()) && host != null) {
      throw FailureCode.INVALID_FIELD.exception(d.label() + " accounts name no server host.");
    }
    if (NetworkDescriptor.NONE.equals(server.port()) && port != null) {
      throw FailureCode.INVALID_FIELD.exception(d.label() + " accounts name no server port.");
    }
  }

  private static String host(JsonObject c) {
    String host = Fields.optionalString(c, "host", 253);
    return host == null || host.isBlank() ? null : host.trim();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
