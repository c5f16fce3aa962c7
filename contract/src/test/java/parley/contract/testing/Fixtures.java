package parley.contract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** Checks of a typed message against the JSON on the bus. */
public final class Fixtures {
  private Fixtures() {}

  /** Reading {@code fixture} and writing it again gives it back byte for byte. */
  public static <T> void roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    assertEquals(fixture, toJson.apply(fromJson.apply(new JsonObject(fixture))).encode());
  }

  /** Reading fails with {@code code} and exactly {@code text}. */
  public static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }
}
