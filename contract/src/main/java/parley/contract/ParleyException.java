package parley.contract;

/** A failure with a contract code, whose text may be shown to a person. */
public final class ParleyException extends RuntimeException {
  private final FailureCode code;

  public ParleyException(FailureCode code, String text) {
    super(text, null, false, false);
    this.code = code;
  }

  public FailureCode code() {
    return code;
  }
}
