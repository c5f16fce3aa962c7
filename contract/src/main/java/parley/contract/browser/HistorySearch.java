package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.XmlChars;

/**
 * {@code history.search}: the words of {@code text} in the user's history; narrowed to one account
 * ({@code accountId}), one network, one chat ({@code peer}, with its account), or one merged person's
 * chats on every account and network ({@code personId}, not with an account); between {@code from}
 * and {@code to} (epoch ms); older than message {@code before}. Optional fields are null when absent.
 */
public record HistorySearch(String text, String accountId, String network, String peer, String personId, Long from,
                            Long to, Long before, Long limit) {
  /** What PostgreSQL's 'simple' parser counts as a word's letters (it splits on everything else). */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
  public static final int MAX_WORD_CHARS = 64;
  /** A person id is a UUID; a little room beyond it, as history.export allows. */
  private static final int MAX_PERSON_ID_CHARS = 64;
  /** 9999-12-31T23:59:59.999Z. */
  private static final long MAX_TS = 253_402_300_799_999L;

  public String type() {
    return BrowserCommand.HISTORY_SEARCH;
  }

  /** The distinct words to search for, in order (at least one, at most {@link Limits#MAX_SEARCH_WORDS}). */
  public List<String> words() {
    return words(text);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("text", text);
    CommandFields.putIf(json, "accountId", accountId);
    CommandFields.putIf(json, "network", network);
    CommandFields.putIf(json, "peer", peer);
    CommandFields.putIf(json, "personId", personId);
    CommandFields.putIf(json, "from", from);
    CommandFields.putIf(json, "to", to);
    CommandFields.putIf(json, "before", before);
    return CommandFields.putIf(json, "limit", limit);
  }

  /** Empty {@code accountId}, {@code network}, {@code peer} and {@code personId} count as absent (the page's "any" choice). */
  public static HistorySearch fromJson(JsonObject json) {
    if (!(json.getValue("text") instanceof String text) || text.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception("Type at least one word to search for.");
    }
    if (text.length() > Limits.MAX_SEARCH_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("The search text is longer than " + Limits.MAX_SEARCH_CHARS + " characters.");
    }
    String problem = XmlChars.problem("The search text", text);
    if (problem != null) {
      throw FailureCode.INVALID_FIELD.exception(problem);
    }
    words(text);
    String accountId = blankless(CommandFields.optionalString(json, "accountId", CommandFields.MAX_ACCOUNT_ID_CHARS));
    String network = blankless(CommandFields.optionalString(json, "network", 64));
    String peer = blankless(CommandFields.optionalString(json, "peer", CommandFields.MAX_ADDRESS_CHARS));
    if (peer != null && accountId == null) {
      throw FailureCode.INVALID_FIELD.exception("To search one contact's messages, name its account (accountId) too.");
    }
    String personId = blankless(CommandFields.optionalString(json, "personId", MAX_PERSON_ID_CHARS));
    if (personId != null && accountId != null) {
      throw FailureCode.INVALID_FIELD.exception("Search one person (personId) or one account (accountId), not both.");
    }
    Long from = date(json, "from");
    Long to = date(json, "to");
    if (from != null && to != null && from >= to) {
      throw FailureCode.INVALID_FIELD.exception("The search's start date (from) must be before its end date (to).");
    }
    Long before = CommandFields.optionalLong(json, "before");
    Long limit = CommandFields.optionalLong(json, "limit");
    if (before != null && before <= 0) {
      throw FailureCode.INVALID_FIELD.exception("before must be a message id (a positive number).");
    }
    return new HistorySearch(text, accountId, network, peer, personId, from, to, before, limit);
  }

  private static List<String> words(String text) {
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
    return new ArrayList<>(words);
  }

  private static String blankless(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Epoch milliseconds between 1970 and 9999, or null. */
  private static Long date(JsonObject json, String name) {
    Long ts = CommandFields.optionalLong(json, name);
    if (ts != null && (ts < 0 || ts > MAX_TS)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be a time in milliseconds since 1970 (before the year 10000).");
    }
    return ts;
  }
}
