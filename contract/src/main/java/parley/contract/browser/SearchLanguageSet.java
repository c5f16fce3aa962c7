package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;

/**
 * {@code search.language.set}: the language the user's history search also understands
 * ({@code language}: one of {@link #LANGUAGES}, PostgreSQL text search configurations with a
 * stemmer, or {@link #NONE}), kept on the server for every device. Messages stored from then on are
 * indexed in it besides the language-neutral words, so a search finds a word's other forms in it.
 */
public record SearchLanguageSet(String language) {
  /** No language: every word as written (lower case), in any language, with prefixes. */
  public static final String NONE = "none";
  /** The languages offered: PostgreSQL's built-in snowball stemmers (every supported version has them). */
  public static final List<String> LANGUAGES = List.of("danish", "dutch", "english", "finnish", "french", "german",
      "hungarian", "italian", "norwegian", "portuguese", "romanian", "russian", "spanish", "swedish", "turkish");

  public String type() {
    return BrowserCommand.SEARCH_LANGUAGE_SET;
  }

  /** The language, or null for {@link #NONE}. */
  public String configOrNull() {
    return NONE.equals(language) ? null : language;
  }

  public JsonObject toJson() {
    return new JsonObject().put("language", language);
  }

  public static SearchLanguageSet fromJson(JsonObject json) {
    String language = CommandFields.string(json, "language", 64);
    if (!NONE.equals(language) && !LANGUAGES.contains(language)) {
      throw FailureCode.INVALID_FIELD.exception("language must be none or one of " + String.join(", ", LANGUAGES) + ".");
    }
    return new SearchLanguageSet(language);
  }
}
