package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Bounds the logins in progress on one node. When many accounts connect at once (a node or
 * session restart, a failover) the IM server would otherwise get them all in the same second
 * and refuse or time out most of them; here the rest wait their turn, in order. Used on the
 * node verticle's event loop only.
 */
final class LoginGate {
  private final int permits;
  private final Deque<Promise<Runnable>> waiting = new ArrayDeque<>();
  private int inProgress;

  LoginGate(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1");
    }
    this.permits = permits;
  }

  /** Completes when a login may start, with the action that ends it (calling it again does nothing). */
  Future<Runnable> enter() {
    Promise<Runnable> turn = Promise.promise();
    if (inProgress < permits) {
      inProgress++;
      turn.complete(exit());
    } else {
      waiting.add(turn);
    }
    return turn.future();
  }

  int inProgress() {
    return inProgress;
  }

  int waiting() {
    return waiting.size();
  }

  private Runnable exit() {
    boolean[] done = {false};
    return () -> {
      if (done[0]) {
        return;
      }
      done[0] = true;
      Promise<Runnable> next = waiting.poll();
      if (next == null) {
        inProgress--;
      } else {
        next.complete(exit());
      }
    };
  }
}
