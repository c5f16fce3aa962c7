package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;

/**
 * The {@code error} of an event: a failure code's name and a sentence for a person
 * ({@code {"code": "IM_AUTH_FAILED", "text": "…"}}). The code stays a name, so that a code a newer
 * node knows and this contract does not still reaches the page.
 */
public record Failure(String code, String text) {
  public static Failure of(FailureCode code, String text) {
    return new Failure(code.name(), text == null ? code.defaultText() : text);
  }

  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("text", text);
  }

  /** The {@code error} field of {@code json}, or null when it has none (absent or null). */
  public static Failure optional(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    Failure failure = value instanceof JsonObject error ? fromJson(error) : null;
    if (failure == null) {
      throw Json.invalid(field);
    }
    return failure;
  }

  /** {@code error} as a failure (a failure kept as JSON, say), or null when it is null or lacks its code or text. */
  public static Failure fromJson(JsonObject error) {
    if (error == null || !(error.getValue("code") instanceof String code) || code.isBlank()
        || !(error.getValue("text") instanceof String text)) {
      return null;
    }
    return new Failure(code, text);
  }
}
