package parley.nodekit;

import io.vertx.core.Future;

/** One IM account a protocol node holds. */
public interface NodeAccount {
  /** Begins connecting; progress goes out as {@code connection-state} events. */
  void start();

  /**
   * Sends again what the session knows of this connection ({@code resync}): its
   * {@code connection-state} ({@link NodeEvents#resendState()}) and, while online, the roster and
   * each contact's current presence.
   */
  void resync();

  /**
   * A drain asked the session to move this account to another node: a second login of it (which
   * on some networks ends this one) is the expected end of this connection, not a failure to
   * report or to reconnect from.
   */
  default void moving() {}

  /**
   * Some of this account's events were dropped on their way to the session (the node's buffer for
   * its session shard was full while the shard had no owner); the shard's owner has taken what was
   * held since. Sends again what the IM server can give: at least the {@link #resync()}; a network
   * with a message archive fetches the messages after {@code archiveAfter} (the archive id of the
   * last event taken before the first dropped one; null when none had one), answering true. False
   * when the messages cannot be fetched again: the node then tells the page they may be missed.
   */
  default boolean fillGap(String archiveAfter) {
    resync();
    return false;
  }

  /** Closes the connection; with {@code report}, tells the session the account is disconnected. */
  Future<Void> close(boolean report);
}
