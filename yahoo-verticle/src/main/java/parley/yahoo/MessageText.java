package parley.yahoo;

import java.util.regex.Pattern;

/** Message text as Yahoo clients send it: colour and style escapes and font tags around plain text. */
final class MessageText {
  private MessageText() {}

  /** ESC [ ... m: colours, bold, italics (Yahoo's ANSI-like codes). */
  private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9#a-fA-Fx;]*m");
  /** Yahoo's own markup tags; other angle brackets are the person's text. */
  private static final Pattern TAGS = Pattern.compile("(?i)</?(font|fade|alt)(\\s[^>]*)?>");

  static String plain(String wire) {
    return TAGS.matcher(ESCAPES.matcher(wire).replaceAll("")).replaceAll("");
  }
}
