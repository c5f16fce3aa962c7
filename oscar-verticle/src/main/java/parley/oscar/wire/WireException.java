package parley.oscar.wire;

/** Bytes from the wire that do not follow the OSCAR framing; the text says what was wrong. */
public final class WireException extends RuntimeException {
  public WireException(String text) {
    super(text, null, false, false);
  }
}
