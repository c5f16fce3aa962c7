package parley.contract;

import java.util.Set;

/** The status of a message in history, as the page shows it. */
public final class MessageStatus {
  private MessageStatus() {}

  /** Stored, not yet handed to (or acknowledged by) the IM server. */
  public static final String PENDING = "pending";
  /** Handed to the IM server (incoming messages are always {@code sent}). */
  public static final String SENT = "sent";
  /** Refused or bounced; the message carries {@code error}. */
  public static final String FAILED = "failed";
  /** The peer's client said it got the message (XEP-0184 receipt or XEP-0333 {@code received} marker). */
  public static final String DELIVERED = "delivered";
  /** The peer's client said the person saw it (XEP-0333 {@code displayed} marker). */
  public static final String READ = "read";
  /**
   * Its send was cut off: the Parley server sending it stopped before the IM server answered, so it
   * may or may not have gone out. Never sent again by itself (that could double it); the message
   * carries {@code error} ({@link FailureCode#SEND_UNSURE} when the session process stopped,
   * {@link FailureCode#NODE_LOST} when the protocol node holding the account did) and the page
   * offers to send it again. The IM server's word still settles it: a receipt makes it delivered,
   * a bounce failed.
   */
  public static final String UNSURE = "unsure";

  public static final Set<String> ALL = Set.of(PENDING, SENT, FAILED, DELIVERED, READ, UNSURE);
}
