package parley.session;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A merge suggestion's identity: its contacts' chat keys ({@link UserSession#chatKey}), sorted, so
 * the same contacts named in any order are the same suggestion. Stored as {@link #text}.
 */
record SuggestionKey(List<String> chatKeys) {
  /** Between chat keys: addresses never hold a tab. */
  private static final String SEPARATOR = "\t";

  SuggestionKey {
    chatKeys = chatKeys.stream().sorted().distinct().toList();
  }

  String text() {
    return chatKeys.stream().collect(Collectors.joining(SEPARATOR));
  }
}
