package parley.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.browser.ExportedMessage;
import parley.contract.browser.HistoryExport;
import parley.contract.browser.HistoryExportPage;
import parley.contract.browser.StoredMessage;
import parley.boot.ShardRouter;

/**
 * {@code GET /api/export/history.json} and {@code GET /api/export/history.txt}: the signed-in
 * user's own history as a download, all of it, one chat with {@code ?accountId=…&peer=…}, or a merged
 * person's conversation on every network with {@code ?personId=…}. The
 * user id comes from the web session only; the session answers pages of its messages
 * ({@code history.export}, which the bridge refuses from browsers) and refuses an account that is
 * not the user's. Streamed: one page is asked for only when the last one was written out and the
 * connection has taken it, so neither process holds more than a page whatever the history's size.
 * How often an export may start is limited per user by the session ({@code session.exportsPerHour}).
 */
final class ExportRoutes {
  private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);
  private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final ShardRouter commands;

  ExportRoutes(ShardRouter commands) {
    this.commands = commands;
  }

  void mount(Router router) {
    router.get("/api/export/:file").handler(this::export);
  }

  private void export(RoutingContext ctx) {
    // The page starts exports in a hidden frame of its own, so that it can show a refusal's sentence
    // (webroot search.js): framed by the same origin only, and nothing in these answers may run.
    ctx.response().putHeader("X-Frame-Options", "SAMEORIGIN")
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'");
    String userId = ctx.session() == null ? null : ctx.session().get(WebVerticle.SESSION_USER_ID);
    if (userId == null) {
      AuthRoutes.error(ctx, FailureCode.NOT_SIGNED_IN, null);
      return;
    }
    String file = ctx.pathParam("file");
    boolean json = "history.json".equals(file);
    if (!json && !"history.txt".equals(file)) {
      AuthRoutes.error(ctx, FailureCode.INVALID_FIELD, "Ask for /api/export/history.json or /api/export/history.txt.");
      return;
    }
    String accountId = ctx.request().getParam("accountId");
    String peer = ctx.request().getParam("peer");
    if ((accountId == null) != (peer == null)) {
      AuthRoutes.error(ctx, FailureCode.INVALID_FIELD, "To export one chat, give both accountId and peer.");
      return;
    }
    String personId = ctx.request().getParam("personId");
    // The session checks the person is one of the user's people (and not given with a chat).
    HistoryExport command = new HistoryExport(accountId, peer, personId, null);
    JsonObject first = command.toJson().put("type", command.type());
    // The first page before any header: a refusal (rate limit, another's account) is still an error reply.
    page(userId, first).onComplete(ar -> {
      if (ar.failed()) {
        AuthRoutes.failed(ctx, ar.cause());
        return;
      }
      String username = ctx.session().get(WebVerticle.SESSION_USERNAME);
      Instant now = Instant.now();
      String what = personId != null ? "person" : accountId == null ? "history" : "chat-" + safe(peer);
      String name = "parley-" + what + "-" + DAY.format(now)
          + (json ? ".json" : ".txt");
      HttpServerResponse response = ctx.response()
          .setChunked(true)
          .putHeader("Content-Type", json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
          .putHeader("Cache-Control", "no-store");
      Writer writer = json ? new JsonWriter() : new TextWriter();
      response.write(writer.start(username, now, accountId, peer, personId));
      new Export(ctx, userId, first, writer).write(ar.result(), true);
    });
  }

  /** One page of the export, read once here (a malformed page fails in words). */
  private Future<HistoryExportPage> page(String userId, JsonObject request) {
    return commands.request(userId, request, Map.of(Headers.USER_ID, userId))
        .map(m -> HistoryExportPage.fromJson((JsonObject) m.body()));
  }

  /** One running export: writes a page, then asks for the next once the connection has room. */
  private final class Export {
    private final RoutingContext ctx;
    private final String userId;
    private final JsonObject request;
    private final Writer writer;

    Export(RoutingContext ctx, String userId, JsonObject request, Writer writer) {
      this.ctx = ctx;
      this.userId = userId;
      this.request = request;
      this.writer = writer;
    }

    void write(HistoryExportPage page, boolean firstPage) {
      HttpServerResponse response = ctx.response();
      if (response.closed()) {
        return;
      }
      StringBuilder out = new StringBuilder();
      List<ExportedMessage> messages = page.messages();
      for (int i = 0; i < messages.size(); i++) {
        writer.message(out, messages.get(i), firstPage && i == 0);
      }
      Long next = page.next();
      if (next == null) {
        out.append(writer.end());
        response.end(out.toString());
        return;
      }
      response.write(out.toString());
      if (response.writeQueueFull()) {
        response.drainHandler(v -> fetch(next));
      } else {
        fetch(next);
      }
    }

    private void fetch(long after) {
      if (ctx.response().closed()) {
        return;
      }
      page(userId, request.copy().put("after", after)).onComplete(ar -> {
        if (ar.succeeded()) {
          write(ar.result(), false);
        } else {
          // Headers are out: closing without the last chunk tells the browser the download failed.
          log.warn("Export for user {} stopped: {}", userId, ar.cause().getMessage());
          ctx.request().connection().close();
        }
      });
    }
  }

  /** Letters, digits, '.', '@', '_' and '-' of an address, for a file name. */
  static String safe(String peer) {
    String s = peer.replaceAll("[^A-Za-z0-9.@_-]", "_");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  private interface Writer {
    String start(String username, Instant now, String accountId, String peer, String personId);

    void message(StringBuilder out, ExportedMessage m, boolean first);

    String end();
  }

  /** {"user": …, "exportedAt": …, "messages": [{…}, …]}, one message a line. */
  private static final class JsonWriter implements Writer {
    @Override
    public String start(String username, Instant now, String accountId, String peer, String personId) {
      JsonObject head = new JsonObject().put("user", username).put("exportedAt", now.toString())
          .put("chat", accountId == null ? null : new JsonObject().put("accountId", accountId).put("peer", peer));
      if (personId != null) {
        head.put("personId", personId);
      }
      String encoded = head.encode();
      return encoded.substring(0, encoded.length() - 1) + ",\"messages\":[\n";
    }

    @Override
    public void message(StringBuilder out, ExportedMessage exported, boolean first) {
      StoredMessage m = exported.message();
      JsonObject row = new JsonObject().put("id", m.id()).put("time", Instant.ofEpochMilli(m.ts()).toString())
          .put("ts", m.ts()).put("network", exported.network()).put("account", exported.account())
          .put("accountId", m.accountId()).put("peer", m.peer())
          .put("direction", m.direction()).put("text", m.text()).put("status", m.status());
      // As on a message: each only when set.
      if (m.error() != null) {
        row.put("error", m.error().toJson());
      }
      if (m.edited()) {
        row.put("edited", true);
      }
      if (m.removed()) {
        row.put("removed", true);
      }
      if (m.elsewhere()) {
        row.put("elsewhere", true);
      }
      out.append(first ? "" : ",\n").append(row.encode());
    }

    @Override
    public String end() {
      return "\n]}\n";
    }
  }

  /** One message a line: time, network and account, who to whom, the text (further lines indented). */
  private static final class TextWriter implements Writer {
    @Override
    public String start(String username, Instant now, String accountId, String peer, String personId) {
      String what = personId != null ? ", one person's conversation on all their networks" : peer == null ? "" : ", chat with " + peer;
      return "Parley history of " + username + what + ", exported "
          + TEXT_TIME.format(now) + "\n\n";
    }

    @Override
    public void message(StringBuilder out, ExportedMessage exported, boolean first) {
      StoredMessage m = exported.message();
      String account = exported.account();
      String peer = m.peer();
      boolean in = !m.outgoing();
      out.append(TEXT_TIME.format(Instant.ofEpochMilli(m.ts()))).append("  ")
          .append(exported.network()).append(' ').append(account).append("  ")
          .append(in ? peer : account).append(" → ").append(in ? account : peer).append(": ");
      if (m.removed()) {
        out.append("(taken back)");
      } else {
        out.append(m.text().replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\n    "));
      }
      if (m.edited()) {
        out.append(" (edited)");
      }
      if (m.error() != null) {
        out.append(" (not sent: ").append(m.error().text()).append(')');
      }
      out.append('\n');
    }

    @Override
    public String end() {
      return "";
    }
  }
}
