package parley.contract.node;

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

  /** Closes the connection; with {@code report}, tells the session the account is disconnected. */
  Future<Void> close(boolean report);
}
