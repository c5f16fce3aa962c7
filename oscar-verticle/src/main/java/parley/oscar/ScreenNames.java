package parley.oscar;

import java.util.Locale;
import java.util.regex.Pattern;

/** AIM screen names and ICQ numbers, as OSCAR compares them. */
final class ScreenNames {
  private ScreenNames() {}

  private static final Pattern SCREEN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 ]{2,15}");
  private static final Pattern UIN = Pattern.compile("[0-9]{5,10}");

  static boolean valid(String name) {
    return name != null && (SCREEN_NAME.matcher(name).matches() || UIN.matcher(name).matches());
  }

  /** Lowercase without spaces: "Bob Smith" and "bobsmith" are the same user. */
  static String normalize(String name) {
    return name.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /** An ICQ account: its screen name is its number. */
  static boolean isUin(String name) {
    return UIN.matcher(name).matches();
  }
}
