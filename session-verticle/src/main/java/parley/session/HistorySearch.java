package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import parley.contract.browser.SearchLanguageSet;
import parley.contract.browser.SearchResult;

/**
 * Full-text search over all of one user's stored messages (every account and network), newest
 * first, with the matching words marked. Uses migration V9's column {@code search} (kept by a
 * trigger) and its GIN index: every message's words in the text search configuration 'simple'
 * (lower case, no stemming, no stop words) because one user's messages are in many languages and a
 * message says not which; prefix matching ({@link SearchQuery}) stands in for stemming. A user who
 * picked a search language (V20) also gets that language's stems of the messages stored since, and
 * each word then also matches its stem.
 */
final class HistorySearch {
  /** Marks around each match in ts_headline's answer: never in a stored text (XML 1.0 cannot carry them; removed first anyway). */
  private static final char START = '\u0001';
  private static final char STOP = '\u0002';
  /** Snippets of longer texts are cut to about this many characters around the first match. */
  static final int SNIPPET_CHARS = 240;
  private static final int SNIPPET_LEAD = 60;

  private final Pool pool;

  HistorySearch(Pool pool) {
    this.pool = pool;
  }

  /**
   * Up to {@code query.limit()} results, newest first, and whether there are more (the page asks
   * for them with {@code before}: the last result's id). Each result names its network
   * ({@code networkOf} an account id), so the page can mark it without looking the account up.
   */
  Future<JsonObject> search(String userId, SearchQuery query, Function<String, String> networkOf) {
    if (query.accountIds() != null && query.accountIds().isEmpty() || query.chats() != null && query.chats().isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("results", new JsonArray()).put("more", false));
    }
    Tuple params = Tuple.of(UUID.fromString(userId), query.limit() + 1);
    String language = query.language();
    String tsquery = language == null ? simpleQuery(query, params) : eitherForm(query, params);
    StringBuilder where = new StringBuilder();
    if (query.accountIds() != null && query.accountIds().size() == 1) {
      // Plain equality: with the peer too, the chat's index gives its messages newest first.
      params.addUUID(UUID.fromString(query.accountIds().get(0)));
      where.append(" and account_id = $").append(params.size());
    } else if (query.accountIds() != null) {
      params.addArrayOfUUID(query.accountIds().stream().map(UUID::fromString).toArray(UUID[]::new));
      where.append(" and account_id = any($").append(params.size()).append(')');
    }
    if (query.peer() != null) {
      params.addString(query.peer());
      where.append(" and peer = $").append(params.size());
    }
    if (query.chats() != null) {
      // A person's chats on every account and network, as a person's timeline reads them.
      params.addArrayOfUUID(query.chats().stream().map(key -> UUID.fromString(People.split(key)[0])).toArray(UUID[]::new));
      params.addArrayOfString(query.chats().stream().map(key -> People.split(key)[1]).toArray(String[]::new));
      where.append(" and (account_id, peer) in (select * from unnest($").append(params.size() - 1)
          .append("::uuid[], $").append(params.size()).append("::text[]))");
    }
    if (query.fromTs() != null) {
      params.addLong(query.fromTs());
      where.append(" and sent_at >= timestamptz 'epoch' + $").append(params.size()).append("::bigint * interval '1 millisecond'");
    }
    if (query.toTs() != null) {
      params.addLong(query.toTs());
      where.append(" and sent_at < timestamptz 'epoch' + $").append(params.size()).append("::bigint * interval '1 millisecond'");
    }
    if (query.before() != null) {
      params.addLong(query.before());
      where.append(" and id < $").append(params.size());
    }
    String text = "translate(r.body, chr(1) || chr(2), '')";
    String marks = "'HighlightAll=true, StartSel=' || chr(1) || ', StopSel=' || chr(2)";
    String simpleHeadline = "ts_headline('simple', " + text + ", " + tsquery + ", " + marks + ")";
    // With a language, its headline marks the word's other forms ("Running" for "runs"); where it
    // marks nothing (a stop word of that language, such as "the"), the words as written are marked.
    String snippet = language == null ? simpleHeadline
        : "(select case when strpos(h, chr(1)) > 0 then h else " + simpleHeadline + " end"
            + " from ts_headline(" + config(language) + ", " + text + ", " + tsquery + ", " + marks + ") h)";
    // The headline only for the rows kept: in the outer query, after the limit.
    String sql = """
        select r.id, r.account_id, r.peer, r.direction, r.ts, %s as snippet
        from (
          select id, account_id, peer, direction, body, (extract(epoch from date_trunc('milliseconds', sent_at)) * 1000)::bigint as ts
          from session.messages
          where user_id = $1 and search @@ %s%s
          order by id desc limit $2
        ) r
        order by r.id desc""".formatted(snippet, tsquery, where);
    // A plan for this query's words, not a generic one: how common the words are decides whether
    // to walk the user's messages newest first or to ask the word index (a prepared statement's
    // generic plan, chosen after a few runs, knows no words and walked 10,000s of rows).
    return pool.withTransaction(conn -> conn.query("set local plan_cache_mode = force_custom_plan").execute()
        .compose(v -> conn.preparedQuery(sql).execute(params))).map(rows -> {
      List<SearchResult> results = new ArrayList<>();
      boolean more = false;
      for (Row row : rows) {
        if (results.size() == query.limit()) {
          more = true;
          break;
        }
        String accountId = row.getUUID("account_id").toString();
        results.add(new SearchResult(row.getLong("id"), accountId, row.getString("peer"), row.getString("direction"),
            row.getLong("ts"), snippet(row.getString("snippet")), networkOf.apply(accountId)));
      }
      return new JsonObject().put("results", SearchResult.jsonArray(results)).put("more", more);
    });
  }

  /** The query of a user without a search language: every word (AND) as written or as a prefix. */
  private static String simpleQuery(SearchQuery query, Tuple params) {
    params.addString(query.tsquery());
    return "to_tsquery('simple', $" + params.size() + ")";
  }

  /**
   * The query of a user with a search language: every word (AND) as written or as a prefix
   * ('simple', which every message's words have) OR as its stem in that language (which messages
   * stored since the user picked it have too). The words are letters and digits only.
   */
  private static String eitherForm(SearchQuery query, Tuple params) {
    List<String> each = new ArrayList<>();
    for (int i = 0; i < query.words().size(); i++) {
      params.addString(query.terms().get(i));
      params.addString("'" + query.words().get(i) + "'");
      each.add("(to_tsquery('simple', $" + (params.size() - 1) + ") || to_tsquery(" + config(query.language()) + ", $"
          + params.size() + "))");
    }
    return "(" + String.join(" && ", each) + ")";
  }

  /**
   * The language as a constant of the statement, not a parameter: a configuration named by a
   * parameter would be looked up again for every message the search looks at, where a constant lets
   * PostgreSQL work the query out once. Only the contract's names get here (checked again).
   */
  private static String config(String language) {
    if (!SearchLanguageSet.LANGUAGES.contains(language)) {
      throw new IllegalStateException("not a search language: " + language);
    }
    return "'" + language + "'::regconfig";
  }

  /**
   * ts_headline's text with its marks, as plain text parts: even positions are text around the
   * matches, odd positions the matched words. The page shows every part as text (never as HTML).
   * A long text is cut to about {@link #SNIPPET_CHARS} characters from a little before the first
   * match, with "…" where it was cut.
   */
  static List<String> snippet(String marked) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean inMatch = false;
    for (int i = 0; i < marked.length(); i++) {
      char ch = marked.charAt(i);
      if (ch == START && !inMatch || ch == STOP && inMatch) {
        parts.add(part.toString());
        part.setLength(0);
        inMatch = !inMatch;
      } else if (ch != START && ch != STOP) {
        part.append(ch);
      }
    }
    parts.add(part.toString());
    if (parts.size() % 2 == 0) {
      parts.add("");
    }
    int total = parts.stream().mapToInt(String::length).sum();
    if (total <= SNIPPET_CHARS) {
      return parts;
    }
    // Start a little before the first match, at a space when there is one near.
    int firstMatch = parts.size() > 1 ? parts.get(0).length() : 0;
    int start = Math.max(0, firstMatch - SNIPPET_LEAD);
    if (start > 0) {
      int space = parts.get(0).indexOf(' ', start);
      start = space >= 0 && space < firstMatch ? space + 1 : start;
    }
    int end = start + SNIPPET_CHARS;
    List<String> out = new ArrayList<>();
    int pos = 0;
    for (int i = 0; i < parts.size(); i++) {
      String p = parts.get(i);
      int from = Math.max(start, pos);
      int to = Math.min(end, pos + p.length());
      String kept = from < to ? p.substring(from - pos, to - pos) : "";
      if (i == 0 && start > 0) {
        kept = "…" + kept;
      }
      if (i % 2 == 0 && pos + p.length() > end && from <= end) {
        kept = kept + "…";
      }
      out.add(kept);
      pos += p.length();
      if (pos >= end && i % 2 == 0) {
        break;
      }
    }
    return out;
  }
}
