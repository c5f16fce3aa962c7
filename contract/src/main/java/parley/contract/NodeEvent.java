package parley.contract;

/**
 * Message types a protocol node sends to {@link Addresses#SESSION_IM_EVENTS}.
 * Every event carries {@code nodeId}, {@code userId} and {@code accountId}.
 */
public final class NodeEvent {
  private NodeEvent() {}

  public static final String CONNECTION_STATE = "connection-state";
  public static final String ROSTER = "roster";
  public static final String CONTACT_UPDATED = "contact-updated";
  public static final String CONTACT_REMOVED = "contact-removed";
  public static final String PRESENCE = "presence";
  public static final String MESSAGE_RECEIVED = "message-received";
  public static final String TYPING = "typing";
  public static final String SUBSCRIPTION_REQUEST = "subscription-request";
  /**
   * The IM server answered a message sent with {@code send-message} with an error (a bounce):
   * {@code {"messageId": "42", "to": "…", "error": {"code": "IM_ERROR", "text": "…"}}}.
   */
  public static final String MESSAGE_FAILED = "message-failed";
  /**
   * The catch-up from the IM server's archive after a login ended (XEP-0313):
   * {@code {"available": true, "lastId": "…", "complete": true, "fetched": 12}}; {@code available: false}
   * when the server keeps no archive (messages may have been missed while the account was away).
   */
  public static final String ARCHIVE_SYNCED = "archive-synced";
  /**
   * A message the account sent from another of its clients (XMPP: a XEP-0280 sent carbon):
   * {@code {"to": "bob@example.org", "text": "…", "ts": 1764060000000}}.
   */
  public static final String OWN_MESSAGE = "own-message";
  /**
   * The peer's client acknowledged a message sent with {@code send-message}:
   * {@code {"messageId": "42", "from": "bob@example.org", "status": "delivered"}} ({@code read} for a
   * displayed marker).
   */
  public static final String MESSAGE_STATUS = "message-status";
  /**
   * The peer corrected one of its messages (XMPP: XEP-0308):
   * {@code {"from": "bob@example.org", "id": "their message id", "text": "…", "ts": 1764060000000}}.
   */
  public static final String MESSAGE_CORRECTED = "message-corrected";
  /** The peer took one of its messages back (XMPP: XEP-0424): {@code {"from": "bob@example.org", "id": "…"}}. */
  public static final String MESSAGE_RETRACTED = "message-retracted";
  /**
   * The account's whole blocklist on the IM server (XMPP: XEP-0191), after each login where the
   * server offers blocking and again after each change (from Parley or another client):
   * {@code {"jids": ["mallory@example.org"]}}.
   */
  public static final String BLOCKLIST = "blocklist";
  /**
   * A contact's avatar (XMPP: XEP-0153 vCard photo): {@code {"jid": "bob@example.org", "hash": "sha-1 hex",
   * "mediaType": "image/png", "data": "base64"}}; {@code "hash": ""} without mediaType and data: the contact has none now.
   * The node sends only a checked PNG, JPEG, GIF or WebP image, at most {@code xmpp.maxAvatarBytes}.
   */
  public static final String AVATAR = "avatar";
  /**
   * A draining node asks the session to move this account to another node ({@code {}}): the session
   * connects it through another node, switches to that connection once it is up and only then
   * disconnects it here. Sent for one account at a time.
   */
  public static final String MOVE_ASKED = "move-asked";
  /**
   * The account is in a group chat now, or no longer (XMPP: XEP-0045):
   * {@code {"room": "lobby@conference.example.org", "state": "joined", "nick": "alice", "role": "participant",
   * "affiliation": "member", "created": false}} or {@code {"room": "…", "state": "left", "error": {…}}}
   * (error: why, when the account did not leave of its own accord).
   */
  public static final String ROOM_STATE = "room-state";
  /**
   * Someone in a group chat came, changed or went: {@code {"room": "…", "nick": "bob", "available": true,
   * "role": "participant", "affiliation": "none", "jid": "bob@example.org", "show": "away", "status": "…"}}.
   */
  public static final String ROOM_OCCUPANT = "room-occupant";
  /** A group chat's subject, on joining and when it changes: {@code {"room": "…", "subject": "…", "nick": "bob"}}. */
  public static final String ROOM_SUBJECT = "room-subject";
  /**
   * A message in a group chat: {@code {"room": "…", "nick": "bob", "text": "…", "ts": 1764060000000,
   * "stanzaId": "…", "delayed": true, "messageId": "42", "remoteId": "…"}}; {@code delayed}: from the room's
   * history; {@code messageId}: the account's own message sent with {@code send-room-message}, reflected by the room.
   */
  public static final String ROOM_MESSAGE = "room-message";
  /**
   * An invitation to a group chat: {@code {"room": "…", "from": "bob@example.org", "reason": "…",
   * "password": "…", "direct": false}} (direct: XEP-0249, else through the room, XEP-0045).
   */
  public static final String ROOM_INVITATION = "room-invitation";
  /**
   * The account's room bookmarks on its server (XMPP: XEP-0402, else XEP-0048), after each login and each
   * change: {@code {"rooms": [{"room": "…", "name": "…", "nick": "alice", "autojoin": true, "password": "…"}], "pep": true}}
   * ({@code password} where the bookmark has one; for the session only), with {@code "removed": ["…"]}: the
   * rooms whose bookmarks another client's change (a PEP notification) took away.
   */
  public static final String BOOKMARKS = "bookmarks";
}
