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
    fails(FailureCode.INVALID_FIELD, "The field '" + field + "' is missing or invalid.", parse);
  }

  /** Reading {@code json} is refused with {@code code} and the sentence {@code text} (the receiver's own words). */
  public static void refuses(FailureCode code, String text, Function<JsonObject, ?> fromJson, String json) {
    fails(code, text, () -> fromJson.apply(new JsonObject(json)));
  }

  /** {@code parse} is refused with {@code code} and exactly {@code text}. */
  public static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }
}
