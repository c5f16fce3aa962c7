package parley.session;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** Parley passwords: bcrypt. Hashing is deliberately slow, so callers run it off the event loop. */
final class PasswordHasher {
  private final int cost;

  PasswordHasher(int cost) {
    this.cost = cost;
  }

  String hash(String password) {
    return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
  }

  /** False for a wrong password, and for one bcrypt cannot take (over 72 bytes). */
  boolean verify(String password, String hash) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 72) {
      return false;
    }
    return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
  }
}
