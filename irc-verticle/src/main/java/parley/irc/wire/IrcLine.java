package parley.irc.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One IRC message (RFC 1459 framing with IRCv3 message tags): tags, an optional source, a command
 * (upper case) and its parameters. Parsing is strict about shape and never throws anything but
 * {@link IrcSyntaxException}; {@link #toWire()} refuses what the wire cannot carry.
 */
public record IrcLine(Map<String, String> tags, String source, String command, List<String> params) {

  /** At most this many parameters (RFC 1459: 15); more is a malformed line. */
  public static final int MAX_PARAMS = 15;

  public IrcLine {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    params = List.copyOf(params);
  }

  public static IrcLine of(String command, String... params) {
    return new IrcLine(Map.of(), null, command, List.of(params));
  }

  /** A line from the server, without its CR LF. */
  public static IrcLine parse(String line) {
    int i = 0;
    int n = line.length();
    Map<String, String> tags = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '@') {
      int end = line.indexOf(' ', i);
      if (end < 0) {
        throw new IrcSyntaxException("a line of tags only");
      }
      for (String tag : line.substring(i + 1, end).split(";")) {
        if (tag.isEmpty()) {
          continue;
        }
        int eq = tag.indexOf('=');
        tags.put(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? "" : unescapeTag(tag.substring(eq + 1)));
      }
      i = skipSpaces(line, end);
    }
    String source = null;
    if (i < n && line.charAt(i) == ':') {
      int end = line.indexOf(' ', i);
      if (end < 0) {
        throw new IrcSyntaxException("a line with a source and no command");
      }
      source = line.substring(i + 1, end);
      i = skipSpaces(line, end);
    }
    int end = line.indexOf(' ', i);
    String command = line.substring(i, end < 0 ? n : end);
    if (command.isEmpty() || !command.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
      throw new IrcSyntaxException("no command");
    }
    List<String> params = new ArrayList<>();
    i = end < 0 ? n : skipSpaces(line, end);
    while (i < n) {
      if (line.charAt(i) == ':') {
        params.add(line.substring(i + 1));
        break;
      }
      end = line.indexOf(' ', i);
      params.add(line.substring(i, end < 0 ? n : end));
      i = end < 0 ? n : skipSpaces(line, end);
      if (params.size() > MAX_PARAMS) {
        throw new IrcSyntaxException("more than " + MAX_PARAMS + " parameters");
      }
    }
    return new IrcLine(tags, source, command.toUpperCase(Locale.ROOT), params);
  }

  private static int skipSpaces(String line, int i) {
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** The line as sent, without CR LF. The last parameter may hold spaces; no other may. */
  public String toWire() {
    StringBuilder out = new StringBuilder();
    if (!tags.isEmpty()) {
      out.append('@');
      boolean first = true;
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        out.append(first ? "" : ";").append(tag.getKey());
        if (!tag.getValue().isEmpty()) {
          out.append('=').append(escapeTag(tag.getValue()));
        }
        first = false;
      }
      out.append(' ');
    }
    if (source != null) {
      out.append(':').append(source).append(' ');
    }
    out.append(command);
    for (int p = 0; p < params.size(); p++) {
      String param = params.get(p);
      checkCarriable(param);
      boolean last = p == params.size() - 1;
      if (!last && (param.isEmpty() || param.indexOf(' ') >= 0 || param.charAt(0) == ':')) {
        throw new IllegalArgumentException("Only the last IRC parameter may be empty or hold spaces: " + param);
      }
      out.append(' ');
      if (last && (param.isEmpty() || param.indexOf(' ') >= 0 || param.charAt(0) == ':')) {
        out.append(':');
      }
      out.append(param);
    }
    return out.toString();
  }

  /** CR, LF and NUL end or break a line on every server: never sent. */
  private static void checkCarriable(String param) {
    for (int i = 0; i < param.length(); i++) {
      char c = param.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException("IRC cannot carry CR, LF or NUL");
      }
    }
  }

  /** Parameter {@code i}, or null. */
  public String param(int i) {
    return i < params.size() ? params.get(i) : null;
  }

  /** The last parameter (the "trailing" text), or "". */
  public String trailing() {
    return params.isEmpty() ? "" : params.get(params.size() - 1);
  }

  /** The nickname part of the source ({@code nick!user@host}), or the whole source (a server), or null. */
  public String sourceNick() {
    if (source == null) {
      return null;
    }
    int bang = source.indexOf('!');
    int at = source.indexOf('@');
    int end = bang >= 0 ? bang : at >= 0 ? at : source.length();
    return source.substring(0, end);
  }

  /** The numeric reply code, or -1 for a named command. */
  public int numeric() {
    if (command.length() != 3 || !command.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(command);
  }

  static String unescapeTag(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == value.length()) {
        break; // a lone trailing backslash is dropped
      }
      char e = value.charAt(i);
      out.append(switch (e) {
        case ':' -> ';';
        case 's' -> ' ';
        case 'r' -> '\r';
        case 'n' -> '\n';
        default -> e; // "\\" and unknown escapes: the character itself
      });
    }
    return out.toString();
  }

  static String escapeTag(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case ';' -> out.append("\\:");
        case ' ' -> out.append("\\s");
        case '\\' -> out.append("\\\\");
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
