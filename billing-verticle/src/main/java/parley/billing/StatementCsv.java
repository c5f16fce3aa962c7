package parley.billing;

import java.time.Instant;
import parley.contract.billing.Statement;

/** A statement as CSV (RFC 4180): one line per usage total and per ledger entry, amounts in minor units. */
final class StatementCsv {
  private StatementCsv() {}

  static String of(Statement s) {
    StringBuilder out = new StringBuilder();
    line(out, "line", "date", "network", "kind", "quantity", "bytes", "amount_minor", "currency", "who", "why");
    String currency = s.currency();
    String month = s.month().toString();
    line(out, "opening balance", month + "-01", "", "", "", "", String.valueOf(s.openingBalance()), currency, "", "");
    s.usage().forEach(u -> line(out, "usage total", month, u.network(), u.kind(), String.valueOf(u.count()),
        String.valueOf(u.bytes()), String.valueOf(u.charge()), currency, "", ""));
    s.entries().forEach(e -> line(out, e.entry(), Instant.ofEpochMilli(e.at()).toString(), text(e.network()),
        text(e.kind()), e.quantity() == null ? "" : String.valueOf(e.quantity()), "", String.valueOf(e.amount()),
        e.currency(), e.who(), e.why()));
    line(out, "closing balance", month, "", "", "", "", String.valueOf(s.closingBalance()), currency, "", "");
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
