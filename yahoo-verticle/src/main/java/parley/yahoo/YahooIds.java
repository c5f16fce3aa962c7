package parley.yahoo;

import java.util.Locale;
import java.util.regex.Pattern;
import parley.contract.FailureCode;

/** Yahoo IDs: a letter, then letters, digits, '_' or '.', 4-32 characters; compared in lower case. */
final class YahooIds {
  private YahooIds() {}

  static final String PATTERN = "[A-Za-z][A-Za-z0-9_.]{3,31}";
  static final String RULE = "a valid Yahoo ID (4-32 letters, digits, '_' or '.', starting with a letter)";
  private static final Pattern VALID = Pattern.compile(PATTERN);

  static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  static String normalize(String id) {
    return id.trim().toLowerCase(Locale.ROOT);
  }

  /** {@code value} of {@code field} (null when absent) as a normalised Yahoo ID. */
  static String field(String s, String field) {
    if (s == null || !valid(s.trim())) {
      throw FailureCode.INVALID_FIELD.exception("The field '" + field + "' is not " + RULE + ".");
    }
    return normalize(s);
  }
}
