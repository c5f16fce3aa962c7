package parley.oscar.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The ways OSCAR hides a password on the wire. */
public final class Passwords {
  private Passwords() {}

  /** The fixed XOR table of the FLAP channel-1 ("roasted") login. */
  private static final int[] ROAST = {
    0xF3, 0x26, 0x81, 0xC4, 0x39, 0x86, 0xDB, 0x92, 0x71, 0xA3, 0xB9, 0xE6, 0x53, 0x7A, 0x95, 0x7C
  };
  /** Appended to the MD5 input by BUCP logins. */
  private static final byte[] AIM_MD5_STRING = "AOL Instant Messenger (SM)".getBytes(StandardCharsets.US_ASCII);

  /** XORs the password with the roasting table; applying it twice gives the password back. */
  public static byte[] roast(byte[] password) {
    byte[] out = new byte[password.length];
    for (int i = 0; i < password.length; i++) {
      out[i] = (byte) (password[i] ^ ROAST[i % ROAST.length]);
    }
    return out;
  }

  /**
   * The BUCP login hash: MD5(key, password, AIM string); the "strong" form hashes the password
   * first: MD5(key, MD5(password), AIM string).
   */
  public static byte[] md5Login(byte[] key, byte[] password, boolean strong) {
    MessageDigest md5 = md5();
    md5.update(key);
    md5.update(strong ? md5().digest(password) : password);
    md5.update(AIM_MD5_STRING);
    return md5.digest();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has MD5", e);
    }
  }
}
