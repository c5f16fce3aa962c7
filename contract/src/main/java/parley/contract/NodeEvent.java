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
}
