package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;

/**
 * A SNAC, the unit of OSCAR's services, carried in FLAP channel 2: family ("foodgroup", u16),
 * subtype (u16), flags (u16), request id (u32), data.
 */
public record Snac(int family, int subtype, int flags, long requestId, Buffer data) {
  public static final int HEADER_LENGTH = 10;
  /** Flag: more SNACs answer the same request. */
  public static final int FLAG_MORE = 0x0001;
  /** Flag: the data starts with a u16 length and that many bytes of extra TLVs. */
  public static final int FLAG_OPTIONAL_TLVS = 0x8000;

  public static Snac of(int family, int subtype, long requestId, Buffer data) {
    return new Snac(family, subtype, 0, requestId, data);
  }

  public Buffer encode() {
    return new Writer().u16(family).u16(subtype).u16(flags).u32(requestId).bytes(data).buffer();
  }

  public static Snac decode(Buffer flapData) {
    Reader r = new Reader(flapData);
    int family = r.u16("SNAC family");
    int subtype = r.u16("SNAC subtype");
    int flags = r.u16("SNAC flags");
    long requestId = r.u32("SNAC request id");
    if ((flags & FLAG_OPTIONAL_TLVS) != 0) {
      // The optional part is skipped, but its length is checked like every other.
      int optional = r.u16("SNAC optional length");
      r.bytes(optional, "SNAC optional TLVs");
    }
    return new Snac(family, subtype, flags, requestId, r.rest());
  }

  /** A reader over the data. */
  public Reader reader() {
    return new Reader(data);
  }

  public boolean is(int family, int subtype) {
    return this.family == family && this.subtype == subtype;
  }

  @Override
  public String toString() {
    return String.format("SNAC(0x%02x,0x%02x) id %d, %d bytes", family, subtype, requestId, data.length());
  }
}
