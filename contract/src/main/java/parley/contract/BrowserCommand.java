package parley.contract;

import java.util.Set;

/** Message types a browser sends to {@link Addresses#BROWSER_COMMANDS}. */
public final class BrowserCommand {
  private BrowserCommand() {}

  public static final String ATTACH = "attach";
  public static final String ACCOUNT_ADD = "account.add";
  public static final String ACCOUNT_UPDATE = "account.update";
  public static final String ACCOUNT_REMOVE = "account.remove";
  public static final String ACCOUNT_CONNECT = "account.connect";
  public static final String ACCOUNT_DISCONNECT = "account.disconnect";
  public static final String PRESENCE_SET = "presence.set";
  public static final String MESSAGE_SEND = "message.send";
  /**
   * Field of {@link #MESSAGE_SEND}: the page's own id for the message (1 to {@link #CLIENT_ID_MAX}
   * letters, digits, '-' or '_'); a second send with the same id is not stored or sent again.
   */
  public static final String CLIENT_ID = "clientId";
  public static final int CLIENT_ID_MAX = 64;
  public static final String TYPING_SEND = "typing.send";
  public static final String CONTACT_ADD = "contact.add";
  public static final String CONTACT_REMOVE = "contact.remove";
  public static final String SUBSCRIPTION_ANSWER = "subscription.answer";
  public static final String HISTORY_GET = "history.get";
  public static final String CHAT_READ = "chat.read";
  /** Older messages of a 1:1 chat from the IM server's archive, when the local history ran out. */
  public static final String HISTORY_ARCHIVE = "history.archive";
  /** Correct the last message the user sent in a chat (XMPP: XEP-0308). */
  public static final String MESSAGE_CORRECT = "message.correct";
  /** Take back a message the user sent (XMPP: XEP-0424). */
  public static final String MESSAGE_RETRACT = "message.retract";
  /** A contact's avatar, as a {@code data:} URL (the contact JSON names only its hash). */
  public static final String AVATAR_GET = "avatar.get";
  /** Set the person's own avatar on an account (XMPP: vCard photo, XEP-0153). */
  public static final String AVATAR_SET = "avatar.set";
  /** Block a contact or a stranger on the account's IM server (XMPP: XEP-0191). */
  public static final String CONTACT_BLOCK = "contact.block";
  /** Unblock one blocked with {@code contact.block}. */
  public static final String CONTACT_UNBLOCK = "contact.unblock";

  /** A slot on the IM server's upload service for a file (XMPP: XEP-0363); the page then POSTs the bytes to /files/{slotId}. */
  public static final String FILE_SLOT = "file.slot";
  /** The web verticle's upload route takes the slot it PUTs to; refused from the bridge ({@link #WEB_ONLY}). */
  public static final String FILE_CLAIM = "file.claim";

  /**
   * Group chats (XMPP: XEP-0045) of an account whose server offers them: {@code room.join}
   * {@code {"accountId", "room", "nick", "password"}}, {@code room.leave} {@code {"accountId", "room"}},
   * {@code room.subject} {@code {"accountId", "room", "subject"}}, {@code room.invite}
   * {@code {"accountId", "room", "jid", "reason"}}, {@code room.decline} {@code {"accountId", "room", "jid", "reason"}}.
   * A message to a room is a {@link #MESSAGE_SEND} to the room's address.
   */
  public static final String ROOM_JOIN = "room.join";
  public static final String ROOM_LEAVE = "room.leave";
  public static final String ROOM_SUBJECT = "room.subject";
  public static final String ROOM_INVITE = "room.invite";
  public static final String ROOM_DECLINE = "room.decline";
  /** Full-text search over all of the user's history, every account and network. */
  public static final String HISTORY_SEARCH = "history.search";
  /** One page of the user's history for the web verticle's export route; refused from the bridge ({@link #WEB_ONLY}). */
  public static final String HISTORY_EXPORT = "history.export";
  /** The user's recent conversations (people and group chats), newest first, with unread counts and the last message. */
  public static final String CHATS_RECENT = "chats.recent";
  /**
   * The language the user's history search understands besides words as written:
   * {@code {"language": "english"}} or {@code "none"} (SearchLanguageSet); kept per user, a
   * {@code search.language} event to every tab.
   */
  public static final String SEARCH_LANGUAGE_SET = "search.language.set";

  /**
   * People (a person groups contacts of any accounts and networks, kept by the session):
   * {@code person.merge} {@code {"contacts": [{"accountId", "jid"}, …]}}, {@code person.split}
   * {@code {"personId", "accountId", "jid"}}, {@code person.suggestions} {@code {}},
   * {@code person.history} {@code {"personId", "before", "limit"}} (every network's messages in one
   * timeline), {@code person.send} {@code {"personId", "text", "clientId", "accountId", "jid"}}
   * (through the contact last active, or the one named).
   */
  public static final String PERSON_MERGE = "person.merge";
  public static final String PERSON_SPLIT = "person.split";
  public static final String PERSON_SUGGESTIONS = "person.suggestions";
  public static final String PERSON_HISTORY = "person.history";
  public static final String PERSON_SEND = "person.send";
  /** A merge suggestion the user turned down: kept on the server, no longer suggested on any device. */
  public static final String PERSON_DISMISS = "person.dismiss";

  public static final Set<String> ALL = Set.of(PERSON_MERGE, PERSON_SPLIT, PERSON_SUGGESTIONS, PERSON_HISTORY, PERSON_SEND,
      PERSON_DISMISS, ATTACH, ACCOUNT_ADD, ACCOUNT_UPDATE, ACCOUNT_REMOVE,
      ACCOUNT_CONNECT, ACCOUNT_DISCONNECT, PRESENCE_SET, MESSAGE_SEND, TYPING_SEND, CONTACT_ADD,
      CONTACT_REMOVE, SUBSCRIPTION_ANSWER, HISTORY_GET, CHAT_READ, HISTORY_ARCHIVE, MESSAGE_CORRECT, MESSAGE_RETRACT,
      FILE_SLOT, FILE_CLAIM, CONTACT_BLOCK, CONTACT_UNBLOCK, AVATAR_GET, AVATAR_SET,
      ROOM_JOIN, ROOM_LEAVE, ROOM_SUBJECT, ROOM_INVITE, ROOM_DECLINE, HISTORY_SEARCH, HISTORY_EXPORT,
      CHATS_RECENT, SEARCH_LANGUAGE_SET);
  /**
   * Commands that may be sent to a session again when their answer is lost (a shard handed over
   * while one was on its way): reads, and settings whose second application changes nothing.
   * Sends are so only with a {@link #CLIENT_ID} ({@link #safeToRepeat}).
   */
  public static final Set<String> REPEATABLE = Set.of(ATTACH, PRESENCE_SET, CHAT_READ, HISTORY_GET, HISTORY_SEARCH,
      CHATS_RECENT, SEARCH_LANGUAGE_SET, AVATAR_GET, PERSON_SUGGESTIONS, PERSON_HISTORY);

  /**
   * Whether {@code body} may be sent again: a {@link #REPEATABLE} command, or a send carrying the
   * page's client id (the session stores and sends it once, and answers a repeat as the first).
   */
  public static boolean safeToRepeat(Object body) {
    if (!(body instanceof io.vertx.core.json.JsonObject command) || !(command.getValue("type") instanceof String type)) {
      return false;
    }
    if (MESSAGE_SEND.equals(type) || PERSON_SEND.equals(type)) {
      return command.getValue(CLIENT_ID) instanceof String;
    }
    return REPEATABLE.contains(type);
  }

  /** Commands only Parley's web verticle sends (for a signed-in user); the bridge refuses them from browsers. */
  public static final Set<String> WEB_ONLY = Set.of(FILE_CLAIM, HISTORY_EXPORT);
}
