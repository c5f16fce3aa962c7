package parley.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.browser.HistorySearch;

/**
 * A {@code history.search} command ({@link HistorySearch}, checked there) as a query: the words to find and the filters. The words
 * become a PostgreSQL tsquery built here from letters and digits only (so nothing the user types
 * is ever tsquery syntax); every word must be found (AND), and a word of 3 characters or more also
 * matches longer words it begins (a prefix: "meet" finds "meeting", in any language, without
 * stemming). With a search language (the user's, {@code language}), a word also matches its stem in
 * that language, in messages stored since the user picked it.
 *
 * @param terms each word as a 'simple' tsquery term ({@code 'meet':*}), in the order of {@code words}
 * @param accountIds the accounts to search when narrowed by the account or network filter, else null (all)
 * @param chats a person's chats to search (chat keys, {@link UserSession#chatKey}), narrowed by the network filter;
 *              null when the search names no person
 * @param language the user's search language (a PostgreSQL text search configuration), or null
 */
record SearchQuery(List<String> words, List<String> terms, List<String> accountIds, String peer, List<String> chats,
                   String language, Long fromTs, Long toTs, Long before, int limit) {
  private static final int PREFIX_FROM_CHARS = 3;
  static final int DEFAULT_LIMIT = 20;

  /**
   * The query of a checked command; {@code user} narrows the accounts to the user's own.
   * {@code personChats}: the chat keys of the person the command names (checked to be the user's), or null.
   */
  static SearchQuery parse(UserSession user, HistorySearch c, Networks networks, Set<String> personChats) {
    List<String> words = c.words();
    List<String> parts = new ArrayList<>();
    for (String w : words) {
      // Letters and digits only: no quote, backslash or operator can reach the tsquery parser.
      parts.add("'" + w + "'" + (w.codePointCount(0, w.length()) >= PREFIX_FROM_CHARS ? ":*" : ""));
    }

    String accountId = c.accountId();
    String network = c.network();
    // A network a node describes, or one the user has accounts on (its nodes may be away).
    if (network != null && networks.get(network) == null
        && user.accounts.values().stream().noneMatch(a -> network.equals(a.account.network()))) {
      java.util.TreeSet<String> known = new java.util.TreeSet<>();
      networks.all().forEach(d -> known.add(d.network()));
      user.accounts.values().forEach(a -> known.add(a.account.network()));
      throw FailureCode.INVALID_FIELD.exception("network must be " + String.join(" or ", known) + ".");
    }
    // Null: every account of the user (the query names the user anyway); else only these.
    List<String> accountIds = null;
    if (accountId != null) {
      accountIds = new ArrayList<>(List.of(user.account(accountId).id()));
    } else if (network != null) {
      accountIds = new ArrayList<>(user.accounts.keySet());
    }
    if (network != null) {
      accountIds.removeIf(id -> !network.equals(user.accounts.get(id).account.network()));
    }
    List<String> chats = null;
    if (personChats != null) {
      chats = new ArrayList<>(personChats);
      chats.removeIf(key -> {
        AccountSession a = user.accounts.get(People.split(key)[0]);
        return network != null && (a == null || !network.equals(a.account.network()));
      });
    }
    String peer = c.peer() == null ? null : Fields.address("peer", c.peer(), networks.lookup(user.account(accountId)));
    Long limit = c.limit();
    int size = (int) Math.max(1, Math.min(Limits.MAX_SEARCH_RESULTS, limit == null ? DEFAULT_LIMIT : limit));
    return new SearchQuery(List.copyOf(words), List.copyOf(parts), accountIds == null ? null : List.copyOf(accountIds), peer,
        chats == null ? null : List.copyOf(chats), user.searchLanguage, c.from(), c.to(), c.before(), size);
  }

  /** Every word's 'simple' term (AND): the whole query of a user without a search language. */
  String tsquery() {
    return String.join(" & ", terms);
  }
}
