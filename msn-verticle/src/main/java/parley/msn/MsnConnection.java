package parley.msn;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import parley.boot.LogContext;
import parley.msn.wire.MsnFramer;
import parley.msn.wire.MsnLine;
import parley.msn.wire.MsnSyntaxException;

/**
 * One TCP connection to an MSN server (notification server or switchboard): numbers the commands it
 * sends (transaction ids), matches each answer or error number to its command, and hands every other
 * line to its owner. Runs on the verticle's context; no thread of its own.
 */
final class MsnConnection {
  /** What ended a connection: null when the owner closed it, else the failure. */
  interface Owner {
    void line(MsnLine line);

    void ended(Throwable why);
  }

  /** An MSN server answered a command with an error number. */
  static final class ServerError extends RuntimeException {
    final int code;
    final String command;

    ServerError(int code, String command) {
      super("error " + code + " on " + command, null, false, false);
      this.code = code;
      this.command = command;
    }
  }

  /** The connection ended or gave no answer in time. */
  static final class Gone extends RuntimeException {
    Gone(String why) {
      super(why, null, false, false);
    }
  }

  private record Pending(String command, Set<String> answers, Promise<MsnLine> promise, long timer) {}

  private final Vertx vertx;
  private final NetSocket socket;
  private final Owner owner;
  private final LogContext context;
  private final long answerTimeoutMs;
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextTrId = 1;
  private boolean ended;

  private MsnConnection(Vertx vertx, NetSocket socket, Owner owner, LogContext context, long answerTimeoutMs) {
    this.vertx = vertx;
    this.socket = socket;
    this.owner = owner;
    this.context = context;
    this.answerTimeoutMs = answerTimeoutMs;
    MsnFramer framer = new MsnFramer(MsnFramer.FROM_SERVER, this::received, this::garbage);
    socket.handler(b -> context.run(() -> framer.handle(b)));
    socket.exceptionHandler(e -> context.run(() -> end(new Gone(e.getMessage() == null ? e.toString() : e.getMessage()))));
    socket.closeHandler(v -> context.run(() -> end(new Gone("closed by the server"))));
  }

  static Future<MsnConnection> open(Vertx vertx, NetClient client, String host, int port, Owner owner, LogContext context,
      long answerTimeoutMs) {
    return client.connect(port, host).map(socket -> new MsnConnection(vertx, socket, owner, context, answerTimeoutMs));
  }

  /** Sends {@code command} with a new transaction id; completes with the first line that answers it as one of {@code answers}. */
  Future<MsnLine> request(String command, Set<String> answers, String... params) {
    return request(command, answers, null, params);
  }

  /** As {@link #request(String, Set, String...)}, with a payload whose byte count goes last on the line. */
  Future<MsnLine> request(String command, Set<String> answers, Buffer payload, String... params) {
    if (ended) {
      return Future.failedFuture(new Gone("the connection is closed"));
    }
    long trId = nextTrId++;
    Promise<MsnLine> promise = Promise.promise();
    long timer = vertx.setTimer(answerTimeoutMs, id -> context.run(() -> {
      Pending p = pending.remove(trId);
      if (p != null) {
        p.promise.tryFail(new Gone("no answer to " + command + " in time"));
      }
    }));
    pending.put(trId, new Pending(command, answers, promise, timer));
    write(command, trId, payload, params);
    return promise.future();
  }

  /** Sends a command whose answer nobody waits for (typing, {@code OUT}); returns its transaction id. */
  long send(String command, Buffer payload, String... params) {
    long trId = nextTrId++;
    if (!ended) {
      write(command, trId, payload, params);
    }
    return trId;
  }

  /** Sends a line without a transaction id ({@code OUT}, {@code PNG}). */
  void sendBare(String command) {
    if (!ended) {
      socket.write(MsnLine.of(command).encode());
    }
  }

  private void write(String command, long trId, Buffer payload, String... params) {
    List<String> all = new java.util.ArrayList<>(params.length + 2);
    all.add(String.valueOf(trId));
    all.addAll(List.of(params));
    if (payload != null) {
      all.add(String.valueOf(payload.length()));
    }
    socket.write(new MsnLine(command, all, payload).encode());
  }

  private void received(MsnLine line) {
    if (ended) {
      return;
    }
    long trId = line.trId();
    Pending p = trId < 0 ? null : pending.get(trId);
    if (p != null && (line.isError() || p.answers.contains(line.command()))) {
      pending.remove(trId);
      vertx.cancelTimer(p.timer);
      if (line.isError()) {
        p.promise.tryFail(new ServerError(line.errorCode(), p.command));
      } else {
        p.promise.tryComplete(line);
      }
      return;
    }
    owner.line(line);
  }

  private void garbage(MsnSyntaxException e) {
    end(e);
    socket.close();
  }

  /** Closes without telling the owner (the owner asked). */
  void close() {
    if (!ended) {
      ended = true;
      failPending(new Gone("the connection is closed"));
      socket.close();
    }
  }

  boolean ended() {
    return ended;
  }

  private void end(Throwable why) {
    if (ended) {
      return;
    }
    ended = true;
    failPending(why);
    owner.ended(why);
  }

  private void failPending(Throwable why) {
    pending.values().forEach(p -> {
      vertx.cancelTimer(p.timer);
      p.promise.tryFail(why);
    });
    pending.clear();
  }
}
