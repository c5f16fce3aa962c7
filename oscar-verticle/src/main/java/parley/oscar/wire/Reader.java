package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads big-endian OSCAR datatypes from a buffer. Every read checks that the bytes are there, so a
 * length from the wire can never reach past the data: a short buffer is a {@link WireException}.
 */
public final class Reader {
  private final Buffer buffer;
  private final int end;
  private int pos;

  public Reader(Buffer buffer) {
    this(buffer, 0, buffer.length());
  }

  private Reader(Buffer buffer, int start, int end) {
    this.buffer = buffer;
    this.pos = start;
    this.end = end;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasMore() {
    return pos < end;
  }

  private void need(int n, String what) {
    if (n < 0 || n > end - pos) {
      throw new WireException(what + " needs " + n + " bytes but only " + (end - pos) + " are left");
    }
  }

  public int u8(String what) {
    need(1, what);
    return buffer.getUnsignedByte(pos++);
  }

  public int u16(String what) {
    need(2, what);
    int v = buffer.getUnsignedShort(pos);
    pos += 2;
    return v;
  }

  public long u32(String what) {
    need(4, what);
    long v = buffer.getUnsignedInt(pos);
    pos += 4;
    return v;
  }

  /** Little-endian, as ICQ's own (family 0x15) data is. */
  public int u16le(String what) {
    need(2, what);
    int v = buffer.getUnsignedShortLE(pos);
    pos += 2;
    return v;
  }

  public long u32le(String what) {
    need(4, what);
    long v = buffer.getUnsignedIntLE(pos);
    pos += 4;
    return v;
  }

  public Buffer bytes(int n, String what) {
    need(n, what);
    Buffer b = buffer.getBuffer(pos, pos + n);
    pos += n;
    return b;
  }

  /** A sub-reader over the next {@code n} bytes, which this reader skips. */
  public Reader slice(int n, String what) {
    need(n, what);
    Reader r = new Reader(buffer, pos, pos + n);
    pos += n;
    return r;
  }

  public Buffer rest() {
    return bytes(remaining(), "rest");
  }

  /** A string with a one-byte length prefix (screen names). */
  public String string08(String what) {
    int n = u8(what + " length");
    return bytes(n, what).toString(StandardCharsets.ISO_8859_1);
  }

  /** A string with a two-byte length prefix. */
  public String string16(String what) {
    int n = u16(what + " length");
    return bytes(n, what).toString(StandardCharsets.UTF_8);
  }
}
