package parley.msn.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** MSN addresses (e-mail addresses, compared without case) and friendly names (URL-encoded UTF-8 on the wire). */
public final class Names {
  private Names() {}

  /** An e-mail address as MSN accepts it: no spaces or control characters, one @, a dotted domain. */
  public static final String EMAIL_PATTERN = "[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9\\-]{1,63}(\\.[A-Za-z0-9\\-]{1,63})+";
  private static final Pattern EMAIL = Pattern.compile(EMAIL_PATTERN);
  public static final String EMAIL_RULE = "an e-mail address (the Passport or Hotmail address you sign in with), like alice@hotmail.com";
  /** Longest friendly name the servers keep, encoded. */
  public static final int MAX_FRIENDLY_ENCODED = 387;

  public static boolean email(String text) {
    return text != null && text.length() <= 129 && EMAIL.matcher(text).matches();
  }

  public static String key(String email) {
    return email.toLowerCase(Locale.ROOT);
  }

  /** Decodes %XX escapes as UTF-8 ('+' is a plus on MSN, not a space); a bad escape is kept as typed. */
  public static String decode(String encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0 && hex(encoded.charAt(i + 2)) >= 0) {
        out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Encodes a friendly name for a command line: spaces, % and everything outside printable ASCII as %XX of UTF-8. */
  public static String encode(String text) {
    StringBuilder b = new StringBuilder();
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      int u = x & 0xff;
      if (u <= 0x20 || u >= 0x7f || u == '%') {
        b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
      } else {
        b.append((char) u);
      }
    }
    return b.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
