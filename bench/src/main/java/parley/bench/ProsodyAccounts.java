package parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import parley.xmpp.testing.ProsodyServer;

/**
 * Writes Prosody accounts straight into its data directory, in the form
 * {@code mod_auth_internal_hashed} stores them (SCRAM-SHA-1 keys, 10,000 iterations, Prosody's
 * default), because {@code prosodyctl register} costs a process per user and the suite needs
 * thousands. Prosody reads account files on each login, so this works while it runs.
 */
final class ProsodyAccounts {
  private static final int ITERATIONS = 10_000;

  private ProsodyAccounts() {}

  static void create(ProsodyServer prosody, String name, String password) {
    try {
      Path dir = prosody.dataDir().resolve(prosody.domain()).resolve("accounts");
      Files.createDirectories(dir);
      String salt = UUID.randomUUID().toString();
      byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), ITERATIONS, 160))
          .getEncoded();
      byte[] storedKey = MessageDigest.getInstance("SHA-1").digest(hmac(salted, "Client Key"));
      byte[] serverKey = hmac(salted, "Server Key");
      HexFormat hex = HexFormat.of();
      String file = "return {\n"
          + "\t[\"iteration_count\"] = " + ITERATIONS + ";\n"
          + "\t[\"salt\"] = \"" + salt + "\";\n"
          + "\t[\"stored_key\"] = \"" + hex.formatHex(storedKey) + "\";\n"
          + "\t[\"server_key\"] = \"" + hex.formatHex(serverKey) + "\";\n"
          + "};\n";
      Files.writeString(dir.resolve(name + ".dat"), file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }
}
