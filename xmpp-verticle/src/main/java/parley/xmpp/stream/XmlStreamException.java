package parley.xmpp.stream;

/**
 * The server's byte stream cannot be read as an XMPP stream. {@link #getMessage()} is a sentence
 * for the user; {@link #detail()} is the parser's own words, for the log.
 */
public final class XmlStreamException extends Exception {
  /** What was wrong, so that callers can count and test it without matching texts. */
  public enum Kind {
    /** Not well-formed XML, or not UTF-8: garbage bytes. */
    MALFORMED,
    /** A stanza (or the stream header, or the bytes between stanzas) longer than the limit. */
    TOO_LARGE,
    /** Elements nested deeper than the limit. */
    TOO_DEEP,
    /** Markup XMPP forbids: a DTD, an entity declaration or reference, a comment, a processing instruction. */
    RESTRICTED_XML,
    /** The first element is not {@code <stream:stream>}. */
    NOT_A_STREAM
  }

  private final Kind kind;
  private final String detail;

  XmlStreamException(Kind kind, String sentence, String detail) {
    super(sentence);
    this.kind = kind;
    this.detail = detail;
  }

  public Kind kind() {
    return kind;
  }

  public String detail() {
    return detail;
  }
}
