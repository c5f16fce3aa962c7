package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;

/**
 * A FLAP frame, OSCAR's outer framing: marker {@code 0x2A}, channel (u8), sequence number (u16),
 * data length (u16), data.
 */
public record Flap(int channel, int sequence, Buffer data) {
  public static final int MARKER = 0x2A;
  public static final int HEADER_LENGTH = 6;
  public static final int MAX_DATA = 0xFFFF;

  /** Sign-on: version and login TLVs. */
  public static final int SIGNON = 1;
  /** SNAC data. */
  public static final int DATA = 2;
  /** FLAP-level error. */
  public static final int ERROR = 3;
  /** Sign-off: the server's last word before it closes (reason, redirect). */
  public static final int SIGNOFF = 4;
  /** Keepalive, no data. */
  public static final int KEEPALIVE = 5;

  public Flap {
    if (channel < SIGNON || channel > KEEPALIVE) {
      throw new IllegalArgumentException("no FLAP channel " + channel);
    }
    if (data.length() > MAX_DATA) {
      throw new IllegalArgumentException("FLAP data longer than 65535 bytes");
    }
  }

  public Buffer encode() {
    return new Writer().u8(MARKER).u8(channel).u16(sequence).u16(data.length()).bytes(data).buffer();
  }

  /** One whole frame; trailing bytes are an error. */
  public static Flap decode(Buffer frame) {
    Reader r = new Reader(frame);
    Flap flap = read(r);
    if (r.hasMore()) {
      throw new WireException("FLAP frame has " + r.remaining() + " bytes after its data");
    }
    return flap;
  }

  static Flap read(Reader r) {
    int marker = r.u8("FLAP marker");
    if (marker != MARKER) {
      throw new WireException("FLAP frame does not start with 0x2A (got 0x" + Integer.toHexString(marker) + ")");
    }
    int channel = r.u8("FLAP channel");
    if (channel < SIGNON || channel > KEEPALIVE) {
      throw new WireException("unknown FLAP channel " + channel);
    }
    int sequence = r.u16("FLAP sequence");
    int length = r.u16("FLAP length");
    return new Flap(channel, sequence, r.bytes(length, "FLAP data"));
  }

  /** The sign-on frame's body: FLAP version 1, then TLVs. */
  public static Buffer signonData(TlvBlock tlvs) {
    return new Writer().u32(1).tlvs(tlvs).buffer();
  }

  /** The TLVs after the FLAP version of a sign-on frame. */
  public TlvBlock signonTlvs() {
    Reader r = new Reader(data);
    long version = r.u32("FLAP version");
    if (version != 1) {
      throw new WireException("FLAP version " + version + " is not 1");
    }
    return TlvBlock.readAll(r);
  }
}
