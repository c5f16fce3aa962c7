package parley.yahoo.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MD5-based crypt(3) ("$1$", Poul-Henning Kamp's algorithm, as documented for FreeBSD and
 * glibc), which the YMSG 9/10 login applies to the password with a fixed salt.
 */
public final class Md5Crypt {
  private Md5Crypt() {}

  private static final String MAGIC = "$1$";
  private static final char[] ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** {@code $1$<salt>$<22 characters>}; the salt is cut at 8 characters. */
  public static String crypt(String password, String salt) {
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    String s = salt.startsWith(MAGIC) ? salt.substring(MAGIC.length()) : salt;
    int end = s.indexOf('$');
    s = s.substring(0, Math.min(end < 0 ? s.length() : end, 8));
    byte[] saltBytes = s.getBytes(StandardCharsets.UTF_8);

    MessageDigest ctx = md5();
    ctx.update(pw);
    ctx.update(MAGIC.getBytes(StandardCharsets.US_ASCII));
    ctx.update(saltBytes);
    MessageDigest alt = md5();
    alt.update(pw);
    alt.update(saltBytes);
    alt.update(pw);
    byte[] altResult = alt.digest();
    for (int left = pw.length; left > 0; left -= 16) {
      ctx.update(altResult, 0, Math.min(left, 16));
    }
    for (int i = pw.length; i != 0; i >>>= 1) {
      if ((i & 1) != 0) {
        ctx.update((byte) 0);
      } else {
        ctx.update(pw[0]);
      }
    }
    byte[] result = ctx.digest();
    // A thousand rounds, to make guessing slow (in 1994).
    for (int i = 0; i < 1000; i++) {
      MessageDigest round = md5();
      if ((i & 1) != 0) {
        round.update(pw);
      } else {
        round.update(result);
      }
      if (i % 3 != 0) {
        round.update(saltBytes);
      }
      if (i % 7 != 0) {
        round.update(pw);
      }
      if ((i & 1) != 0) {
        round.update(result);
      } else {
        round.update(pw);
      }
      result = round.digest();
    }
    StringBuilder out = new StringBuilder(MAGIC).append(s).append('$');
    int[][] groups = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};
    for (int[] g : groups) {
      to64(out, ((result[g[0]] & 0xff) << 16) | ((result[g[1]] & 0xff) << 8) | (result[g[2]] & 0xff), 4);
    }
    to64(out, result[11] & 0xff, 2);
    return out.toString();
  }

  private static void to64(StringBuilder out, int value, int chars) {
    for (int i = 0; i < chars; i++) {
      out.append(ITOA64[value & 0x3f]);
      value >>>= 6;
    }
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }
}
