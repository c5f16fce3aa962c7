package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/**
 * The body of one {@link parley.contract.BrowserEvent}, a push from the session to a user's pages, as a
 * type: {@code toJson()} is the JSON the page gets (docs/bus-contract.md) without {@code type} and
 * {@code seq}, which the user's event stream adds; each record's static {@code fromJson(JsonObject)}
 * reads it back for Java readers (bench, tests), validating once and failing in words.
 */
public interface BrowserEventBody {
  String type();

  JsonObject toJson();

  /** The event as a page gets it outside the numbered stream: its body with its {@code type}. */
  default JsonObject withType() {
    return toJson().put("type", type());
  }
}
