package parley.yahoo.wire;

/** Bytes from the wire that are not a YMSG packet Parley can read; the message says what is wrong. */
public final class YmsgException extends RuntimeException {
  public YmsgException(String message) {
    super(message);
  }
}
