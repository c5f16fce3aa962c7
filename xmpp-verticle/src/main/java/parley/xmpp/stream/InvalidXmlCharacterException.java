package parley.xmpp.stream;

/** Text or an attribute value holds a character outside XML 1.0's {@code Char} production. */
public final class InvalidXmlCharacterException extends IllegalArgumentException {
  InvalidXmlCharacterException(String sentence) {
    super(sentence);
  }
}
