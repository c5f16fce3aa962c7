package parley.contract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** Checks of a typed message against JSON fixtures: what the tests of the contract's records share. */
public final class Fixtures {
  private Fixtures() {}

  /** The record read from {@code fixture} writes it back byte for byte (an older process reads what a newer one wrote). */
  public static <T> void roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    assertEquals(fixture, toJson.apply(fromJson.apply(new JsonObject(fixture))).encode());
  }

  /** {@code parse} is refused with INVALID_FIELD and the sentence that names {@code field}. */
  public static void refusesField(String field, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(FailureCode.INVALID_FIELD, e.code());
    assertEquals("The field '" + field + "' is missing or invalid.", e.getMessage());
  }
}
