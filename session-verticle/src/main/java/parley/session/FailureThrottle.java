package parley.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed attempts per key (a username, a client address): the first few are free, then each
 * further attempt must wait a delay that doubles with every failure, up to a cap, counted from the
 * last failure. The cap keeps an attacker from locking a user out for long. Memory is bounded: a
 * key is forgotten some time after its last failure, and past a number of keys the one whose last
 * failure is oldest goes. Used on one event loop only.
 */
final class FailureThrottle {
  private static final class Entry {
    int failures;
    long lastFailureAt;
  }

  private final int freeFailures;
  private final long baseDelayMs;
  private final long maxDelayMs;
  private final long forgetAfterMs;
  private final int maxKeys;
  /** In the order of each key's last failure, oldest first (a failure moves its key to the end). */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  FailureThrottle(int freeFailures, long baseDelayMs, long maxDelayMs, long forgetAfterMs, int maxKeys) {
    this.freeFailures = freeFailures;
    this.baseDelayMs = baseDelayMs;
    this.maxDelayMs = Math.max(baseDelayMs, maxDelayMs);
    this.forgetAfterMs = Math.max(this.maxDelayMs, forgetAfterMs);
    this.maxKeys = maxKeys;
  }

  /** How long {@code key} must still wait before its next attempt; 0 when it may try now. */
  long waitMs(String key, long now) {
    Entry e = entries.get(key);
    if (e == null || e.failures < freeFailures) {
      return 0;
    }
    long delay = Math.min(maxDelayMs, baseDelayMs << Math.min(e.failures - freeFailures, 30));
    return Math.max(0, e.lastFailureAt + delay - now);
  }

  void failed(String key, long now) {
    forgetOld(now);
    Entry e = entries.remove(key);
    if (e == null) {
      if (entries.size() >= maxKeys) {
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        oldest.next();
        oldest.remove();
      }
      e = new Entry();
    }
    e.failures++;
    e.lastFailureAt = now;
    entries.put(key, e);
  }

  /** Takes back one failure counted in advance for an attempt that did not fail. */
  void undo(String key) {
    Entry e = entries.get(key);
    if (e != null && --e.failures <= 0) {
      entries.remove(key);
    }
  }

  /** A success: the key starts afresh. */
  void forget(String key) {
    entries.remove(key);
  }

  int size() {
    return entries.size();
  }

  private void forgetOld(long now) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().lastFailureAt <= forgetAfterMs) {
        return;
      }
      it.remove();
    }
  }
}
