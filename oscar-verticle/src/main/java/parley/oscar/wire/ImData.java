package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;

/**
 * The IM data of a channel-1 ICBM: fragments of u8 id, u8 version, u16 length, data. Parley
 * writes a capabilities fragment and one text fragment (u16 charset, u16 subset, the text bytes).
 */
public record ImData(int charset, Buffer text) {
  public static final int ASCII = 0x0000;
  public static final int UTF16BE = 0x0002;
  public static final int LATIN1 = 0x0003;

  public Buffer encode() {
    if (text.length() > 0xFFFF - 4) {
      throw new IllegalArgumentException("message text too long for one fragment");
    }
    return new Writer()
        .u8(Foodgroups.Icbm.FRAGMENT_CAPABILITIES).u8(1).u16(1).u8(1)
        .u8(Foodgroups.Icbm.FRAGMENT_TEXT).u8(1).u16(text.length() + 4).u16(charset).u16(0).bytes(text)
        .buffer();
  }

  /** The first text fragment; fragments are checked to lie within the data. */
  public static ImData decode(Buffer data) {
    Reader r = new Reader(data);
    while (r.hasMore()) {
      int id = r.u8("fragment id");
      r.u8("fragment version");
      int length = r.u16("fragment length");
      Reader fragment = r.slice(length, "fragment data");
      if (id == Foodgroups.Icbm.FRAGMENT_TEXT) {
        int charset = fragment.u16("text charset");
        fragment.u16("text subset");
        return new ImData(charset, fragment.rest());
      }
    }
    throw new WireException("the message has no text fragment");
  }
}
