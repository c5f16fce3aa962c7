package parley.contract;

/**
 * Message types the session sends to a protocol node: {@link #CONNECT} to
 * {@link Addresses#nodeConnect(String)}, everything else to {@link Addresses#node(String)}.
 */
public final class NodeCommand {
  private NodeCommand() {}

  public static final String CONNECT = "connect";
  public static final String DISCONNECT = "disconnect";
  public static final String SEND_MESSAGE = "send-message";
  public static final String SEND_TYPING = "send-typing";
  public static final String SET_PRESENCE = "set-presence";
  public static final String ADD_CONTACT = "add-contact";
  public static final String REMOVE_CONTACT = "remove-contact";
  public static final String ANSWER_SUBSCRIPTION = "answer-subscription";
  /**
   * Tell the peer the person has seen their messages up to one (XMPP: a XEP-0333 displayed marker):
   * {@code {"accountId": "…", "to": "bob@example.org", "id": "their message id"}}.
   */
  public static final String SEND_DISPLAYED = "send-displayed";
  /**
   * Correct the last message sent with {@code send-message} (XMPP: XEP-0308):
   * {@code {"accountId": "…", "to": "bob@example.org", "messageId": "42", "text": "…"}}.
   */
  public static final String SEND_CORRECTION = "send-correction";
  /** Take back a message sent with {@code send-message} (XMPP: XEP-0424): {@code {"accountId": "…", "to": "…", "messageId": "42"}}. */
  public static final String SEND_RETRACTION = "send-retraction";
  /**
   * Tell the session again what an account's connection is: the node sends {@code connection-state},
   * {@code roster} and the contacts' {@code presence} events for it (a new shard owner adopting it).
   */
  public static final String RESYNC = "resync";
  /**
   * One page of a 1:1 chat from the IM server's archive, older than a message:
   * {@code {"with": "bob@example.org", "before": "<archive id>", "end": 1764060000000, "max": 50}}.
   */
  public static final String ARCHIVE_QUERY = "archive-query";
  /**
   * A slot on the IM server's file upload service (XMPP: XEP-0363):
   * {@code {"accountId": "…", "filename": "cat.png", "size": 1234, "contentType": "image/png"}} →
   * {@code {"putUrl": "…", "headers": {"Authorization": "…"}, "getUrl": "…", "maxBytes": 10485760}}
   * (maxBytes -1: the service names no limit); a refusal is IM_ERROR with the server's reason.
   */
  public static final String UPLOAD_SLOT = "upload-slot";
  /**
   * Block a contact or a stranger on the IM server (XMPP: XEP-0191), so that the server delivers
   * nothing of theirs: {@code {"accountId": "…", "jid": "mallory@example.org"}}.
   */
  public static final String BLOCK = "block";
  /** Unblock one blocked with {@code block}: {@code {"accountId": "…", "jid": "mallory@example.org"}}. */
  public static final String UNBLOCK = "unblock";
  /**
   * Set the person's own avatar (XMPP: XEP-0054 vCard PHOTO, its hash announced in presence, XEP-0153):
   * {@code {"accountId": "…", "data": "<base64 PNG, JPEG, GIF or WebP>"}}.
   */
  public static final String SET_AVATAR = "set-avatar";
  /**
   * Drain this node: it takes no new accounts and asks the sessions to move the ones it holds to
   * other nodes of its network, one at a time ({@link NodeEvent#MOVE_ASKED}); {@code {}} answered
   * {@code {"nodeId": "…", "held": 3}}, refused (INVALID_FIELD) when it drains already.
   */
  public static final String DRAIN = "drain";
  /**
   * Join a group chat (XMPP: XEP-0045), creating it when it does not exist and the server allows:
   * {@code {"accountId": "…", "room": "lobby@conference.example.org", "nick": "alice", "password": "…"}} →
   * {@code {"room": "…", "nick": "alice", "created": false}} once the room took the account in.
   */
  public static final String JOIN_ROOM = "join-room";
  /** Leave a group chat: {@code {"accountId": "…", "room": "lobby@conference.example.org"}}. */
  public static final String LEAVE_ROOM = "leave-room";
  /**
   * A message to a group chat the account is in: {@code {"accountId": "…", "room": "…", "text": "…", "messageId": "42"}};
   * {@code {}} once the server took it, and a {@code room-message} with that messageId when the room reflected it.
   */
  public static final String SEND_ROOM_MESSAGE = "send-room-message";
  /** Change a group chat's subject: {@code {"accountId": "…", "room": "…", "subject": "…"}}; {@code {}} once the room reflected it. */
  public static final String SET_ROOM_SUBJECT = "set-room-subject";
  /** Invite someone to a group chat the account is in: {@code {"accountId": "…", "room": "…", "jid": "bob@example.org", "reason": "…"}}. */
  public static final String INVITE_TO_ROOM = "invite-to-room";
  /** Decline an invitation: {@code {"accountId": "…", "room": "…", "jid": "<the inviter>", "reason": "…"}}. */
  public static final String DECLINE_INVITATION = "decline-invitation";
  /** Bookmark a room (XMPP: XEP-0402 or XEP-0048): {@code {"accountId": "…", "room": "…", "nick": "alice", "name": "…", "autojoin": true, "password": "…"}} (password optional). */
  public static final String SET_BOOKMARK = "set-bookmark";
  /** Remove a room's bookmark: {@code {"accountId": "…", "room": "…"}}. */
  public static final String REMOVE_BOOKMARK = "remove-bookmark";
  /**
   * One page of a group chat from the ROOM's own archive (XMPP: XEP-0313 addressed to the room), older
   * than a message: {@code {"accountId": "…", "room": "…", "before": "<the room's stanza id>", "max": 50}} →
   * {@code {"messages": [{"stanzaId": "…", "nick": "bob", "text": "…", "ts": 1764060000000}], "complete": true}},
   * oldest first; NO_ARCHIVE in words when the room keeps no archive, IM_ERROR when it cannot be asked.
   */
  public static final String ROOM_ARCHIVE_QUERY = "room-archive-query";
  /** Liveness check; the reply lists the accounts the node holds. */
  public static final String PING = "ping";
}
