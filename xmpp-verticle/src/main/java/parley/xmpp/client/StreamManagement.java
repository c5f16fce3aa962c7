package parley.xmpp.client;

import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The XEP-0198 bookkeeping of one stream: how many stanzas we handled (what we answer to the
 * server's {@code <r/>}), and our stanzas the server has not acknowledged yet, each with whoever
 * waits for its acknowledgement. Counters are unsigned 32-bit and wrap at 2^32 (XEP-0198 4).
 *
 * <p>Outlives one connection: after a lost connection the next {@link XmppClient} resumes with it
 * and resends what is unacknowledged. {@link #state()} is the same without the waiters, as values.
 * Used on one event loop only.
 */
public final class StreamManagement {
  static final long MASK = 0xFFFF_FFFFL;

  private record Entry(String xml, Promise<Void> acked) {}

  private final String id;
  private final String jid;
  private final String location;
  private final int maxSeconds;
  private long inbound;
  private long outboundAcked;
  private final ArrayDeque<Entry> unacked = new ArrayDeque<>(4);
  /** The characters of the XML in {@link #unacked}: what bounds the queue. */
  private long unackedChars;

  /**
   * A stream just enabled on a session bound to {@code jid}: both counters at zero; {@code id} null
   * when the server allows no resumption.
   */
  StreamManagement(String id, String jid, String location, int maxSeconds) {
    this.id = id;
    this.jid = jid;
    this.location = location;
    this.maxSeconds = maxSeconds;
  }

  /** A stream handed over as values (another node's); whoever waited there is not waiting here. */
  public static StreamManagement of(SmState state) {
    StreamManagement sm = new StreamManagement(state.id(), state.jid(), state.location(), state.maxSeconds());
    sm.inbound = state.inbound() & MASK;
    sm.outboundAcked = state.outboundAcked() & MASK;
    for (String xml : state.unacked()) {
      sm.sent(xml, null);
    }
    return sm;
  }

  public SmState state() {
    List<String> xml = new ArrayList<>(unacked.size());
    unacked.forEach(e -> xml.add(e.xml));
    return new SmState(id, jid, location, maxSeconds, inbound, outboundAcked, xml);
  }

  /** Whether the server allows resuming this stream. */
  public boolean resumable() {
    return id != null;
  }

  public String id() {
    return id;
  }

  /** The full JID of the session, which a resumed stream keeps. */
  public String jid() {
    return jid;
  }

  /** Where the server prefers the stream resumed ({@code host:port}), or null for the usual endpoint. */
  public String location() {
    return location;
  }

  /** Seconds the server keeps the session after a lost connection; 0 if it did not say. */
  public int maxSeconds() {
    return maxSeconds;
  }

  /** One more inbound stanza handled. */
  void handled() {
    inbound = (inbound + 1) & MASK;
  }

  /** What we answer to {@code <r/>} and send in {@code <resume/>}. */
  long inbound() {
    return inbound;
  }

  /** One more outbound stanza, written now or on resumption; {@code acked} (may be null) completes with its ack. */
  void sent(String xml, Promise<Void> acked) {
    unacked.add(new Entry(xml, acked));
    unackedChars += xml.length();
  }

  int unackedCount() {
    return unacked.size();
  }

  /** The size of what waits for acknowledgement, in characters of XML. */
  long unackedChars() {
    return unackedChars;
  }

  /** The unacknowledged stanzas, oldest first, to send again after resumption. */
  List<String> unackedXml() {
    List<String> xml = new ArrayList<>(unacked.size());
    unacked.forEach(e -> xml.add(e.xml));
    return xml;
  }

  /**
   * The server has handled our stanzas up to {@code h} (mod 2^32): those leave the queue and their
   * waiters complete. An {@code h} behind the last one, or beyond what we sent, is refused with an
   * IllegalArgumentException (XEP-0198 4: the stream is then broken).
   */
  void acknowledge(long h) {
    if (h < 0 || h > MASK) {
      throw new IllegalArgumentException("h=" + h + " is not an unsigned 32-bit number");
    }
    long newly = (h - outboundAcked) & MASK;
    if (newly > unacked.size()) {
      throw new IllegalArgumentException("The server acknowledged " + newly + " stanzas but only " + unacked.size()
          + " were waiting (h=" + h + ", before " + outboundAcked + ")");
    }
    for (long i = 0; i < newly; i++) {
      Entry e = unacked.poll();
      unackedChars -= e.xml.length();
      Promise<Void> waiter = e.acked;
      if (waiter != null) {
        waiter.tryComplete();
      }
    }
    outboundAcked = h;
  }

  /** Gives up on every unacknowledged stanza: their waiters fail with {@code why}; the queue empties. */
  public void failAll(Throwable why) {
    Entry e;
    unackedChars = 0;
    while ((e = unacked.poll()) != null) {
      if (e.acked != null) {
        e.acked.tryFail(why);
      }
    }
  }

  /** Parses an {@code h} attribute; null if it is missing or not an unsigned 32-bit number. */
  static Long parseH(String h) {
    if (h == null) {
      return null;
    }
    try {
      long value = Long.parseLong(h.trim());
      return value >= 0 && value <= MASK ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
