package parley.session;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;

/**
 * IM connections live while a browser is attached. When the last one detaches a timer starts;
 * if no browser comes back before it fires, the connections close, as a person signing off
 * would. Accounts keep their wish to be online, so the next attach brings them back.
 */
final class IdlePolicy {
  private static final Logger log = LoggerFactory.getLogger(IdlePolicy.class);

  private final Vertx vertx;
  private final NodeLink nodes;
  private final long idleTimeoutMs;
  /** Told after the idle close (the user may be unloaded then). */
  private java.util.function.Consumer<UserSession> afterIdleClose = user -> { };

  IdlePolicy(Vertx vertx, NodeLink nodes, long idleTimeoutMs) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  void afterIdleClose(java.util.function.Consumer<UserSession> then) {
    this.afterIdleClose = then;
  }

  void attached(UserSession user, String socketId) {
    user.browsers.add(socketId);
    cancelTimer(user);
  }

  void detached(UserSession user, String socketId) {
    user.browsers.remove(socketId);
    startTimerIfIdle(user);
  }

  /** Brings back every account the user wants online (on attach and sign-in). */
  void resume(UserSession user) {
    cancelTimer(user);
    user.accounts.values().forEach(a -> {
      if (a.account.autoConnect() && !a.active() && !authFailed(a)) {
        nodes.connect(user, a);
      }
    });
  }

  /** Starts the timer when nothing is attached but something is online. */
  void startTimerIfIdle(UserSession user) {
    if (!user.browsers.isEmpty() || user.idleTimer != -1) {
      return;
    }
    user.idleTimer = vertx.setTimer(idleTimeoutMs, id -> {
      user.idleTimer = -1;
      if (user.browsers.isEmpty() && !user.gone) {
        log.info("No browser attached to user {} for {} ms: closing IM connections", user.userId, idleTimeoutMs);
        closeAll(user);
        afterIdleClose.accept(user);
      }
    });
  }

  void closeAll(UserSession user) {
    cancelTimer(user);
    user.accounts.values().forEach(a -> {
      if (a.active() || a.nodeId != null) {
        nodes.disconnect(user, a);
      }
    });
  }

  void cancelTimer(UserSession user) {
    if (user.idleTimer != -1) {
      vertx.cancelTimer(user.idleTimer);
      user.idleTimer = -1;
    }
  }

  /** A wrong password is not retried by itself: the user has to fix it first. */
  private static boolean authFailed(AccountSession a) {
    return ConnectionState.FAILED.equals(a.state) && a.error != null
        && FailureCode.IM_AUTH_FAILED.name().equals(a.error.code());
  }
}
