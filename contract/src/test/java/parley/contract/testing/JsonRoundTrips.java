package parley.contract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** What the tests of the typed messages assert: a fixture read and written back byte for byte, a refusal in words. */
public final class JsonRoundTrips {
  private JsonRoundTrips() {}

  /** {@code fixture} (the JSON a sender wrote) read with {@code fromJson} and written with {@code toJson} is the same text. */
  public static <T> void roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    assertEquals(fixture, toJson.apply(fromJson.apply(new JsonObject(fixture))).encode());
  }

  /** Reading {@code json} fails with {@code code} and the sentence {@code text}. */
  public static void fails(FailureCode code, String text, Function<JsonObject, ?> fromJson, String json) {
    ParleyException e = assertThrows(ParleyException.class, () -> fromJson.apply(new JsonObject(json)));
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }

  /** Reading {@code json} fails with INVALID_FIELD and the sentence {@code text}. */
  public static void invalid(String text, Function<JsonObject, ?> fromJson, String json) {
    fails(FailureCode.INVALID_FIELD, text, fromJson, json);
  }
}
