package parley.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the credential key comes from: {@code session.credentialKey} (environment
 * {@code PARLEY_SESSION_CREDENTIAL_KEY}, base64 of 32 bytes), or else a key file
 * ({@code session.credentialKeyFile}, default {@code data/credential.key}) that is created with
 * a fresh random key on first start so a first run needs no set-up.
 */
final class CredentialKey {
  private static final Logger log = LoggerFactory.getLogger(CredentialKey.class);

  private CredentialKey() {}

  static CredentialCipher cipher(String configuredKey, String keyFile) {
    if (configuredKey != null && !configuredKey.isBlank()) {
      return CredentialCipher.fromBase64(configuredKey);
    }
    Path file = Path.of(keyFile);
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        try {
          Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system; the file stays as created
        }
        log.warn("No credential key configured: created {}. Keep it safe; without it stored IM passwords cannot be read.",
            file.toAbsolutePath());
      }
      return CredentialCipher.fromBase64(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the credential key file " + file, e);
    }
  }
}
