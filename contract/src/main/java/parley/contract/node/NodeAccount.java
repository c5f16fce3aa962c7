package parley.contract.node;

import io.vertx.core.Future;

/** One IM account a protocol node holds. */
public interface NodeAccount {
  /** Begins connecting; progress goes out as {@code connection-state} events. */
  void start();

  /** Closes the connection; with {@code report}, tells the session the account is disconnected. */
  Future<Void> close(boolean report);
}
