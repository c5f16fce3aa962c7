package parley.xmpp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * SCRAM salted passwords the node has derived, by server, user, password, salt and iteration
 * count (RFC 5802 lets a client keep them while the server's salt stays the same). The derivation
 * (PBKDF2 over thousands of iterations) costs milliseconds of CPU per login; with it kept, accounts that
 * connect again — after a server restart, a lost network — log in without it. Held in memory only,
 * as the passwords themselves are; the least recently used go first when full.
 */
public final class SaltedPasswords {
  public record Key(String service, String user, String password, String salt, int iterations) {}

  /** The one all accounts of this node share. */
  static final SaltedPasswords SHARED = new SaltedPasswords(65_536);

  private final Map<Key, byte[]> kept;
  private long derivations;

  public SaltedPasswords(int capacity) {
    this.kept = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The kept salted password, or a new one from {@code derive} (outside the lock: logins derive in parallel). */
  public byte[] get(Key key, Supplier<byte[]> derive) {
    synchronized (this) {
      byte[] found = kept.get(key);
      if (found != null) {
        return found.clone();
      }
      derivations++;
    }
    byte[] derived = derive.get();
    synchronized (this) {
      kept.put(key, derived.clone());
    }
    return derived;
  }

  /** The kept salted password, or null: lets a caller derive a missing one off the event loop. */
  public synchronized byte[] find(Key key) {
    byte[] found = kept.get(key);
    return found == null ? null : found.clone();
  }

  /** The server refused the login: do not offer this one again. */
  public synchronized void forget(Key key) {
    kept.remove(key);
  }

  /** How many times a salted password had to be derived (for tests and measurements). */
  public synchronized long derivations() {
    return derivations;
  }
}
