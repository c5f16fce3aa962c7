package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
import parley.contract.ServerFeature;
import parley.contract.browser.AccountAdd;
import parley.contract.browser.AccountConnect;
import parley.contract.browser.AccountDisconnect;
import parley.contract.browser.AccountRemove;
import parley.contract.browser.AccountUpdate;
import parley.contract.browser.Attach;
import parley.contract.browser.AvatarGet;
import parley.contract.browser.AvatarSet;
import parley.contract.browser.ChatRead;
import parley.contract.browser.ChatsRecent;
import parley.contract.browser.CommandFields;
import parley.contract.browser.ContactAdd;
import parley.contract.browser.ContactBlock;
import parley.contract.browser.ContactRemove;
import parley.contract.browser.ContactUnblock;
import parley.contract.browser.FileClaim;
import parley.contract.browser.FileSlot;
import parley.contract.browser.HistoryArchive;
import parley.contract.browser.HistoryExport;
import parley.contract.browser.HistoryGet;
import parley.contract.browser.MessageCorrect;
import parley.contract.browser.MessageRetract;
import parley.contract.browser.MessageSend;
import parley.contract.browser.PersonDismiss;
import parley.contract.browser.PersonHistory;
import parley.contract.browser.PersonMerge;
import parley.contract.browser.PersonSend;
import parley.contract.browser.PersonSplit;
import parley.contract.browser.PresenceSet;
import parley.contract.browser.RoomDecline;
import parley.contract.browser.RoomInvite;
import parley.contract.browser.RoomJoin;
import parley.contract.browser.RoomLeave;
import parley.contract.browser.RoomSubject;
import parley.contract.browser.SubscriptionAnswer;
import parley.contract.browser.TypingSend;
import parley.contract.node.AddContact;
import parley.contract.node.AnswerSubscription;
import parley.contract.node.ArchivePage;
import parley.contract.node.ArchiveQuery;
import parley.contract.node.ArchivedMessage;
import parley.contract.node.Block;
import parley.contract.node.Failure;
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
import parley.contract.browser.AccountReply;
import parley.contract.browser.AccountRemovedEvent;
import parley.contract.browser.AccountUpdatedEvent;
import parley.contract.browser.ChatReadEvent;
import parley.contract.browser.ExportedMessage;
import parley.contract.browser.HistoryExportPage;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.MessageUpdatedEvent;
import parley.contract.browser.StoredMessage;
import parley.contract.browser.OwnPresenceEvent;
import parley.contract.browser.SearchLanguageEvent;
import parley.contract.browser.SearchLanguageSet;
import parley.contract.browser.SubscriptionAnsweredEvent;

/** Every command a browser may send, checked and carried out for the signed-in user. */
final class BrowserCommands {
  private static final Logger log = LoggerFactory.getLogger(BrowserCommands.class);

  private final Sessions sessions;
  private final AccountStore accounts;
  private final HistoryStore history;
  private final OrphanedSends orphans;
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
  private final LoadShedder shedder;
  private final People people;
  private final Networks networks;
  private final RecentChats recent;

  BrowserCommands(Sessions sessions, AccountStore accounts, HistoryStore history, OrphanedSends orphans, CredentialCipher cipher,
                  NodeLink nodes, IdlePolicy idle, Allowances allowances, Storage storage, UserStateStore state,
                  Consumer<Boolean> catchUps, UploadSlots uploads, RoomChats rooms, HistorySearch search,
                  UserBudgets searches, UserBudgets exports, People people, Networks networks, RecentChats recent,
                  LoadShedder shedder) {
    this.shedder = shedder;
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
    this.orphans = orphans;
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
    return user.account(CommandFields.string(c, "accountId", 64));
  }

  private Future<JsonObject> run(UserSession user, String type, JsonObject c) {
    return switch (type) {
      case BrowserCommand.ATTACH -> Future.succeededFuture(attach(user, Attach.fromJson(c)));
      case BrowserCommand.ACCOUNT_ADD -> addAccount(user, AccountAdd.fromJson(c));
      case BrowserCommand.ACCOUNT_UPDATE -> updateAccount(user, AccountUpdate.fromJson(c));
      case BrowserCommand.ACCOUNT_REMOVE -> removeAccount(user, AccountRemove.fromJson(c));
      case BrowserCommand.ACCOUNT_CONNECT -> setOnline(user, user.account(AccountConnect.fromJson(c).accountId()), true);
      case BrowserCommand.ACCOUNT_DISCONNECT -> setOnline(user, user.account(AccountDisconnect.fromJson(c).accountId()), false);
      case BrowserCommand.PRESENCE_SET -> setPresence(user, PresenceSet.fromJson(c));
      case BrowserCommand.MESSAGE_SEND -> sendMessage(user, MessageSend.fromJson(c));
      case BrowserCommand.TYPING_SEND -> sendTyping(user, TypingSend.fromJson(c));
      case BrowserCommand.CONTACT_ADD -> addContact(user, ContactAdd.fromJson(c));
      case BrowserCommand.CONTACT_REMOVE -> removeContact(user, ContactRemove.fromJson(c));
      case BrowserCommand.SUBSCRIPTION_ANSWER -> answerSubscription(user, SubscriptionAnswer.fromJson(c));
      case BrowserCommand.HISTORY_GET -> historyPage(user, HistoryGet.fromJson(c));
      case BrowserCommand.CHAT_READ -> chatRead(user, ChatRead.fromJson(c));
      case BrowserCommand.HISTORY_ARCHIVE -> archivePage(user, HistoryArchive.fromJson(c));
      case BrowserCommand.MESSAGE_CORRECT -> correctMessage(user, MessageCorrect.fromJson(c));
      case BrowserCommand.MESSAGE_RETRACT -> retractMessage(user, MessageRetract.fromJson(c));
      case BrowserCommand.FILE_SLOT -> uploads.ask(user, FileSlot.fromJson(c));
      case BrowserCommand.FILE_CLAIM -> Future.succeededFuture(uploads.claim(user.userId, FileClaim.fromJson(c)));
      case BrowserCommand.CONTACT_BLOCK -> block(user, ContactBlock.fromJson(c));
      case BrowserCommand.CONTACT_UNBLOCK -> unblock(user, ContactUnblock.fromJson(c));
      case BrowserCommand.AVATAR_GET -> avatar(user, AvatarGet.fromJson(c));
      case BrowserCommand.AVATAR_SET -> setAvatar(user, AvatarSet.fromJson(c));
      case BrowserCommand.ROOM_JOIN -> rooms.join(user, RoomJoin.fromJson(c));
      case BrowserCommand.ROOM_LEAVE -> rooms.leave(user, RoomLeave.fromJson(c));
      case BrowserCommand.ROOM_SUBJECT -> rooms.subject(user, RoomSubject.fromJson(c));
      case BrowserCommand.ROOM_INVITE -> rooms.invite(user, RoomInvite.fromJson(c));
      case BrowserCommand.ROOM_DECLINE -> rooms.decline(user, RoomDecline.fromJson(c));
      case BrowserCommand.HISTORY_SEARCH -> searchHistory(user, parley.contract.browser.HistorySearch.fromJson(c));
      case BrowserCommand.SEARCH_LANGUAGE_SET -> setSearchLanguage(user, SearchLanguageSet.fromJson(c));
      case BrowserCommand.HISTORY_EXPORT -> exportPage(user, HistoryExport.fromJson(c));
      case BrowserCommand.PERSON_MERGE -> people.merge(user, PersonMerge.fromJson(c));
      case BrowserCommand.PERSON_SPLIT -> people.split(user, PersonSplit.fromJson(c));
      case BrowserCommand.PERSON_SUGGESTIONS -> Future.succeededFuture(people.suggestions(user));
      case BrowserCommand.PERSON_HISTORY -> people.history(user, PersonHistory.fromJson(c));
      case BrowserCommand.PERSON_SEND -> people.send(user, PersonSend.fromJson(c), this::sendMessage);
      case BrowserCommand.PERSON_DISMISS -> people.dismiss(user, PersonDismiss.fromJson(c));
      case BrowserCommand.CHATS_RECENT -> recent.page(user, ChatsRecent.fromJson(c));
      default -> Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception(null));
    };
  }

  private JsonObject attach(UserSession user, Attach c) {
    idle.resume(user);
    // Its browser-attached may come just after: the user (and the stream named here) stays meanwhile.
    idle.startTimerIfIdle(user);
    JsonObject reply = new JsonObject()
        .put("stream", user.events.streamId())
        .put("seq", user.events.seq())
        .put("username", user.username)
        .put("state", user.snapshot().put("networks", networks.toJson()));
    Long since = c.since();
    String stream = c.stream();
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

  private Future<JsonObject> addAccount(UserSession user, AccountAdd c) {
    NetworkDescriptor d = networks.describe(c.network() == null ? networks.defaultNetwork() : c.network());
    String login = Fields.address(c.login(), d.login());
    requireServer(d, c.host(), c.port());
    String id = UUID.randomUUID().toString();
    ImAccount account = new ImAccount(id, user.userId, d.network(), login, cipher.encrypt(c.password(), id),
        c.host(), c.port(), c.tls() == null ? d.server().tlsDefault() : c.tls(), true);
    return accounts.insert(account).map(stored -> {
      AccountSession a = new AccountSession(stored);
      user.accounts.put(stored.id(), a);
      user.events.publish(new AccountAddedEvent(a.view()));
      nodes.connect(user, a);
      idle.startTimerIfIdle(user);
      return new AccountReply(a.view()).toJson();
    });
  }

  private Future<JsonObject> updateAccount(UserSession user, AccountUpdate c) {
    AccountSession a = user.account(c.accountId());
    ImAccount old = a.account;
    NetworkDescriptor d = networks.describe(old.network());
    String login = c.login() != null ? Fields.address(c.login(), d.login()) : old.login();
    byte[] secret = c.password() == null ? old.secret() : cipher.encrypt(c.password(), old.id());
    String host = c.setsHost() ? c.host() : old.host();
    Integer port = c.setsPort() ? c.port() : old.port();
    String tls = c.tls() != null ? c.tls() : old.tls();
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
      user.events.publish(new AccountUpdatedEvent(a.view()));
      if (wasOnline) {
        nodes.connect(user, a);
      }
      return new AccountReply(a.view()).toJson();
    });
  }

  private Future<JsonObject> removeAccount(UserSession user, AccountRemove c) {
    AccountSession a = user.account(c.accountId());
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

  private Future<JsonObject> setPresence(UserSession user, PresenceSet c) {
    SetPresence presence = new SetPresence(c.show(), c.status());
    // Stored first, so the next owner of the user's shard connects with it too.
    return storage.once(user, () -> state.setPresence(user.fence, user.userId, presence)).map(v -> {
      user.ownPresence = presence;
      user.events.publish(new OwnPresenceEvent(presence.show(), presence.status()));
      user.accounts.values().stream().filter(AccountSession::connected).forEach(a -> nodes.command(a, presence));
      return new JsonObject();
    });
  }

  /**
   * Fails unless the user may send a message on {@code a} now (its command kept the text rules): billing has
   * not stopped the user's sending (receiving and history go on), the account is connected, and this
   * process is not behind (then the send is shed, OVERLOADED).
   */
  private void requireSendable(UserSession user, AccountSession a) {
    ParleyException why = allowances.refusal(user.userId);
    if (why == null) {
      why = NodeLink.notConnected(a);
    }
    if (why == null) {
      why = shedder.refusal();
    }
    if (why != null) {
      throw why;
    }
  }

  /** A {@code message.send} as JSON: {@code person.send} sends through here. */
  private Future<JsonObject> sendMessage(UserSession user, JsonObject c) {
    return sendMessage(user, MessageSend.fromJson(c));
  }

  private Future<JsonObject> sendMessage(UserSession user, MessageSend c) {
    AccountSession a = user.account(c.accountId());
    String to = Fields.address(c.to(), networks.contact(a));
    String clientId = c.clientId();
    String text = c.text();
    if (clientId == null) {
      requireSendable(user, a);
      return storage.once(user, () -> history.storePending(user.fence, user.userId, a.id(), to, text))
          .compose(pending -> send(user, a, pending)).map(BrowserCommands::sent);
    }
    // A resend (the page lost the answer with its connection): the first send's answer, nothing stored or sent again.
    Future<StoredMessage> running = user.sending.get(clientId);
    if (running != null) {
      return running.map(message -> sent(sameMessage(message, a.id(), to, text)));
    }
    Future<StoredMessage> answer = sendOnce(user, a, to, text, clientId);
    user.sending.put(clientId, answer);
    answer.onComplete(ar -> user.sending.remove(clientId));
    return answer.map(BrowserCommands::sent);
  }

  /**
   * Stores the message once per client id (the unique index decides) and sends it; a resend stores
   * nothing and is answered with the message as it stands. No lookup before the insert (one
   * statement per send fewer, issue 16): only a send refused now looks for an earlier one, whose
   * answer a resend gets as before. In order with the user's writes, and STORAGE_UNAVAILABLE (not a
   * stack trace) while the database is away.
   */
  private Future<StoredMessage> sendOnce(UserSession user, AccountSession a, String to, String text, String clientId) {
    try {
      requireSendable(user, a);
    } catch (ParleyException refused) {
      // Refused now (offline, over quota): a resend of a message stored before still gets the first answer.
      return storage.once(user, () -> history.byClientId(user.userId, clientId)).compose(before -> before != null
          ? answeredBefore(user, a, before, to, text, clientId) : Future.failedFuture(refused));
    }
    // The unique client id decides a resend: no lookup before the insert (one statement less per message).
    return storage.once(user, () -> history.storePendingOnce(user.fence, user.userId, a.id(), to, text, clientId))
        .compose(pending -> pending != null ? send(user, a, pending)
            : storage.once(user, () -> history.byClientId(user.userId, clientId))
                .compose(before -> answeredBefore(user, a, before, to, text, clientId)));
  }

  /**
   * Hands a stored pending message to the node (or the room); answers it sent, or fails as the IM
   * server did (marked failed).
   */
  private Future<StoredMessage> send(UserSession user, AccountSession a, StoredMessage pending) {
    // Stored before it goes out, so a message the IM server took is never missing from history
    // (and one that cannot be stored is not sent at all).
    user.events.publish(new MessageEvent(pending));
    long id = pending.id();
    String to = pending.peer();
    String text = pending.text();
    if (RoomChats.isRoom(a, to)) {
      // Sent to the room only when the room reflects it (RoomChats): until then it stays pending.
      return rooms.send(a, to, id, text).transform(ar -> ar.succeeded()
          ? Future.succeededFuture(pending)
          : failed(user, a, pending, ar.cause()));
    }
    return nodes.command(a, new SendMessage(to, text, String.valueOf(id)))
        .transform(ar -> {
          if (ar.succeeded()) {
            StoredMessage sent = pending.withStatus(MessageStatus.SENT);
            return statusChanged(user, sent, () -> history.markSent(user.userId, a.account, id, text)).map(sent);
          }
          if (ar.cause() instanceof ParleyException p && p.code() == FailureCode.NODE_LOST) {
            // The node died holding it: it may have reached the IM server. Unsure, not 'failed'
            // (which says "not delivered" and invites a resend that could double it), nor left
            // pending (shown as on its way for ever); the answer says it may have gone out.
            Failure error = NodeLink.failure(ar.cause());
            return settledAs(user, pending, MessageStatus.UNSURE, error, ar.cause(),
                () -> history.markUnsure(user.fence, user.userId, id, error).mapEmpty());
          }
          return failed(user, a, pending, ar.cause());
        });
  }

  /** Marks a pending message failed with the reason, tells the pages, and fails with it. */
  private Future<StoredMessage> failed(UserSession user, AccountSession a, StoredMessage pending, Throwable cause) {
    Failure error = NodeLink.failure(cause);
    return settledAs(user, pending, MessageStatus.FAILED, error, cause,
        () -> history.markFailed(user.userId, a.id(), pending.id(), error).mapEmpty());
  }

  /** Writes a pending message's new status with its error ({@code write}), tells the pages, and fails with {@code cause}. */
  private Future<StoredMessage> settledAs(UserSession user, StoredMessage pending, String status, Failure error,
                                          Throwable cause, Supplier<Future<Void>> write) {
    return statusChanged(user, pending.settled(status, error), write).compose(v -> Future.failedFuture(cause));
  }

  /**
   * The answer to a resend of a stored message (no send of it is under way here: sendMessage waits
   * for one that is): as the first send was answered (sent, or its failure). Pending, its send was
   * cut off by a session process that stopped (OrphanedSends): it may have gone out, so it is not
   * sent again; it becomes unsure, and the answer says so in words. Except a message to a room,
   * which stays pending here until the room reflects it.
   */
  private Future<StoredMessage> answeredBefore(UserSession user, AccountSession a, StoredMessage before, String to,
                                               String text, String clientId) {
    StoredMessage message = sameMessage(before, a.id(), to, text);
    if (!MessageStatus.PENDING.equals(message.status()) || RoomChats.isRoom(a, to)) {
      return answerOf(message);
    }
    // Settled, then answered as it stands now (a receipt or a bounce may have come first).
    return storage.once(user, () -> orphans.settle(user, message.id()))
        .compose(v -> storage.once(user, () -> history.byClientId(user.userId, clientId)))
        .compose(BrowserCommands::answerOf);
  }

  /** A stored message as the answer to its send: its failure when it failed or its send was cut off, else itself. */
  private static Future<StoredMessage> answerOf(StoredMessage message) {
    String status = message.status();
    Failure error = message.error();
    if ((MessageStatus.FAILED.equals(status) || MessageStatus.UNSURE.equals(status)) && error != null) {
      FailureCode code;
      try {
        code = FailureCode.valueOf(error.code());
      } catch (IllegalArgumentException unknown) {
        code = FailureCode.INTERNAL;
      }
      return Future.failedFuture(code.exception(error.text()));
    }
    return Future.succeededFuture(message);
  }

  /** The answer to {@code message.send}: the message as it stands. */
  private static JsonObject sent(StoredMessage message) {
    return new JsonObject().put("message", message.toJson());
  }

  /** {@code message}, if it is the one the resend names; a client message id names one message only. */
  private static StoredMessage sameMessage(StoredMessage message, String accountId, String to, String text) {
    if (!accountId.equals(message.accountId()) || !to.equals(message.peer()) || !text.equals(message.text())) {
      throw FailureCode.INVALID_FIELD.exception("That client message id was already used for another message.");
    }
    return message;
  }

  /**
   * Writes a sent message's new status and then tells every tab. When the database is away the
   * write is held until it is back, and the tabs are told at once: the IM server has answered,
   * and the user must not think a message that went out was lost.
   */
  private Future<Void> statusChanged(UserSession user, StoredMessage message, Supplier<Future<Void>> write) {
    long id = message.id();
    Future<Void> settled = storage.writtenOrHeld(user, "the status of message " + id, write);
    settled.onFailure(err -> log.error("Status of message {} not stored", id, err));
    // Told even when the write failed for another reason: the user's answer is the IM server's.
    return settled.transform(ar -> {
      user.events.publish(new MessageStatusEvent(message));
      return Future.succeededFuture();
    });
  }

  private Future<JsonObject> sendTyping(UserSession user, TypingSend c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.TYPING);
    String to = Fields.address(c.to(), networks.contact(a));
    return nodes.command(a, new SendTyping(to, c.state()));
  }

  private Future<JsonObject> addContact(UserSession user, ContactAdd c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.ROSTER);
    String jid = Fields.address(c.jid(), networks.contact(a));
    return nodes.command(a, new AddContact(jid, c.name(), c.group()));
  }

  /**
   * Blocks or unblocks a contact or a stranger on the account's IM server (XMPP: XEP-0191); no
   * subscription needed. The node's blocklist event then tells every page of the user.
   */
  private Future<JsonObject> block(UserSession user, ContactBlock c) {
    return setBlocked(user, c.accountId(), c.jid(), true);
  }

  private Future<JsonObject> unblock(UserSession user, ContactUnblock c) {
    return setBlocked(user, c.accountId(), c.jid(), false);
  }

  private Future<JsonObject> setBlocked(UserSession user, String accountId, String address, boolean block) {
    AccountSession a = user.account(accountId);
    networks.require(a, Capability.BLOCKING);
    String jid = Fields.address(address, networks.contact(a));
    if (a.features != null && !a.features.contains(ServerFeature.BLOCKING)) {
      return Future.failedFuture(FailureCode.IM_ERROR.exception(
          a.account.login() + "'s server does not support blocking."));
    }
    return nodes.command(a, block ? new Block(jid) : new Unblock(jid));
  }

  private Future<JsonObject> answerSubscription(UserSession user, SubscriptionAnswer c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.SUBSCRIPTIONS);
    String jid = Fields.address(c.jid(), networks.contact(a));
    boolean approve = c.approve();
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

  private Future<JsonObject> removeContact(UserSession user, ContactRemove c) {
    AccountSession a = user.account(c.accountId());
    return nodes.command(a, new RemoveContact(Fields.address(c.jid(), networks.contact(a))));
  }

  /** A contact's avatar, kept in memory: {@code {"jid", "hash", "url": "data:image/png;base64,…"}}; hash "" when none. */
  private Future<JsonObject> avatar(UserSession user, AvatarGet c) {
    AccountSession a = user.account(c.accountId());
    String jid = Fields.address("jid", c.jid(), networks.lookup(a));
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
  private Future<JsonObject> setAvatar(UserSession user, AvatarSet c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.OWN_AVATAR);
    ParleyException notConnected = NodeLink.notConnected(a);
    if (notConnected != null) {
      return Future.failedFuture(notConnected);
    }
    return nodes.command(a, new SetAvatar(c.data())).map(ok -> new JsonObject());
  }

  private Future<JsonObject> historyPage(UserSession user, HistoryGet c) {
    AccountSession a = user.account(c.accountId());
    String peer = Fields.address(c.peer(), networks.lookup(a));
    int pageSize = (int) Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, c.limit() == null ? 50 : c.limit()));
    if (c.around() != null) {
      return history.around(user.userId, a.id(), peer, c.around(), pageSize);
    }
    Future<List<StoredMessage>> page = c.after() != null ? history.pageAfter(user.userId, a.id(), peer, c.after(), pageSize)
        : history.page(user.userId, a.id(), peer, c.before(), pageSize);
    return page.map(list -> new JsonObject().put("messages", StoredMessage.jsonArray(list)));
  }

  /** Full-text search over all of the user's messages (HistorySearch), limited per user. */
  private Future<JsonObject> searchHistory(UserSession user, parley.contract.browser.HistorySearch c) {
    SearchQuery query = SearchQuery.parse(user, c, networks, c.personId() == null ? null : people.chatsOf(user, c.personId()));
    searches.take(user.userId, System.nanoTime());
    return search.search(user.userId, query, accountId -> {
      AccountSession a = user.accounts.get(accountId);
      return a == null ? null : a.account.network();
    });
  }

  /**
   * The language the user's history search understands: stored first (the trigger that gives each
   * new message its words reads it there), then told to every tab. Messages stored before keep theirs.
   */
  private Future<JsonObject> setSearchLanguage(UserSession user, SearchLanguageSet c) {
    String language = c.configOrNull();
    return storage.once(user, () -> state.setSearchLanguage(user.fence, user.userId, language)).map(v -> {
      user.searchLanguage = language;
      user.events.publish(new SearchLanguageEvent(c.language()));
      return c.toJson();
    });
  }

  /**
   * One page of an export for the web verticle's export route (never from a browser: the bridge
   * refuses it): of one chat ({@code accountId} and {@code peer}) or of all history, after the
   * message id {@code after}. Starting an export (no {@code after}) is limited per user; each
   * message names its account's network and login. {@code next}: the id to ask after, or null at
   * the end.
   */
  private Future<JsonObject> exportPage(UserSession user, HistoryExport c) {
    // Which chats: a person's (every network's), one chat, or all (null).
    List<UUID> accountIds = null;
    List<String> peers = null;
    if (c.personId() != null) {
      accountIds = new ArrayList<>();
      peers = new ArrayList<>();
      for (String key : people.chatsOf(user, c.personId())) {
        String[] chat = People.split(key);
        accountIds.add(UUID.fromString(chat[0]));
        peers.add(chat[1]);
      }
    } else if (c.accountId() != null) {
      AccountSession a = user.account(c.accountId());
      accountIds = List.of(UUID.fromString(a.id()));
      peers = List.of(Fields.address("peer", c.peer(), networks.lookup(a)));
    }
    Long after = c.after();
    if (after == null) {
      exports.take(user.userId, System.nanoTime());
    }
    return history.exportPage(user.userId, accountIds, peers, after == null ? 0 : after, Limits.EXPORT_PAGE)
        .map(list -> {
          List<ExportedMessage> messages = new ArrayList<>(list.size());
          list.forEach(m -> {
            AccountSession of = user.accounts.get(m.accountId());
            messages.add(new ExportedMessage(m, of == null ? null : of.account.network(), of == null ? null : of.account.login()));
          });
          Long next = list.size() < Limits.EXPORT_PAGE ? null : list.get(list.size() - 1).id();
          return new HistoryExportPage(messages, next).toJson();
        });
  }

  /**
   * Older messages of a 1:1 chat from the IM server's archive (where the network keeps one), before the page's oldest:
   * its archive id ({@code before}) or else its time ({@code beforeTs}). Shown, not stored: history
   * keeps its order, and the archive is asked again next time.
   */
  private Future<JsonObject> archivePage(UserSession user, HistoryArchive c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.ARCHIVE);
    String peer = Fields.address(c.peer(), networks.contact(a));
    String before = c.before();
    int pageSize = (int) Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, c.limit() == null ? 50 : c.limit()));
    if (RoomChats.isRoom(a, peer)) {
      // A room's older messages are in the room's own archive, not the account's.
      return rooms.archivePage(user, a, peer, before, pageSize);
    }
    ArchiveQuery query = new ArchiveQuery(peer, pageSize, before,
        c.beforeTs() == null || before != null ? null : c.beforeTs() - 1);
    return nodes.command(a, query).map(ArchivePage::fromJson).map(page -> {
      List<StoredMessage> messages = new ArrayList<>();
      for (ArchivedMessage m : page.messages()) {
        messages.add(StoredMessage.archived(a.id(), peer, m.outgoing() ? HistoryStore.OUT : HistoryStore.IN, null,
            m.text().replace('\u0000', '\uFFFD'), m.ts(), m.stanzaId()));
      }
      return new JsonObject().put("messages", StoredMessage.jsonArray(messages)).put("complete", page.complete());
    });
  }

  private Future<JsonObject> chatRead(UserSession user, ChatRead c) {
    AccountSession a = user.account(c.accountId());
    String peer = Fields.address(c.peer(), networks.lookup(a));
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
  private Future<JsonObject> correctMessage(UserSession user, MessageCorrect c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.CORRECTIONS);
    long id = c.messageId();
    String text = c.text();
    requireSendable(user, a);
    return history.ownSent(user.userId, a.id(), id).compose(m -> {
      ParleyException why = uneditable(m, true);
      if (why != null) {
        return Future.failedFuture(why);
      }
      return nodes.command(a, new SendCorrection(m.message().peer(), String.valueOf(id), text))
          .compose(ok -> history.correctSent(user.userId, a.account, id, text))
          .map(v -> updated(user, m.message().changed(text, true, false)));
    });
  }

  /** Takes back a message the user sent; its text is removed here too. */
  private Future<JsonObject> retractMessage(UserSession user, MessageRetract c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.RETRACTIONS);
    long id = c.messageId();
    ParleyException notConnected = NodeLink.notConnected(a);
    if (notConnected != null) {
      return Future.failedFuture(notConnected);
    }
    return history.ownSent(user.userId, a.id(), id).compose(m -> {
      ParleyException why = uneditable(m, false);
      if (why != null) {
        return Future.failedFuture(why);
      }
      return nodes.command(a, new SendRetraction(m.message().peer(), String.valueOf(id)))
          .compose(ok -> history.retractSent(user.userId, a.id(), id))
          .map(v -> updated(user, m.message().changed("", false, true)));
    });
  }

  /** Why this message cannot be corrected (or, {@code last} false, taken back), in words; or null. */
  private static ParleyException uneditable(HistoryStore.OwnSent m, boolean last) {
    String what = last ? "corrected" : "taken back";
    if (m == null) {
      return FailureCode.INVALID_FIELD.exception("messageId must be the id of a message you sent.");
    }
    if (m.retracted()) {
      return FailureCode.INVALID_FIELD.exception("That message was taken back already.");
    }
    if (m.fromElsewhere()) {
      return FailureCode.INVALID_FIELD.exception("That message was sent from another client; it can be " + what + " only there.");
    }
    String status = m.message().status();
    if (MessageStatus.PENDING.equals(status) || MessageStatus.FAILED.equals(status) || MessageStatus.UNSURE.equals(status)) {
      return FailureCode.INVALID_FIELD.exception("Only a message that was sent can be " + what + ".");
    }
    if (last && !m.last()) {
      return FailureCode.INVALID_FIELD.exception("Only the last message you sent in a chat can be corrected.");
    }
    return null;
  }

  /** Tells every tab, and answers the command with the message. */
  private static JsonObject updated(UserSession user, StoredMessage message) {
    user.events.publish(new MessageUpdatedEvent(message));
    return new JsonObject().put("message", message.toJson());
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

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
