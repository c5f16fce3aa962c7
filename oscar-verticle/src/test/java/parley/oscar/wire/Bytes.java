package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;

/** Byte fixtures written as hex, the way the protocol documentation shows them. */
final class Bytes {
  private Bytes() {}

  static Buffer hex(String hex) {
    String clean = hex.replaceAll("\\s", "");
    byte[] out = new byte[clean.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
    }
    return Buffer.buffer(out);
  }

  static String hex(Buffer buffer) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < buffer.length(); i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(String.format("%02x", buffer.getUnsignedByte(i)));
    }
    return s.toString();
  }
}
