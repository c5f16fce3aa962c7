package parley.msn.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The MD5 answers MSNP asks for: the MD5 login (MSNP2-7) and the {@code CHL}/{@code QRY} challenge. */
public final class Digests {
  private Digests() {}

  /**
   * The client id and key of MSN Messenger 5/6 that every MSNP8-era server accepts in {@code QRY}
   * (published in the protocol documentation; the same for every client that names itself so).
   */
  public static final String CLIENT_ID = "msmsgs@msnmsgr.com";
  public static final String CLIENT_KEY = "Q1P7W2E4J9R8U3S5";

  /** Lower-case hex MD5 of the UTF-8 bytes of {@code text}. */
  public static String md5Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** MD5 login: hex MD5 of the server's challenge followed by the password. */
  public static String md5Login(String challenge, String password) {
    return md5Hex(challenge + password);
  }

  /** The {@code QRY} answer to a {@code CHL} challenge. */
  public static String challenge(String challenge) {
    return md5Hex(challenge + CLIENT_KEY);
  }
}
