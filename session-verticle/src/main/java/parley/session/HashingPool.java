package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import parley.contract.FailureCode;

/**
 * Runs bcrypt on a few worker threads of its own, never on an event loop, and takes at most a
 * bounded number of jobs (running and waiting): under a flood of sign-ins the rest are refused at
 * once instead of queueing without end and starving every other blocking task.
 */
final class HashingPool {
  private final WorkerExecutor executor;
  private final int maxJobs;
  private final AtomicInteger jobs = new AtomicInteger();

  HashingPool(Vertx vertx, int threads, int maxJobs) {
    this.executor = vertx.createSharedWorkerExecutor("parley-bcrypt", Math.max(1, threads));
    this.maxJobs = Math.max(1, maxJobs);
  }

  <T> Future<T> run(Callable<T> job) {
    if (jobs.incrementAndGet() > maxJobs) {
      jobs.decrementAndGet();
      return Future.failedFuture(FailureCode.RATE_LIMITED.exception(
          "Parley is busy checking other passwords right now; try again in a few seconds."));
    }
    return executor.executeBlocking(job, false).andThen(ar -> jobs.decrementAndGet());
  }

  Future<Void> close() {
    return executor.close();
  }
}
