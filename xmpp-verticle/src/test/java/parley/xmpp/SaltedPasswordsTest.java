package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SaltedPasswordsTest {
  private final AtomicInteger derived = new AtomicInteger();

  private byte[] derive() {
    return new byte[] {(byte) derived.incrementAndGet()};
  }

  private static SaltedPasswords.Key key(String user, String password, String salt) {
    return new SaltedPasswords.Key("example.org", user, password, salt, 4096);
  }

  @Test
  void derivesOncePerServerUserPasswordAndSalt() {
    SaltedPasswords kept = new SaltedPasswords(10);
    assertArrayEquals(new byte[] {1}, kept.get(key("alice", "pw", "salt"), this::derive));
    assertArrayEquals(new byte[] {1}, kept.get(key("alice", "pw", "salt"), this::derive));
    // A new password or a new salt (the server changed the account) derives again.
    assertArrayEquals(new byte[] {2}, kept.get(key("alice", "new pw", "salt"), this::derive));
    assertArrayEquals(new byte[] {3}, kept.get(key("alice", "pw", "new salt"), this::derive));
    assertEquals(3, kept.derivations());
  }

  @Test
  void forgetsARefusedOneAndTheLeastRecentlyUsedWhenFull() {
    SaltedPasswords kept = new SaltedPasswords(2);
    kept.get(key("alice", "pw", "s"), this::derive);
    kept.forget(key("alice", "pw", "s"));
    kept.get(key("alice", "pw", "s"), this::derive);
    assertEquals(2, kept.derivations());

    kept.get(key("bob", "pw", "s"), this::derive);
    kept.get(key("alice", "pw", "s"), this::derive);
    kept.get(key("carol", "pw", "s"), this::derive);
    assertEquals(4, kept.derivations());
    kept.get(key("alice", "pw", "s"), this::derive);
    kept.get(key("bob", "pw", "s"), this::derive);
    assertEquals(5, kept.derivations(), "bob was the least recently used and went");
  }

  @Test
  void aCallerCannotChangeWhatIsKept() {
    SaltedPasswords kept = new SaltedPasswords(2);
    kept.get(key("alice", "pw", "s"), this::derive)[0] = 42;
    assertArrayEquals(new byte[] {1}, kept.get(key("alice", "pw", "s"), this::derive));
  }
}
