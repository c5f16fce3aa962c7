package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** One type-length-value triple: u16 type, u16 length, the value. */
public record Tlv(int type, Buffer value) {
  public static final int MAX_VALUE = 0xFFFF;

  public Tlv {
    if (value.length() > MAX_VALUE) {
      throw new IllegalArgumentException("TLV value longer than 65535 bytes");
    }
  }

  public static Tlv of(int type, String ascii) {
    return new Tlv(type, Buffer.buffer(ascii.getBytes(StandardCharsets.ISO_8859_1)));
  }

  public static Tlv u16(int type, int v) {
    return new Tlv(type, new Writer().u16(v).buffer());
  }

  public static Tlv u32(int type, long v) {
    return new Tlv(type, new Writer().u32(v).buffer());
  }

  public static Tlv empty(int type) {
    return new Tlv(type, Buffer.buffer());
  }

  public static Tlv read(Reader r) {
    int type = r.u16("TLV type");
    int length = r.u16("TLV length");
    return new Tlv(type, r.bytes(length, "TLV 0x" + Integer.toHexString(type) + " value"));
  }

  public void write(Writer w) {
    w.u16(type).u16(value.length()).bytes(value);
  }

  public String asString() {
    return value.toString(StandardCharsets.ISO_8859_1);
  }

  public int asU16() {
    return new Reader(value).u16("TLV 0x" + Integer.toHexString(type) + " as u16");
  }

  public long asU32() {
    return new Reader(value).u32("TLV 0x" + Integer.toHexString(type) + " as u32");
  }
}
