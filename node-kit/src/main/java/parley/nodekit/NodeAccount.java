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

  /** Closes the connection; with {@code report}, tells the session the account is disconnected. */
  Future<Void> close(boolean report);
}
