package parley.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts IM passwords at rest with AES-256-GCM. Stored form: 12-byte random nonce, then the
 * ciphertext with its 16-byte tag. The account id is bound in as associated data, so a secret
 * copied onto another account row does not decrypt.
 */
public final class CredentialCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public CredentialCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("The credential key must be 32 bytes (base64 of 32 random bytes)");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  public static CredentialCipher fromBase64(String key) {
    return new CredentialCipher(Base64.getDecoder().decode(key.trim()));
  }

  public byte[] encrypt(String plaintext, String accountId) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** @throws GeneralSecurityException when the secret was not sealed with this key for this account */
  public String decrypt(byte[] stored, String accountId) throws GeneralSecurityException {
    if (stored.length <= NONCE_BYTES) {
      throw new GeneralSecurityException("Stored secret is too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
    cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
    byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    return new String(plain, StandardCharsets.UTF_8);
  }
}
