package parley.contract;

/**
 * Message types the session publishes to {@link Addresses#browserEvents(String)}.
 * Every event carries {@code seq}, the position in that user's stream.
 */
public final class BrowserEvent {
  private BrowserEvent() {}

  public static final String ACCOUNT_ADDED = "account.added";
  public static final String ACCOUNT_UPDATED = "account.updated";
  public static final String ACCOUNT_REMOVED = "account.removed";
  public static final String ACCOUNT_STATE = "account.state";
  public static final String ROSTER = "roster";
  public static final String CONTACT_UPDATED = "contact.updated";
  public static final String CONTACT_REMOVED = "contact.removed";
  public static final String PRESENCE = "presence";
  public static final String OWN_PRESENCE = "own-presence";
  public static final String MESSAGE = "message";
  /** A stored message's status changed (pending, sent, failed with the reason). */
  public static final String MESSAGE_STATUS = "message.status";
  /** A stored message was corrected ({@code edited}) or taken back ({@code removed}) by its sender. */
  public static final String MESSAGE_UPDATED = "message.updated";
  /** The server cannot store messages right now (database away), or can again. */
  public static final String STORAGE = "storage";
  public static final String TYPING = "typing";
  public static final String SUBSCRIPTION_REQUEST = "subscription.request";
  public static final String SUBSCRIPTION_ANSWERED = "subscription.answered";
  public static final String CHAT_READ = "chat.read";
  public static final String SIGNED_OUT = "signed-out";
  /**
   * Messages may have been missed while Parley was away: the account's server keeps no archive, or
   * the catch-up from it could not fetch everything.
   */
  public static final String ARCHIVE_GAP = "archive.gap";
  /** The account's blocklist on its IM server changed (XMPP: XEP-0191): {@code {"accountId": "…", "blocked": [...]}}. */
  public static final String BLOCKLIST = "blocklist";
  /**
   * The user's state moved to another session process (its shard changed owner): attach again.
   * Sent by the web process to its own sockets, not part of the stream (no {@code seq}).
   */
  public static final String SESSION_MOVED = "session.moved";
  /**
   * A group chat of an account, whole but for its occupants: {@code {"accountId", "room": {"room", "nick", "state",
   * "role", "affiliation", "subject", "error"}}} (state joined or left).
   */
  public static final String ROOM = "room";
  /** Someone in a group chat came, changed or went: {@code {"accountId", "room", "occupant": {"nick", "available", …}}}. */
  public static final String ROOM_OCCUPANT = "room.occupant";
  /** An invitation to a group chat, to accept (room.join) or decline: {@code {"accountId", "room", "from", "reason", "direct"}}. */
  public static final String ROOM_INVITATION = "room.invitation";
  /** A person (contacts merged across accounts and networks) was made or changed: {@code {"person": {"id", "contacts": [{"accountId", "jid"}]}}}. */
  public static final String PERSON_UPDATED = "person.updated";
  /** A person is no more (split down to one contact, or its contacts removed): {@code {"personId"}}. */
  public static final String PERSON_REMOVED = "person.removed";
  /** The user chose the language their history search understands: {@code {"language": "english"}} or "none". */
  public static final String SEARCH_LANGUAGE = "search.language";
  /**
   * The networks the running protocol nodes describe changed: {@code {"networks": [descriptor, …]}}
   * (the whole list; the attach reply's {@code state.networks} has it too).
   */
  public static final String NETWORKS = "networks";
}
