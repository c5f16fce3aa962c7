package parley.session;

import java.util.Locale;
import java.util.regex.Pattern;
import parley.contract.FailureCode;
import parley.contract.Limits;

/** The one form of a Parley username: trimmed, in lower case, of letters, digits, '.', '_' and '-'. */
final class Usernames {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{1," + Limits.MAX_USERNAME_CHARS + "}");

  private Usernames() {}

  /** " Admin " and "admin" are the same name. */
  static String normalise(String username) {
    return username.trim().toLowerCase(Locale.ROOT);
  }

  /** The normalised name, or INVALID_FIELD when it is not a name one could sign up with. */
  static String valid(String username) {
    String name = normalise(username);
    if (!USERNAME.matcher(name).matches()) {
      throw FailureCode.INVALID_FIELD.exception("A username may use letters, digits, '.', '_' and '-' only.");
    }
    return name;
  }
}
