package parley.msn.wire;

/** The peer sent something that is not MSNP; the message says what, for the log and the failure sentence. */
public final class MsnSyntaxException extends RuntimeException {
  public MsnSyntaxException(String message) {
    super(message, null, false, false);
  }
}
