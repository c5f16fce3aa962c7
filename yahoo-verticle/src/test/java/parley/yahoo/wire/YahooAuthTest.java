package parley.yahoo.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The YMSG 9/10 login answers. The expected values were computed outside Java from the public
 * description (Python's hashlib, and OpenSSL's {@code openssl passwd -1 -salt _2S43d5f} for the
 * MD5-crypt), so the Java code is checked against an independent computation.
 */
class YahooAuthTest {

  @Test
  void md5CryptMatchesOpenSsl() {
    assertEquals("$1$_2S43d5f$Cb/MEl/9lyqcT5fwKLPnX0", Md5Crypt.crypt("password", "$1$_2S43d5f$"));
    assertEquals("$1$_2S43d5f$cbAte8baFRAbC6ouyhBzJ1", Md5Crypt.crypt("s3cret pass", "$1$_2S43d5f$"));
  }

  @Test
  void yahooBase64UsesDotUnderscoreAndDash() {
    assertEquals("1B2M2Y8AsgTpgAmY7PhCfg--", YahooAuth.y64(YahooAuth.md5("")));
    assertEquals("._8-", YahooAuth.y64(new byte[] {(byte) 0xfb, (byte) 0xff}));
  }

  @Test
  void theChallengeChoosesOrderAndChecksum() {
    // Character 15 'P' (80) is mode 0: checksum, password hash, user, challenge.
    assertEquals(new YahooAuth.Response("r1ZXz2dZljNNcFsiM6xQBg--", "zTkKjP0KAf.UiyQ5gHNlZA--"),
        YahooAuth.respond("alice_smith", "s3cret pass", "ABCDEFGHIJKLMNOPQRSTUVWX"));
    // Character 15 'r' (114) is mode 2: checksum, challenge, password hash, user.
    assertEquals(new YahooAuth.Response("Oso1W43qCJktsd0Gighifg--", "_M.UlygVC9C2llVQfI9a6Q--"),
        YahooAuth.respond("alice_smith", "s3cret pass", "x7kQz.9_mP2aLw0rTyUiOp3e"));
  }

  @Test
  void aShortChallengeIsRefusedInWords() {
    YmsgException e = assertThrows(YmsgException.class, () -> YahooAuth.respond("alice_smith", "pw", "short"));
    assertEquals("the login challenge is 5 characters long; at least 16 are needed", e.getMessage());
  }
}
