package parley.xmpp;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.ServerFirstMessage;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;
import org.jivesoftware.smack.sasl.core.SCRAMSHA1Mechanism;
import org.jivesoftware.smack.sasl.core.ScramSha1PlusMechanism;
import org.jivesoftware.smack.util.TLSUtils;

/**
 * SASL SCRAM-SHA-1 (and -PLUS with {@code tls-server-end-point}) done by the ongres SCRAM client
 * in place of Smack's own. Smack 4.4 derives the salted password through
 * {@code org.jivesoftware.smack.util.MAC.hmacsha1}, a {@code static synchronized} method over one
 * shared {@code Mac}: 10,000 iterations per login, all logins of the JVM in single file. A login
 * storm measured with Java Flight Recorder spent most of its waiting there. The ongres client
 * derives the key with the JDK's PBKDF2, which has no shared lock. The salted password is kept
 * ({@link SaltedPasswords}), so an account that logs in again with the same salt skips the derivation.
 */
final class ScramSha1 extends SASLMechanism {
  private static final String CHANNEL_BINDING = "tls-server-end-point";
  static final SaltedPasswords SALTED_PASSWORDS = new SaltedPasswords(65_536);

  private final boolean plus;
  private ScramClient client;
  private String clientNonce;
  private SaltedPasswords.Key saltedKey;
  private boolean serverVerified;

  private ScramSha1(boolean plus) {
    this.plus = plus;
  }

  /** Puts these mechanisms in the place of Smack's two, keeping Smack's order between them. */
  static synchronized void install() {
    SASLAuthentication.unregisterSASLMechanism(SCRAMSHA1Mechanism.class.getName());
    SASLAuthentication.unregisterSASLMechanism(ScramSha1PlusMechanism.class.getName());
    if (!SASLAuthentication.isSaslMechanismRegistered(SCRAMSHA1Mechanism.NAME)) {
      SASLAuthentication.registerSASLMechanism(new ScramSha1(false));
      SASLAuthentication.registerSASLMechanism(new ScramSha1(true));
    }
  }

  @Override
  public String getName() {
    return plus ? ScramSha1PlusMechanism.NAME : SCRAMSHA1Mechanism.NAME;
  }

  @Override
  public int getPriority() {
    // Smack's own priorities: the channel-bound variant first when the server offers it.
    return plus ? 100 : 110;
  }

  @Override
  protected SASLMechanism newInstance() {
    return new ScramSha1(plus);
  }

  @Override
  protected void authenticateInternal(CallbackHandler cbh) throws SmackSaslException {
    throw new UnsupportedOperationException("SCRAM needs a password, not a callback handler");
  }

  @Override
  protected byte[] getAuthenticationText() throws SmackSaslException {
    // The salt is not known yet: this client only makes the first message; the next one, with the
    // same nonce, answers the server from the (kept or derived) salted password.
    client = newClient(stage -> stage.password(password.toCharArray()), null);
    var first = client.clientFirstMessage();
    clientNonce = first.getClientNonce();
    return utf8(first.toString());
  }

  @Override
  protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
    String message = new String(challenge, StandardCharsets.UTF_8);
    try {
      if (client == null || serverVerified) {
        throw new SmackSaslException("Unexpected SCRAM challenge from the server");
      }
      if (message.startsWith("v=") || message.startsWith("e=")) {
        finish(message);
        return null;
      }
      ServerFirstMessage first = client.serverFirstMessage(message);
      saltedKey = new SaltedPasswords.Key(String.valueOf(serviceName), authenticationId, password, first.getSalt(),
          first.getIterationCount());
      byte[] salted = SALTED_PASSWORDS.get(saltedKey, () -> ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_1,
          StringPreparation.SASL_PREPARATION, password.toCharArray(), Base64.getDecoder().decode(first.getSalt()),
          first.getIterationCount()));
      String nonce = clientNonce;
      client = newClient(stage -> stage.saltedPassword(salted), nonce);
      client.clientFirstMessage();
      client.serverFirstMessage(message);
      return utf8(client.clientFinalMessage().toString());
    } catch (ScramException | IllegalStateException | IllegalArgumentException e) {
      throw new SmackSaslException(e);
    }
  }

  private void finish(String serverFinal) throws ScramException {
    try {
      client.serverFinalMessage(serverFinal);
      serverVerified = true;
    } catch (ScramException | RuntimeException e) {
      if (saltedKey != null) {
        SALTED_PASSWORDS.forget(saltedKey);
      }
      throw e;
    }
  }

  private ScramClient newClient(Function<ScramClient.PasswordBuildStage, ScramClient.FinalBuildStage> secret,
      String nonce) throws SmackSaslException {
    ScramClient.FinalBuildStage builder = secret.apply(ScramClient.builder()
            .advertisedMechanisms(List.of(getName()))
            .username(authenticationId))
        .stringPreparation(StringPreparation.SASL_PREPARATION);
    if (plus) {
      builder.channelBinding(CHANNEL_BINDING, channelBindingData());
    }
    if (nonce != null) {
      builder.nonceSupplier(() -> nonce);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new SmackSaslException(e);
    }
  }

  @Override
  public void checkIfSuccessfulOrThrow() throws SmackSaslException {
    if (!serverVerified) {
      throw new SmackSaslException("The server's SCRAM signature was not verified");
    }
  }

  private byte[] channelBindingData() throws SmackSaslException {
    try {
      return TLSUtils.getChannelBindingTlsServerEndPoint(sslSession);
    } catch (GeneralSecurityException | SSLPeerUnverifiedException e) {
      throw new SmackSaslException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
