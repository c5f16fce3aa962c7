package parley.oscar;

import parley.contract.FailureCode;

/** Reads the OSCAR-specific command fields, failing with the contract's codes. */
final class Fields {
  private Fields() {}

  /** {@code value} of {@code field} (null when absent) as a normalised screen name. */
  static String screenName(String value, String field) {
    String text = value == null ? null : value.trim();
    if (!ScreenNames.valid(text)) {
      throw FailureCode.INVALID_JID.exception("The field '" + field
          + "' must be an AIM screen name (3-16 letters, digits and spaces) or an ICQ number (5-10 digits).");
    }
    return ScreenNames.normalize(text);
  }
}
