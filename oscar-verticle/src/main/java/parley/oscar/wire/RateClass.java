package parley.oscar.wire;

/**
 * One rate class of the server: a moving average of the time between SNACs (in ms) over
 * {@code window} SNACs, and the levels at which the server warns, limits and disconnects.
 */
public record RateClass(int id, long window, long clearLevel, long alertLevel, long limitLevel,
    long disconnectLevel, long currentLevel, long maxLevel) {

  /** Bytes of one class on the wire (with last time and dropping flag). */
  public static final int WIRE_LENGTH = 35;

  public static RateClass read(Reader r) {
    int id = r.u16("rate class id");
    long window = r.u32("rate window");
    long clear = r.u32("rate clear level");
    long alert = r.u32("rate alert level");
    long limit = r.u32("rate limit level");
    long disconnect = r.u32("rate disconnect level");
    long current = r.u32("rate current level");
    long max = r.u32("rate max level");
    r.u32("rate last time");
    r.u8("rate dropping flag");
    if (window < 1 || window > 10_000) {
      throw new WireException("rate class " + id + " has an impossible window of " + window);
    }
    return new RateClass(id, window, clear, alert, limit, disconnect, current, max);
  }

  public void write(Writer w) {
    w.u16(id).u32(window).u32(clearLevel).u32(alertLevel).u32(limitLevel).u32(disconnectLevel)
        .u32(currentLevel).u32(maxLevel).u32(0).u8(0);
  }

  /** The level after one more SNAC, {@code elapsedMs} after the previous one. */
  public long nextLevel(long level, long elapsedMs) {
    long next = ((window - 1) * level + elapsedMs) / window;
    return Math.min(next, maxLevel);
  }
}
