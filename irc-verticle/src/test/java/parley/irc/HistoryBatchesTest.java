package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.irc.wire.IrcLine;

/** What a server can make the node hold with batches is bounded, and answers go to requests in order. */
class HistoryBatchesTest {
  private final HistoryBatches batches = new HistoryBatches();

  @Test
  void anEndlessHistoryBatchIsCutAndAnswersTheOldestRequest() {
    Promise<List<IrcLine>> first = batches.expect();
    Promise<List<IrcLine>> second = batches.expect();
    batches.batch(IrcLine.parse(":s BATCH +h chathistory bob"));
    for (int i = 0; i < 5000; i++) {
      assertTrue(batches.take(IrcLine.parse("@batch=h :bob!b@h PRIVMSG alice :line " + i)));
    }
    batches.batch(IrcLine.parse(":s BATCH -h"));
    Future<List<IrcLine>> answered = first.future();
    assertEquals(HistoryBatches.MAX_BATCH_LINES, answered.result().size());
    assertFalse(second.future().isComplete());
  }

  @Test
  void otherBatchesAndTooManyOpenOnesAreNotHeld() {
    batches.batch(IrcLine.parse(":s BATCH +n netsplit a b"));
    assertFalse(batches.take(IrcLine.parse("@batch=n :x!x@h QUIT :split")), "a netsplit batch's lines are applied");
    for (int i = 0; i < 20; i++) {
      batches.batch(IrcLine.parse(":s BATCH +b" + i + " chathistory bob"));
    }
    assertTrue(batches.take(IrcLine.parse("@batch=b9 :bob!b@h PRIVMSG alice :x")));
    assertFalse(batches.take(IrcLine.parse("@batch=b10 :bob!b@h PRIVMSG alice :x")));
  }

  @Test
  void aRequestNotSentOrRefusedFailsAlone() {
    Promise<List<IrcLine>> first = batches.expect();
    Promise<List<IrcLine>> second = batches.expect();
    batches.notSent(second, new IllegalStateException("flood limit"));
    assertTrue(second.future().failed());
    batches.refused("no such target");
    assertTrue(first.future().failed());
    batches.close();
  }
}
