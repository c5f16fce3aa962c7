package parley.xmpp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few message keys an account reported, so that a message the server delivers again
 * after a reconnect is reported once. Bounded: the oldest key goes when a new one comes.
 */
final class RecentIds {
  static final int SIZE = 128;

  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > SIZE;
    }
  };

  /** True the first time a key is seen (and for no key at all), false when it was seen recently. */
  boolean firstTime(String key) {
    return key == null || seen.putIfAbsent(key, Boolean.TRUE) == null;
  }
}
