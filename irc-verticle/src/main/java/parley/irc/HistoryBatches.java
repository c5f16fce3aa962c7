package parley.irc;

import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parley.irc.wire.IrcLine;

/**
 * The IRCv3 history batches of one connection ({@code BATCH +ref chathistory …} … {@code BATCH -ref}) and
 * the CHATHISTORY requests waiting for them, in the order sent (the server answers in order). Only
 * history batches are held, and bounded: other batches' lines are applied as they come.
 */
final class HistoryBatches {
  /** The most lines one history batch keeps; the most batches open at once. Bounds what a server can make Parley hold. */
  static final int MAX_BATCH_LINES = 1000;
  static final int MAX_OPEN_BATCHES = 10;

  private final Map<String, List<IrcLine>> open = new HashMap<>();
  private final ArrayDeque<Promise<List<IrcLine>>> waiting = new ArrayDeque<>();

  /** A request is being sent: it completes with the lines of the next history batch to close. */
  Promise<List<IrcLine>> expect() {
    Promise<List<IrcLine>> promise = Promise.promise();
    waiting.add(promise);
    return promise;
  }

  /** The request never went out: it waits no more. */
  void notSent(Promise<List<IrcLine>> request, Throwable why) {
    waiting.remove(request);
    request.tryFail(why);
  }

  /** Whether the line belongs to an open history batch (then it is kept here, not applied). */
  boolean take(IrcLine line) {
    String ref = line.tags().get("batch");
    List<IrcLine> batch = ref == null ? null : open.get(ref);
    if (batch == null) {
      return false;
    }
    if (batch.size() < MAX_BATCH_LINES) {
      batch.add(line);
    }
    return true;
  }

  /** A BATCH line: "+ref type …" opens, "-ref" closes and answers the oldest waiting request. */
  void batch(IrcLine line) {
    String ref = line.param(0);
    if (ref == null || ref.length() < 2) {
      return;
    }
    if (ref.charAt(0) == '+') {
      String type = line.param(1) == null ? "" : line.param(1);
      if ((type.endsWith("chathistory") || type.endsWith("chathistory-targets")) && open.size() < MAX_OPEN_BATCHES) {
        open.put(ref.substring(1), new ArrayList<>());
      }
    } else if (ref.charAt(0) == '-') {
      List<IrcLine> lines = open.remove(ref.substring(1));
      Promise<List<IrcLine>> request = lines == null ? null : waiting.poll();
      if (request != null) {
        request.tryComplete(lines);
      }
    }
  }

  /** The server refused the oldest request (FAIL CHATHISTORY …). */
  void refused(String why) {
    Promise<List<IrcLine>> request = waiting.poll();
    if (request != null) {
      request.tryFail(new IllegalStateException(why));
    }
  }

  /** The connection is gone: every waiting request fails. */
  void close() {
    Promise<List<IrcLine>> request;
    while ((request = waiting.poll()) != null) {
      request.tryFail(new IllegalStateException("the connection closed"));
    }
    open.clear();
  }
}
