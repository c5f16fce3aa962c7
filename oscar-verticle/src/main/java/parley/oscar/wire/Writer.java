package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Builds big-endian OSCAR datatypes, refusing values that do not fit their length fields. */
public final class Writer {
  private final Buffer buffer = Buffer.buffer();

  public Writer u8(int v) {
    buffer.appendUnsignedByte((short) (v & 0xFF));
    return this;
  }

  public Writer u16(int v) {
    buffer.appendUnsignedShort(v & 0xFFFF);
    return this;
  }

  public Writer u32(long v) {
    buffer.appendUnsignedInt(v & 0xFFFFFFFFL);
    return this;
  }

  /** Little-endian, as ICQ's own (family 0x15) data is. */
  public Writer u16le(int v) {
    buffer.appendUnsignedShortLE(v & 0xFFFF);
    return this;
  }

  public Writer u32le(long v) {
    buffer.appendUnsignedIntLE(v & 0xFFFFFFFFL);
    return this;
  }

  public Writer bytes(Buffer b) {
    buffer.appendBuffer(b);
    return this;
  }

  public Writer bytes(byte[] b) {
    buffer.appendBytes(b);
    return this;
  }

  public Writer string08(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length > 0xFF) {
      throw new IllegalArgumentException("string08 longer than 255 bytes");
    }
    return u8(b.length).bytes(b);
  }

  public Writer string16(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string16 longer than 65535 bytes");
    }
    return u16(b.length).bytes(b);
  }

  public Writer tlvs(TlvBlock block) {
    return bytes(block.encode());
  }

  public int length() {
    return buffer.length();
  }

  public Buffer buffer() {
    return buffer;
  }
}
