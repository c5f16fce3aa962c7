package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The reply to {@code history.export}: one page of messages in the order they were stored, and the id to ask {@code after} next (null at the end). */
public record HistoryExportPage(List<ExportedMessage> messages, Long next) {
  public HistoryExportPage {
    messages = List.copyOf(messages);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(m.toJson()));
    return new JsonObject().put("messages", list).put("next", next);
  }

  public static HistoryExportPage fromJson(JsonObject json) {
    List<ExportedMessage> messages = new ArrayList<>();
    for (Object o : EventJson.requireArray(json, "messages")) {
      if (!(o instanceof JsonObject m)) {
        throw EventJson.invalid("messages");
      }
      messages.add(ExportedMessage.fromJson(m));
    }
    return new HistoryExportPage(messages, EventJson.optionalLong(json, "next"));
  }
}
