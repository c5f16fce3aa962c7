package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code search.language}: the user chose the language their history search understands ({@code language}, or "none"). */
public record SearchLanguageEvent(String language) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.SEARCH_LANGUAGE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("language", language);
  }

  /** Fails without {@code language}. */
  public static SearchLanguageEvent fromJson(JsonObject json) {
    return new SearchLanguageEvent(EventJson.requireString(json, "language"));
  }
}
