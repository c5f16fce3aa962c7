package parley.irc.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule for text IRC cannot carry as one line: a message is split at its line breaks (empty
 * lines dropped), and each line longer than fits in one IRC line of 512 bytes is split again,
 * at the last space that fits, else between two characters. NUL and the CTCP marker (0x01) cannot
 * be carried at all: such a text is refused. A text that begins with "/me " is an action (CTCP
 * ACTION), every piece of it.
 */
public final class OutgoingText {
  private OutgoingText() {}

  /** Room for the source the server puts in front ({@code :nick!user@host }), with the longest user and host common servers allow. */
  static final int USER_RESERVE = 10;
  static final int HOST_RESERVE = 63;

  /** What a text becomes on IRC: its pieces, and whether they are actions. */
  public record Pieces(List<String> lines, boolean action) {}

  /** Why a text cannot be sent; the sentence is for the person who wrote it. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param ownNick the account's nickname now (the server prefixes it)
   * @param target whom the lines go to (a nickname or a channel)
   */
  public static Pieces split(String text, String ownNick, String target, int maxLines) {
    boolean action = text.startsWith("/me ");
    String body = action ? text.substring(4) : text;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\0') {
        throw new Refused("IRC cannot carry the NUL character; the message was not sent.");
      }
      if (c == 1) {
        throw new Refused("IRC cannot carry the character U+0001 (it marks client commands); the message was not sent.");
      }
    }
    int budget = budget(ownNick, target, action);
    List<String> lines = new ArrayList<>();
    for (String line : body.split("\r\n|\r|\n")) {
      if (line.isBlank()) {
        continue;
      }
      cut(line, budget, lines);
      if (lines.size() > maxLines) {
        throw new Refused("IRC carries at most " + maxLines + " lines of about " + budget
            + " bytes for one message here; this one is longer. Send it in parts.");
      }
    }
    if (lines.isEmpty()) {
      throw new Refused("The message is empty.");
    }
    return new Pieces(lines, action);
  }

  /** Bytes of text that fit in one PRIVMSG line from {@code ownNick} to {@code target}. */
  static int budget(String ownNick, String target, boolean action) {
    int source = 1 + utf8(ownNick) + 1 + USER_RESERVE + 1 + HOST_RESERVE + 1;
    int command = "PRIVMSG ".length() + utf8(target) + " :".length();
    int ctcp = action ? "\u0001ACTION \u0001".length() : 0;
    return 510 - source - command - ctcp;
  }

  private static void cut(String line, int budget, List<String> out) {
    String rest = line;
    while (utf8(rest) > budget) {
      int end = fitting(rest, budget);
      int space = rest.lastIndexOf(' ', end);
      int cutAt = space > 0 ? space : end;
      out.add(rest.substring(0, cutAt));
      rest = rest.substring(space > 0 ? cutAt + 1 : cutAt);
    }
    if (!rest.isEmpty()) {
      out.add(rest);
    }
  }

  /** The longest prefix (in chars, never splitting a surrogate pair) whose UTF-8 fits in {@code budget} bytes. */
  private static int fitting(String s, int budget) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return Math.max(i, 1);
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
