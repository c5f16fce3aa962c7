package parley.xmpp.stream;

/** XML 1.0's {@code Char} production: what text and attribute values may carry at all. */
public final class XmlChars {
  private XmlChars() {}

  /** Whether the code point is an XML 1.0 character (tab, newline, return, and most of Unicode; no surrogates). */
  public static boolean isXmlChar(int c) {
    return c == 0x9 || c == 0xA || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** The index of the first character XML cannot carry (including an unpaired surrogate), or -1. */
  public static int firstInvalid(CharSequence s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int cp = c;
      int width = 1;
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(i + 1));
        width = 2;
      }
      if (!isXmlChar(cp)) {
        return i;
      }
      i += width;
    }
    return -1;
  }

  /** A sentence naming the first invalid character of {@code s}, or null if there is none. */
  public static String problem(CharSequence s) {
    int i = firstInvalid(s);
    if (i < 0) {
      return null;
    }
    return String.format("The text contains a character XMPP cannot carry (U+%04X at position %d).",
        (int) s.charAt(i), i + 1);
  }
}
