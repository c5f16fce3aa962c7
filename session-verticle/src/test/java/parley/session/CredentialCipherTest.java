package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  @Test
  void roundTripsAndNeverStoresThePlaintext() throws Exception {
    CredentialCipher cipher = new CredentialCipher(key());
    byte[] sealed = cipher.encrypt("s3cret-pässword", "account-1");
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("s3cret"));
    assertEquals("s3cret-pässword", cipher.decrypt(sealed, "account-1"));
  }

  @Test
  void sameTextEncryptsDifferentlyEachTime() {
    CredentialCipher cipher = new CredentialCipher(key());
    byte[] a = cipher.encrypt("pw", "x");
    byte[] b = cipher.encrypt("pw", "x");
    assertFalse(java.util.Arrays.equals(a, b));
  }

  @Test
  void refusesAnotherAccountAnotherKeyOrTampering() {
    CredentialCipher cipher = new CredentialCipher(key());
    byte[] sealed = cipher.encrypt("pw", "account-1");
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(sealed, "account-2"));
    assertThrows(GeneralSecurityException.class, () -> new CredentialCipher(key()).decrypt(sealed, "account-1"));
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(tampered, "account-1"));
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(new byte[5], "account-1"));
  }

  @Test
  void keyMustBe32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(new byte[16]));
  }
}
