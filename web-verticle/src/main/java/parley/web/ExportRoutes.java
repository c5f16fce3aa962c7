package parley.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.browser.HistoryExport;
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

  private Future<JsonObject> page(String userId, JsonObject request) {
    return commands.request(userId, request, Map.of(Headers.USER_ID, userId)).map(m -> (JsonObject) m.body());
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

    void write(JsonObject page, boolean firstPage) {
      HttpServerResponse response = ctx.response();
      if (response.closed()) {
        return;
      }
      StringBuilder out = new StringBuilder();
      JsonArray messages = page.getJsonArray("messages", new JsonArray());
      for (int i = 0; i < messages.size(); i++) {
        writer.message(out, messages.getJsonObject(i), firstPage && i == 0);
      }
      Long next = page.getLong("next");
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

    void message(StringBuilder out, JsonObject m, boolean first);

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
    public void message(StringBuilder out, JsonObject m, boolean first) {
      JsonObject row = new JsonObject().put("id", m.getLong("id")).put("time", Instant.ofEpochMilli(m.getLong("ts")).toString())
          .put("ts", m.getLong("ts")).put("network", m.getString("network")).put("account", m.getString("account"))
          .put("accountId", m.getString("accountId")).put("peer", m.getString("peer"))
          .put("direction", m.getString("direction")).put("text", m.getString("text")).put("status", m.getString("status"));
      for (String optional : new String[] {"error", "edited", "removed", "elsewhere"}) {
        if (m.getValue(optional) != null) {
          row.put(optional, m.getValue(optional));
        }
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
    public void message(StringBuilder out, JsonObject m, boolean first) {
      String account = m.getString("account");
      String peer = m.getString("peer");
      boolean in = "in".equals(m.getString("direction"));
      out.append(TEXT_TIME.format(Instant.ofEpochMilli(m.getLong("ts")))).append("  ")
          .append(m.getString("network")).append(' ').append(account).append("  ")
          .append(in ? peer : account).append(" → ").append(in ? account : peer).append(": ");
      if (Boolean.TRUE.equals(m.getBoolean("removed"))) {
        out.append("(taken back)");
      } else {
        out.append(m.getString("text").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\n    "));
      }
      if (Boolean.TRUE.equals(m.getBoolean("edited"))) {
        out.append(" (edited)");
      }
      JsonObject error = m.getJsonObject("error");
      if (error != null) {
        out.append(" (not sent: ").append(error.getString("text")).append(')');
      }
      out.append('\n');
    }

    @Override
    public String end() {
      return "";
    }
  }
}
