package parley.contract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** Checks that a typed message refuses bad input with its code and exactly the sentence a user or admin sees. */
public final class Refusals {
  private Refusals() {}

  /** {@code parse} is refused with {@code code} and exactly {@code text}. */
  public static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }
}
