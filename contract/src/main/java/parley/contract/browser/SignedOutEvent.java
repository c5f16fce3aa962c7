package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code signed-out}: the user signed out; every page of the user leaves. */
public record SignedOutEvent() implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.SIGNED_OUT;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  /** Reads any body: the event has no fields. */
  public static SignedOutEvent fromJson(JsonObject json) {
    return new SignedOutEvent();
  }
}
