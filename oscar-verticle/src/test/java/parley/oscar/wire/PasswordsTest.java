package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static parley.oscar.wire.Bytes.hex;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void roastingXorsWithTheTable() {
    // "password": 70 61 73 73 77 6f 72 64 XOR f3 26 81 c4 39 86 db 92
    assertEquals("83 47 f2 b7 4e e9 a9 f6", hex(Buffer.buffer(Passwords.roast("password".getBytes(StandardCharsets.US_ASCII)))));
  }

  @Test
  void roastingTwiceGivesThePasswordBack() {
    byte[] long17 = "seventeen chars!!".getBytes(StandardCharsets.US_ASCII);
    assertEquals("seventeen chars!!", new String(Passwords.roast(Passwords.roast(long17)), StandardCharsets.US_ASCII));
  }

  @Test
  void md5HashesInBothWays() throws Exception {
    byte[] key = "1234567890".getBytes(StandardCharsets.US_ASCII);
    byte[] password = "secret".getBytes(StandardCharsets.US_ASCII);
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] aim = "AOL Instant Messenger (SM)".getBytes(StandardCharsets.US_ASCII);

    md5.update(key);
    md5.update(password);
    md5.update(aim);
    assertEquals(hex(Buffer.buffer(md5.digest())), hex(Buffer.buffer(Passwords.md5Login(key, password, false))));

    md5.update(key);
    md5.update(MessageDigest.getInstance("MD5").digest(password));
    md5.update(aim);
    assertEquals(hex(Buffer.buffer(md5.digest())), hex(Buffer.buffer(Passwords.md5Login(key, password, true))));
  }
}
