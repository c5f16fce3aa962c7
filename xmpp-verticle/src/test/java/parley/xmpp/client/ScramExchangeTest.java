package parley.xmpp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import com.ongres.scram.common.util.TlsServerEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.xmpp.SaltedPasswords;

/**
 * {@link ScramExchange} against the exchanges RFC 5802 and RFC 7677 publish, and against a scripted
 * SCRAM server for what no RFC publishes a vector of: -PLUS with {@code tls-server-end-point}
 * channel binding (RFC 5929), which neither Debian's Prosody 0.12 nor ejabberd 23.01 offers
 * (xmpp-verticle/README.md, "SASL").
 */
class ScramExchangeTest {
  private static final String CB = TlsServerEndpoint.TLS_SERVER_END_POINT;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ScramExchange exchange(SaltedPasswords salted, List<String> advertised, byte[] cbData, String nonce) {
    return new ScramExchange(vertx, salted, "xmpp:example.org", "user", "pencil", advertised,
        cbData == null ? null : CB, cbData, nonce);
  }

  @Test
  void rfc5802ScramSha1() throws Exception {
    ScramExchange scram = exchange(new SaltedPasswords(10), List.of("SCRAM-SHA-1"), null, "fyko+d2lbbFgONRv9qkxdawL");
    assertEquals("SCRAM-SHA-1", scram.mechanism());
    assertEquals("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", scram.clientFirst());
    assertEquals("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        await(scram.clientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096")));
    scram.verify("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
  }

  @Test
  void rfc7677ScramSha256() throws Exception {
    ScramExchange scram = exchange(new SaltedPasswords(10), List.of("SCRAM-SHA-1", "SCRAM-SHA-256"), null,
        "rOprNGfwEbeRWgbNEkqO");
    assertEquals("SCRAM-SHA-256", scram.mechanism(), "the strongest offered");
    assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", scram.clientFirst());
    assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        await(scram.clientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
    scram.verify("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  }

  @Test
  void wrongServerSignatureIsRefused() throws Exception {
    ScramExchange scram = exchange(new SaltedPasswords(10), List.of("SCRAM-SHA-256"), null, "rOprNGfwEbeRWgbNEkqO");
    await(scram.clientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
    assertThrows(ScramException.class, () -> scram.verify("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
  }

  /** -PLUS bound to the server's certificate: the scripted server checks the binding and the proof. */
  @Test
  void plusWithTlsServerEndPointBindsTheChannel() throws Exception {
    byte[] certificateHash = bytes("the hash of the certificate this client saw");
    ScramExchange scram = exchange(new SaltedPasswords(10),
        List.of("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), certificateHash, null);
    assertEquals("SCRAM-SHA-256-PLUS", scram.mechanism());
    assertTrue(scram.clientFirst().startsWith("p=tls-server-end-point,,n=user,r="), scram.clientFirst());

    ScriptedServer server = new ScriptedServer(ScramMechanism.SCRAM_SHA_256_PLUS, "pencil", certificateHash);
    String serverFinal = server.answer(scram.clientFirst(), await(scram.clientFinal(server.first(scram.clientFirst()))));
    scram.verify(serverFinal);
  }

  /** A man in the middle shows the client another certificate: its binding no longer matches the server's. */
  @Test
  void plusFailsWhenTheChannelsDiffer() throws Exception {
    ScramExchange scram = exchange(new SaltedPasswords(10), List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"),
        bytes("the certificate of the man in the middle"), null);
    ScriptedServer server = new ScriptedServer(ScramMechanism.SCRAM_SHA_256_PLUS, "pencil", bytes("the real one"));
    String clientFinal = await(scram.clientFinal(server.first(scram.clientFirst())));
    assertEquals("e=channel-bindings-dont-match", server.answer(scram.clientFirst(), clientFinal));
  }

  /**
   * RFC 5802 6: 'y' only when the server offers no -PLUS; where it offers -PLUS the exchange binds
   * ('p'), and without binding data it says 'n', never 'y' (which such a server must refuse).
   */
  @Test
  void gs2FlagFollowsWhatTheServerOffers() {
    byte[] cb = bytes("hash");
    SaltedPasswords salted = new SaltedPasswords(10);
    assertTrue(exchange(salted, List.of("SCRAM-SHA-256"), cb, null).clientFirst().startsWith("y,,"));
    assertTrue(exchange(salted, List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), cb, null).clientFirst()
        .startsWith("p=tls-server-end-point,,"));
    ScramExchange unbound = exchange(salted, List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), null, null);
    assertEquals("SCRAM-SHA-256", unbound.mechanism());
    assertTrue(unbound.clientFirst().startsWith("n,,"));
  }

  /**
   * Kept salted passwords are per hash function: after a SHA-1 login, a SHA-256 server with the same
   * salt and iterations gets a SHA-256 derivation (a SHA-1 one would make a wrong proof); -PLUS
   * shares the SHA-256 one.
   */
  @Test
  void keptSaltedPasswordsAreKeyedByHashFunction() throws Exception {
    SaltedPasswords salted = new SaltedPasswords(10);
    String salt = "QSXCR+Q6sek8bf92";
    ScramExchange sha1 = exchange(salted, List.of("SCRAM-SHA-1"), null, "fyko+d2lbbFgONRv9qkxdawL");
    await(sha1.clientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=" + salt + ",i=4096"));
    assertEquals(1, salted.derivations());

    ScriptedServer sha256Server = new ScriptedServer(ScramMechanism.SCRAM_SHA_256, "pencil", null, salt);
    ScramExchange sha256 = exchange(salted, List.of("SCRAM-SHA-256"), null, null);
    sha256.verify(sha256Server.answer(sha256.clientFirst(),
        await(sha256.clientFinal(sha256Server.first(sha256.clientFirst())))));
    assertEquals(2, salted.derivations());

    byte[] cb = bytes("hash");
    ScriptedServer plusServer = new ScriptedServer(ScramMechanism.SCRAM_SHA_256_PLUS, "pencil", cb, salt);
    ScramExchange plus = exchange(salted, List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), cb, null);
    plus.verify(plusServer.answer(plus.clientFirst(), await(plus.clientFinal(plusServer.first(plus.clientFirst())))));
    assertEquals(2, salted.derivations(), "-PLUS uses the kept SHA-256 salted password");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The server side of one SCRAM exchange (RFC 5802 5), as a test needs it: one user, one password. */
  private static final class ScriptedServer {
    private final ScramMechanism mechanism;
    private final byte[] cbData;
    private final String salt;
    private final byte[] saltedPassword;
    private String serverFirst;

    ScriptedServer(ScramMechanism mechanism, String password, byte[] cbData) {
      this(mechanism, password, cbData, Base64.getEncoder().encodeToString(bytes("a salt of sixteen")));
    }

    ScriptedServer(ScramMechanism mechanism, String password, byte[] cbData, String salt) {
      this.mechanism = mechanism;
      this.cbData = cbData;
      this.salt = salt;
      this.saltedPassword = ScramFunctions.saltedPassword(mechanism, StringPreparation.SASL_PREPARATION,
          password.toCharArray(), Base64.getDecoder().decode(salt), 4096);
    }

    String first(String clientFirst) {
      String nonce = attribute(bare(clientFirst), "r");
      serverFirst = "r=" + nonce + "server-nonce,s=" + salt + ",i=4096";
      return serverFirst;
    }

    /** The server-final message: {@code v=} when binding and proof are right, {@code e=} otherwise. */
    String answer(String clientFirst, String clientFinal) {
      String gs2Header = clientFirst.substring(0, clientFirst.length() - bare(clientFirst).length());
      byte[] header = bytes(gs2Header);
      byte[] expectedBinding = header;
      if (mechanism.isPlus()) {
        expectedBinding = new byte[header.length + cbData.length];
        System.arraycopy(header, 0, expectedBinding, 0, header.length);
        System.arraycopy(cbData, 0, expectedBinding, header.length, cbData.length);
      }
      if (!attribute(clientFinal, "c").equals(Base64.getEncoder().encodeToString(expectedBinding))) {
        return "e=channel-bindings-dont-match";
      }
      String withoutProof = clientFinal.substring(0, clientFinal.lastIndexOf(",p="));
      String authMessage = bare(clientFirst) + "," + serverFirst + "," + withoutProof;
      byte[] storedKey = ScramFunctions.storedKey(mechanism, ScramFunctions.clientKey(mechanism, saltedPassword));
      byte[] proof = Base64.getDecoder().decode(attribute(clientFinal, "p"));
      if (!ScramFunctions.verifyClientProof(mechanism, proof, storedKey, authMessage)) {
        return "e=invalid-proof";
      }
      byte[] signature = ScramFunctions.serverSignature(mechanism, ScramFunctions.serverKey(mechanism, saltedPassword),
          authMessage);
      return "v=" + Base64.getEncoder().encodeToString(signature);
    }

    private static String bare(String clientFirst) {
      // After the GS2 header: flag, authzid, then the bare message.
      return clientFirst.substring(clientFirst.indexOf(',', clientFirst.indexOf(',') + 1) + 1);
    }

    private static String attribute(String message, String name) {
      for (String part : message.split(",")) {
        if (part.startsWith(name + "=")) {
          return part.substring(name.length() + 1);
        }
      }
      throw new AssertionError("No " + name + "= in " + message);
    }
  }
}
