package parley.contract;

/**
 * The one rule for text a user gives (messages, status, contact names, groups, every field): only
 * characters of XML 1.0's Char production, because an XMPP stream cannot carry any other and a
 * server ends the whole stream when it meets one. Allowed: tab, LF, CR, U+0020-U+D7FF,
 * U+E000-U+FFFD and proper surrogate pairs (U+10000-U+10FFFF).
 */
public final class XmlChars {
  private XmlChars() {}

  /** The index of the first character XML cannot carry, or -1 when there is none. */
  public static int firstInvalid(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (!allowed(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code null} when {@code text} is fine, else a sentence for people, such as "The message
   * contains a character that cannot be sent (U+000B at position 12)." {@code what} names the
   * text ("The message").
   */
  public static String problem(String what, String text) {
    int index = firstInvalid(text);
    if (index < 0) {
      return null;
    }
    // Positions count characters as a person does (a surrogate pair is one), from 1.
    int position = text.codePointCount(0, index) + 1;
    return what + " contains a character that cannot be sent (" + String.format("U+%04X", (int) text.charAt(index))
        + " at position " + position + ").";
  }

  private static boolean allowed(char c) {
    return c == 0x9 || c == 0xA || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD);
  }
}
