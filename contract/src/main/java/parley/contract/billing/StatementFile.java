package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import parley.contract.browser.EventJson;

/** The reply to a {@link StatementCsvGet}: the file's name and its CSV text, as the download serves them. */
public record StatementFile(String filename, String csv) {
  public static StatementFile of(YearMonth month, String csv) {
    return new StatementFile("parley-statement-" + month + ".csv", csv);
  }

  public JsonObject toJson() {
    return new JsonObject().put("filename", filename).put("csv", csv);
  }

  public static StatementFile fromJson(JsonObject json) {
    if (!(json.getValue("filename") instanceof String filename) || filename.isBlank()) {
      throw EventJson.invalid("filename");
    }
    if (!(json.getValue("csv") instanceof String csv)) {
      throw EventJson.invalid("csv");
    }
    return new StatementFile(filename, csv);
  }
}
