package parley.irc.wire;

/** A line from the server that is not an IRC message; the text says what was wrong. */
public final class IrcSyntaxException extends RuntimeException {
  public IrcSyntaxException(String message) {
    super(message, null, false, false);
  }
}
