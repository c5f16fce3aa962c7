package parley.xmpp.client;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ServerFirstMessage;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import parley.xmpp.SaltedPasswords;

/**
 * One SASL SCRAM exchange (SHA-1 or SHA-256, with {@code tls-server-end-point} channel binding
 * when given), on the ongres SCRAM client. The salted password is taken from {@link SaltedPasswords}
 * when kept; otherwise derived (PBKDF2, milliseconds of CPU) on a worker thread, never on the event loop.
 */
final class ScramExchange {
  /** A server asking for more would make every login a denial of service on the workers. */
  static final int MAX_ITERATIONS = 600_000;

  private final Vertx vertx;
  private final SaltedPasswords salted;
  private final String service;
  private final String user;
  private final String password;
  private final List<String> advertised;
  private final String cbType;
  private final byte[] cbData;
  private final String nonce;
  private final String clientFirst;
  private ScramClient client;
  private SaltedPasswords.Key key;

  /**
   * @param advertised the SCRAM mechanisms the server offers; the client picks the strongest usable
   * @param cbType channel-binding type, or null for none (then a -PLUS mechanism is not used)
   */
  ScramExchange(Vertx vertx, SaltedPasswords salted, String service, String user, String password,
      List<String> advertised, String cbType, byte[] cbData) {
    this(vertx, salted, service, user, password, advertised, cbType, cbData, null);
  }

  /** As above with a given client nonce (null: a random one), for tests against published exchanges. */
  ScramExchange(Vertx vertx, SaltedPasswords salted, String service, String user, String password,
      List<String> advertised, String cbType, byte[] cbData, String clientNonce) {
    this.vertx = vertx;
    this.salted = salted;
    this.service = service;
    this.user = user;
    this.password = password;
    this.advertised = advertised;
    this.cbType = cbType;
    this.cbData = cbData;
    this.client = newClient(stage -> stage.password(password.toCharArray()), clientNonce);
    var first = client.clientFirstMessage();
    this.nonce = first.getClientNonce();
    this.clientFirst = first.toString();
  }

  /** Whether any of these mechanism names is one this class can do. */
  static boolean supports(String mechanism) {
    return mechanism.equals("SCRAM-SHA-1") || mechanism.equals("SCRAM-SHA-256")
        || mechanism.equals("SCRAM-SHA-1-PLUS") || mechanism.equals("SCRAM-SHA-256-PLUS");
  }

  String mechanism() {
    return client.getScramMechanism().getName();
  }

  String clientFirst() {
    return clientFirst;
  }

  /** The answer to the server's first message; derives the salted password off the event loop if needed. */
  Future<String> clientFinal(String serverFirst) {
    ServerFirstMessage first;
    try {
      first = client.serverFirstMessage(serverFirst);
    } catch (ScramException | RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("Bad SCRAM server-first message: " + e.getMessage()));
    }
    if (first.getIterationCount() > MAX_ITERATIONS) {
      return Future.failedFuture(new IllegalArgumentException("SCRAM iteration count " + first.getIterationCount()
          + " above " + MAX_ITERATIONS));
    }
    // Keyed by hash function: -PLUS shares its salted password, SHA-1's never serves SHA-256.
    key = new SaltedPasswords.Key(service + "/" + mechanism().replace("-PLUS", ""), user, password, first.getSalt(),
        first.getIterationCount());
    byte[] kept = salted.find(key);
    Future<byte[]> saltedPassword = kept != null ? Future.succeededFuture(kept)
        : vertx.executeBlocking(() -> salted.get(key, () -> ScramFunctions.saltedPassword(client.getScramMechanism(),
            StringPreparation.SASL_PREPARATION, password.toCharArray(), Base64.getDecoder().decode(first.getSalt()),
            first.getIterationCount())), false);
    return saltedPassword.compose(bytes -> {
      try {
        // A client that knows the salted password, replaying the same first messages.
        client = newClient(stage -> stage.saltedPassword(bytes), nonce);
        client.clientFirstMessage();
        client.serverFirstMessage(serverFirst);
        return Future.succeededFuture(client.clientFinalMessage().toString());
      } catch (ScramException | RuntimeException e) {
        return Future.failedFuture(new IllegalArgumentException("SCRAM failed: " + e.getMessage()));
      }
    });
  }

  /** Checks the server's signature; a server that cannot prove it knows the password is refused. */
  void verify(String serverFinal) throws ScramException {
    try {
      client.serverFinalMessage(serverFinal);
    } catch (ScramException | RuntimeException e) {
      forget();
      throw e instanceof ScramException s ? s : new com.ongres.scram.common.exception.ScramParseException(e.getMessage());
    }
  }

  /** The server refused: a kept salted password may be stale (the password or salt changed). */
  void forget() {
    if (key != null) {
      salted.forget(key);
    }
  }

  private ScramClient newClient(Function<ScramClient.PasswordBuildStage, ScramClient.FinalBuildStage> secret, String nonce) {
    ScramClient.FinalBuildStage builder = secret.apply(ScramClient.builder()
            .advertisedMechanisms(advertised)
            .username(user))
        .stringPreparation(StringPreparation.SASL_PREPARATION);
    if (cbType != null) {
      builder.channelBinding(cbType, cbData);
    }
    if (nonce != null) {
      builder.nonceSupplier(() -> nonce);
    }
    return builder.build();
  }
}
