package parley.irc;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ServerFirstMessage;
import com.ongres.scram.common.StringPreparation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * One SASL exchange over IRC's AUTHENTICATE (IRCv3 sasl-3.1): SCRAM-SHA-256 when the server
 * offers it, else PLAIN. Server messages arrive base64 in chunks of 400; ours go the same way.
 * The salted password (PBKDF2) is computed on a worker thread, never on the event loop, and a
 * server asking for absurd work is refused.
 */
final class Sasl {
  static final String PLAIN = "PLAIN";
  static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
  /** A server asking for more would make every sign-on a denial of service on the workers. */
  static final int MAX_ITERATIONS = 600_000;
  /** The most a server's message may be (base64, all chunks); more is an abuse. */
  static final int MAX_SERVER_MESSAGE = 4096;
  private static final int CHUNK = 400;

  private final Vertx vertx;
  private final String mechanism;
  private final String user;
  private final String password;
  private final StringBuilder incoming = new StringBuilder();
  private ScramClient scram;
  private int step;

  private Sasl(Vertx vertx, String mechanism, String user, String password) {
    this.vertx = vertx;
    this.mechanism = mechanism;
    this.user = user;
    this.password = password;
  }

  /**
   * The exchange to use, or null when the server offers no mechanism Parley speaks.
   * {@code offered}: the value of the server's {@code sasl} capability (empty: it did not say which).
   */
  static Sasl choose(Vertx vertx, Set<String> offered, String user, String password) {
    if (offered.isEmpty() || offered.contains(SCRAM_SHA_256)) {
      return new Sasl(vertx, offered.contains(SCRAM_SHA_256) ? SCRAM_SHA_256 : PLAIN, user, password);
    }
    return offered.contains(PLAIN) ? new Sasl(vertx, PLAIN, user, password) : null;
  }

  String mechanism() {
    return mechanism;
  }

  /**
   * Takes one AUTHENTICATE parameter from the server. Returns null while a message is incomplete,
   * else the lines' payloads to send (each to be prefixed with {@code AUTHENTICATE}).
   */
  Future<List<String>> receive(String chunk) {
    if (!chunk.equals("+")) {
      incoming.append(chunk);
      if (incoming.length() > MAX_SERVER_MESSAGE) {
        return Future.failedFuture(new IllegalArgumentException("the server's SASL message is too long"));
      }
      if (chunk.length() == CHUNK) {
        return null;
      }
    }
    String message;
    try {
      message = new String(Base64.getDecoder().decode(incoming.toString()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("the server's SASL message is not base64"));
    }
    incoming.setLength(0);
    return answer(message).map(Sasl::chunks);
  }

  private Future<String> answer(String serverMessage) {
    int now = step++;
    if (mechanism.equals(PLAIN)) {
      if (now > 0) {
        return Future.failedFuture(new IllegalArgumentException("the server asked for more than PLAIN sends"));
      }
      return Future.succeededFuture(user + "\0" + user + "\0" + password);
    }
    try {
      switch (now) {
        case 0 -> {
          scram = ScramClient.builder()
              .advertisedMechanisms(List.of(SCRAM_SHA_256))
              .username(user)
              .password(password.toCharArray())
              .stringPreparation(StringPreparation.SASL_PREPARATION)
              .build();
          return Future.succeededFuture(scram.clientFirstMessage().toString());
        }
        case 1 -> {
          ServerFirstMessage first = scram.serverFirstMessage(serverMessage);
          if (first.getIterationCount() > MAX_ITERATIONS) {
            return Future.failedFuture(new IllegalArgumentException("the server asked for " + first.getIterationCount()
                + " SCRAM iterations, more than " + MAX_ITERATIONS));
          }
          return vertx.executeBlocking(() -> scram.clientFinalMessage().toString(), false);
        }
        case 2 -> {
          // The server proves it knows the password too; one that cannot is refused.
          scram.serverFinalMessage(serverMessage);
          return Future.succeededFuture("");
        }
        default -> {
          return Future.failedFuture(new IllegalArgumentException("the server's SCRAM exchange went on too long"));
        }
      }
    } catch (Exception e) {
      return Future.failedFuture(new IllegalArgumentException("SCRAM failed: " + e.getMessage()));
    }
  }

  /** A message as AUTHENTICATE parameters: base64 in chunks of 400, "+" for empty or after an exact multiple. */
  static List<String> chunks(String message) {
    List<String> out = new ArrayList<>();
    if (message.isEmpty()) {
      out.add("+");
      return out;
    }
    String encoded = Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < encoded.length(); i += CHUNK) {
      out.add(encoded.substring(i, Math.min(encoded.length(), i + CHUNK)));
    }
    if (encoded.length() % CHUNK == 0) {
      out.add("+");
    }
    return out;
  }
}
