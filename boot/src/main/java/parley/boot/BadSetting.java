package parley.boot;

/** A configuration a process cannot start with; the message is the one line the operator reads. */
public final class BadSetting extends RuntimeException {
  public BadSetting(String sentence) {
    super(sentence, null, false, false);
  }
}
