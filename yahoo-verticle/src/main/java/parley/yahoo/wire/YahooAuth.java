package parley.yahoo.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The YMSG 9/10 challenge-response login, as the public descriptions of the protocol give it
 * (libyahoo2's "auth pre 0x0b", the revival servers' notes): the server sends a challenge (key
 * 94); the client answers two strings, key 6 from the MD5 of the password and key 96 from the MD5
 * of its MD5-crypt with the salt {@code _2S43d5f}. Each is "Yahoo base64" of an MD5 over a
 * checksum character and the user id, the password's hash and the challenge, in an order and with a
 * checksum both chosen by the challenge. The password itself never goes on the wire.
 */
public final class YahooAuth {
  private YahooAuth() {}

  static final String CRYPT_SALT = "$1$_2S43d5f$";
  /** Which challenge character picks the checksum, by mode (challenge[15] mod 8). */
  private static final int[] CHECKSUM_POSITION = {7, 9, 15, 1, 3, 7, 9, 15};
  private static final int USER = 0;
  private static final int HASH = 1;
  private static final int CHALLENGE = 2;
  private static final int[][] ORDER = {
      {HASH, USER, CHALLENGE}, {USER, CHALLENGE, HASH}, {CHALLENGE, HASH, USER}, {USER, HASH, CHALLENGE},
      {HASH, CHALLENGE, USER}, {HASH, USER, CHALLENGE}, {USER, CHALLENGE, HASH}, {CHALLENGE, HASH, USER}};
  /** The shortest challenge the algorithm can read (it looks at character 15). */
  public static final int MIN_CHALLENGE = 16;

  /** The two answers: key 6 and key 96 of the AUTH_RESP packet. */
  public record Response(String fromPassword, String fromCrypt) {}

  public static Response respond(String user, String password, String challenge) {
    if (challenge.length() < MIN_CHALLENGE) {
      throw new YmsgException("the login challenge is " + challenge.length() + " characters long; at least "
          + MIN_CHALLENGE + " are needed");
    }
    String passwordHash = y64(md5(password));
    String cryptHash = y64(md5(Md5Crypt.crypt(password, CRYPT_SALT)));
    return new Response(answer(user, passwordHash, challenge), answer(user, cryptHash, challenge));
  }

  private static String answer(String user, String hash, String challenge) {
    int mode = challenge.charAt(15) % 8;
    char checksum = challenge.charAt(challenge.charAt(CHECKSUM_POSITION[mode]) % 16);
    String[] parts = {user, hash, challenge};
    StringBuilder text = new StringBuilder().append(checksum);
    for (int part : ORDER[mode]) {
      text.append(parts[part]);
    }
    return y64(md5(text.toString()));
  }

  /** "Yahoo base64": base64 with '.' and '_' for '+' and '/', and '-' for the padding. */
  public static String y64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes).replace('+', '.').replace('/', '_').replace('=', '-');
  }

  static byte[] md5(String text) {
    MessageDigest md = Md5Crypt.md5();
    return md.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
