package parley.session;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.XmlChars;

/**
 * A {@code history.search} command, checked once: the words to find and the filters. The words
 * become a PostgreSQL tsquery built here from letters and digits only (so nothing the user types
 * is ever tsquery syntax); every word must be found (AND), and a word of 3 characters or more also
 * matches longer words it begins (a prefix: "meet" finds "meeting", in any language, without
 * stemming).
 *
 * @param accountIds the accounts to search when narrowed by the account or network filter, else null (all)
 */
record SearchQuery(List<String> words, String tsquery, List<String> accountIds, String peer, Long fromTs, Long toTs,
                   Long before, int limit) {
  /** What the 'simple' parser counts as a word's letters (it splits on everything else). */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
  private static final int MAX_WORD_CHARS = 64;
  private static final int PREFIX_FROM_CHARS = 3;
  static final int DEFAULT_LIMIT = 20;
  /** 9999-12-31T23:59:59.999Z. */
  private static final long MAX_TS = 253_402_300_799_999L;

  /** Reads and checks the command; {@code user} narrows the accounts to the user's own. */
  static SearchQuery parse(UserSession user, JsonObject c, Networks networks) {
    if (!(c.getValue("text") instanceof String text) || text.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception("Type at least one word to search for.");
    }
    if (text.length() > Limits.MAX_SEARCH_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("The search text is longer than " + Limits.MAX_SEARCH_CHARS + " characters.");
    }
    String problem = XmlChars.problem("The search text", text);
    if (problem != null) {
      throw FailureCode.INVALID_FIELD.exception(problem);
    }
    Set<String> words = new LinkedHashSet<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group();
      if (w.codePointCount(0, w.length()) > MAX_WORD_CHARS) {
        throw FailureCode.INVALID_FIELD.exception("A word to search for is longer than " + MAX_WORD_CHARS + " characters.");
      }
      words.add(w);
    }
    if (words.isEmpty()) {
      throw FailureCode.INVALID_FIELD.exception("Type at least one word to search for (letters or digits).");
    }
    if (words.size() > Limits.MAX_SEARCH_WORDS) {
      throw FailureCode.INVALID_FIELD.exception("Search for at most " + Limits.MAX_SEARCH_WORDS + " words at a time.");
    }
    List<String> parts = new ArrayList<>();
    for (String w : words) {
      // Letters and digits only: no quote, backslash or operator can reach the tsquery parser.
      parts.add("'" + w + "'" + (w.codePointCount(0, w.length()) >= PREFIX_FROM_CHARS ? ":*" : ""));
    }

    String accountId = Fields.optionalString(c, "accountId", 64);
    String network = Fields.optionalString(c, "network", 64);
    // A network a node describes, or one the user has accounts on (its nodes may be away).
    if (network != null && !network.isEmpty() && networks.get(network) == null
        && user.accounts.values().stream().noneMatch(a -> network.equals(a.account.network()))) {
      java.util.TreeSet<String> known = new java.util.TreeSet<>();
      networks.toJson().forEach(d -> known.add(((JsonObject) d).getString("network")));
      user.accounts.values().forEach(a -> known.add(a.account.network()));
      throw FailureCode.INVALID_FIELD.exception("network must be " + String.join(" or ", known) + ".");
    }
    // Null: every account of the user (the query names the user anyway); else only these.
    List<String> accountIds = null;
    if (accountId != null && !accountId.isEmpty()) {
      accountIds = new ArrayList<>(List.of(user.account(accountId).id()));
    } else if (network != null && !network.isEmpty()) {
      accountIds = new ArrayList<>(user.accounts.keySet());
    }
    if (network != null && !network.isEmpty()) {
      accountIds.removeIf(id -> !network.equals(user.accounts.get(id).account.network()));
    }
    String peer = null;
    String rawPeer = Fields.optionalString(c, "peer", 3072);
    if (rawPeer != null && !rawPeer.isEmpty()) {
      if (accountId == null || accountId.isEmpty()) {
        throw FailureCode.INVALID_FIELD.exception("To search one contact's messages, name its account (accountId) too.");
      }
      peer = Fields.address(c, "peer", networks.lookup(user.account(accountId)));
    }
    Long from = date(c, "from");
    Long to = date(c, "to");
    if (from != null && to != null && from >= to) {
      throw FailureCode.INVALID_FIELD.exception("The search's start date (from) must be before its end date (to).");
    }
    Long before = Fields.optionalLong(c, "before");
    Long limit = Fields.optionalLong(c, "limit");
    int size = (int) Math.max(1, Math.min(Limits.MAX_SEARCH_RESULTS, limit == null ? DEFAULT_LIMIT : limit));
    if (before != null && before <= 0) {
      throw FailureCode.INVALID_FIELD.exception("before must be a message id (a positive number).");
    }
    return new SearchQuery(List.copyOf(words), String.join(" & ", parts), accountIds == null ? null : List.copyOf(accountIds), peer, from, to,
        before, size);
  }

  /** Epoch milliseconds between 1970 and 9999, or null. */
  private static Long date(JsonObject c, String name) {
    Long ts = Fields.optionalLong(c, name);
    if (ts != null && (ts < 0 || ts > MAX_TS)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be a time in milliseconds since 1970 (before the year 10000).");
    }
    return ts;
  }
}
