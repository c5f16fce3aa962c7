package parley.irc.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The server's half of SCRAM-SHA-256 (RFC 5802, RFC 7677), written from the RFC for the scripted server. */
public final class ScramServerSide {
  private final String password;
  private final byte[] salt = "parley-test-salt".getBytes(StandardCharsets.UTF_8);
  private final int iterations;
  private String clientFirstBare;
  private String serverFirst;
  private byte[] salted;

  public ScramServerSide(String password, int iterations) {
    this.password = password;
    this.iterations = iterations;
  }

  /** Takes "n,,n=user,r=nonce"; answers the server-first message. */
  public String first(String clientFirst) {
    clientFirstBare = clientFirst.substring(clientFirst.indexOf("n=", 2));
    String nonce = clientFirstBare.substring(clientFirstBare.indexOf("r=") + 2);
    serverFirst = "r=" + nonce + "serverpart,s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
    return serverFirst;
  }

  /** Takes the client-final message; answers "v=..." when the proof is right, else null. */
  public String last(String clientFinal) {
    try {
      int p = clientFinal.lastIndexOf(",p=");
      String withoutProof = clientFinal.substring(0, p);
      byte[] proof = Base64.getDecoder().decode(clientFinal.substring(p + 3));
      salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
      String auth = clientFirstBare + "," + serverFirst + "," + withoutProof;
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), auth);
      byte[] expected = new byte[clientKey.length];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (byte) (clientKey[i] ^ signature[i]);
      }
      if (!Arrays.equals(expected, proof)) {
        return null;
      }
      return "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), auth));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }
}
