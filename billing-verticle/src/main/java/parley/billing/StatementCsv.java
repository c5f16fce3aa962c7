package parley.billing;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A statement as CSV (RFC 4180): one line per usage total and per ledger entry, amounts in minor units. */
final class StatementCsv {
  private StatementCsv() {}

  static String of(JsonObject s) {
    StringBuilder out = new StringBuilder();
    line(out, "line", "date", "network", "kind", "quantity", "bytes", "amount_minor", "currency", "who", "why");
    String currency = s.getString("currency");
    line(out, "opening balance", s.getString("month") + "-01", "", "", "", "", String.valueOf(s.getLong("openingBalance")),
        currency, "", "");
    s.getJsonArray("usage").forEach(o -> {
      JsonObject u = (JsonObject) o;
      line(out, "usage total", s.getString("month"), u.getString("network"), u.getString("kind"),
          String.valueOf(u.getLong("count")), String.valueOf(u.getLong("bytes")), String.valueOf(u.getLong("charge")),
          currency, "", "");
    });
    s.getJsonArray("entries").forEach(o -> {
      JsonObject e = (JsonObject) o;
      line(out, e.getString("entry"), Instant.ofEpochMilli(e.getLong("at")).toString(), text(e.getString("network")),
          text(e.getString("kind")), e.getLong("quantity") == null ? "" : String.valueOf(e.getLong("quantity")), "",
          String.valueOf(e.getLong("amount")), e.getString("currency"), e.getString("who"), e.getString("why"));
    });
    line(out, "closing balance", s.getString("month"), "", "", "", "", String.valueOf(s.getLong("closingBalance")),
        currency, "", "");
    return out.toString();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static void line(StringBuilder out, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells[i]));
    }
    out.append("\r\n");
  }

  /** Quotes when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
  private static String cell(String value) {
    String v = value;
    if (!v.isEmpty() && "=+@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
