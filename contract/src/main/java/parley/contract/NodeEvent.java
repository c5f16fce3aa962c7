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
}
