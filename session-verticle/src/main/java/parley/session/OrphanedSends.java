package parley.session;

import io.vertx.core.Future;
import java.util.List;
import parley.contract.FailureCode;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.StoredMessage;
import parley.contract.node.Failure;

/**
 * Messages whose send a stopped session process cut off. A process stores a message pending before it
 * hands it to the protocol node; killed then, it leaves the row pending, and the message may or may
 * not have reached the IM server. Nobody answers for it any more: the process that serves the user
 * next marks it unsure (stored first, then told to every tab), never sends it again (that could
 * double it) and leaves sending it again to the person, whom the page tells why.
 */
final class OrphanedSends {
  /** The error an unsure message carries and a resend of it is answered with. */
  static final Failure ERROR = Failure.of(FailureCode.SEND_UNSURE, null);

  private final HistoryStore history;

  OrphanedSends(HistoryStore history) {
    this.history = history;
  }

  /**
   * Every pending message of a user being loaded: nothing of theirs is being sent in this process
   * yet, and a clean handover finished its sends before it let the user go, so any is an orphan.
   */
  Future<Void> settleAll(UserSession user) {
    return history.markUnsure(user.fence, user.userId, null, ERROR).map(settled -> told(user, settled));
  }

  /**
   * One pending message of the user that is not being sent here: the page's resend of it met it with
   * no send of it under way in this process (the caller writes it in the user's order).
   */
  Future<Void> settle(UserSession user, long id) {
    return history.markUnsure(user.fence, user.userId, id, ERROR).map(settled -> told(user, settled));
  }

  private static Void told(UserSession user, List<StoredMessage> settled) {
    settled.forEach(message -> user.events.publish(new MessageStatusEvent(message)));
    return null;
  }
}
