package parley.xmpp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The XEP-0198 counting of one stream, without a connection. */
class StreamManagementTest {
  private static final long MAX = 0xFFFF_FFFFL;

  @Test
  void anAckCompletesTheStanzasItCoversOldestFirst() {
    StreamManagement sm = new StreamManagement("sm-1", "a@x/r", null, 60);
    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    sm.sent("<message id='1'/>", first);
    sm.sent("<presence/>", null);
    sm.sent("<message id='2'/>", second);

    sm.acknowledge(2);
    assertTrue(first.future().succeeded());
    assertFalse(second.future().isComplete());
    assertEquals(List.of("<message id='2'/>"), sm.unackedXml());

    // The same h again acknowledges nothing more.
    sm.acknowledge(2);
    assertEquals(1, sm.unackedCount());
    sm.acknowledge(3);
    assertTrue(second.future().succeeded());
    assertEquals(0, sm.unackedCount());
  }

  @Test
  void outboundCountWrapsAt2To32() {
    StreamManagement sm = StreamManagement.of(new SmState("sm-1", "a@x/r", null, 0, 0, MAX - 1, List.of()));
    Promise<Void> last = Promise.promise();
    sm.sent("<a1/>", null);
    sm.sent("<a2/>", null);
    sm.sent("<a3/>", null);
    sm.sent("<a4/>", last);
    // MAX - 1 + 2 is MAX + 1, which is 0 modulo 2^32.
    sm.acknowledge(0);
    assertEquals(List.of("<a3/>", "<a4/>"), sm.unackedXml());
    sm.acknowledge(2);
    assertTrue(last.future().succeeded());
    assertEquals(2, sm.state().outboundAcked());
  }

  @Test
  void inboundCountWrapsAt2To32() {
    StreamManagement sm = StreamManagement.of(new SmState("sm-1", "a@x/r", null, 0, MAX, 0, List.of()));
    assertEquals(MAX, sm.inbound());
    sm.handled();
    assertEquals(0, sm.inbound());
    sm.handled();
    assertEquals(1, sm.inbound());
  }

  @Test
  void anAckForMoreThanWasSentIsRefused() {
    StreamManagement sm = new StreamManagement("sm-1", "a@x/r", null, 0);
    sm.sent("<x/>", null);
    assertThrows(IllegalArgumentException.class, () -> sm.acknowledge(2));
    // Behind the last ack, across the wrap: as many as 2^32 - 1 more, also refused.
    sm.acknowledge(1);
    assertThrows(IllegalArgumentException.class, () -> sm.acknowledge(0));
    assertThrows(IllegalArgumentException.class, () -> sm.acknowledge(MAX + 1));
  }

  @Test
  void hIsAnUnsigned32BitNumber() {
    assertEquals(0L, StreamManagement.parseH("0"));
    assertEquals(MAX, StreamManagement.parseH("4294967295"));
    assertNull(StreamManagement.parseH("4294967296"));
    assertNull(StreamManagement.parseH("-1"));
    assertNull(StreamManagement.parseH("x"));
    assertNull(StreamManagement.parseH(null));
  }

  @Test
  void failAllFailsEveryWaiterAndEmptiesTheQueue() {
    StreamManagement sm = new StreamManagement("sm-1", "a@x/r", null, 0);
    Promise<Void> waiting = Promise.promise();
    sm.sent("<message/>", waiting);
    sm.sent("<presence/>", null);
    sm.failAll(XmppClient.unacknowledged());
    assertTrue(waiting.future().failed());
    assertEquals("unacknowledged", ((XmppClientException) waiting.future().cause()).condition());
    assertEquals(0, sm.unackedCount());
  }

  @Test
  void theStateTravelsAsJsonAndResumesWithTheSameCounts() {
    StreamManagement sm = new StreamManagement("sm-1", "a@x/r", "10.0.0.1:5222", 300);
    sm.sent("<message to='b@x'><body>1</body></message>", Promise.promise());
    sm.sent("<message to='b@x'><body>2</body></message>", null);
    sm.acknowledge(1);
    sm.handled();
    sm.handled();

    SmState state = SmState.fromJson(sm.state().toJson().copy());
    assertEquals(new SmState("sm-1", "a@x/r", "10.0.0.1:5222", 300, 2, 1, List.of("<message to='b@x'><body>2</body></message>")),
        state);
    StreamManagement moved = StreamManagement.of(state);
    assertTrue(moved.resumable());
    assertEquals(2, moved.inbound());
    moved.acknowledge(2);
    assertEquals(0, moved.unackedCount());
  }

  /** What bounds the queue (xmpp.maxQueuedBytes): the size of what waits, kept through acks, failures and handovers. */
  @Test
  void countsTheCharactersWaitingForAcknowledgement() {
    StreamManagement sm = StreamManagement.of(new SmState("sm-1", "a@x/r", null, 0, 0, 0, List.of("<a1/>")));
    assertEquals(5, sm.unackedChars());
    sm.sent("<message/>", null);
    assertEquals(15, sm.unackedChars());
    sm.acknowledge(1);
    assertEquals(10, sm.unackedChars());
    sm.failAll(new IllegalStateException("gone"));
    assertEquals(0, sm.unackedChars());
  }

  @Test
  void withoutAnIdTheStreamCannotBeResumed() {
    assertFalse(new StreamManagement(null, "a@x/r", null, 0).resumable());
  }
}
