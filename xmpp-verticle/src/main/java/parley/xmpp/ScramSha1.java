package parley.xmpp;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
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
 * derives the key with the JDK's PBKDF2, which has no shared lock.
 */
final class ScramSha1 extends SASLMechanism {
  private static final String CHANNEL_BINDING = "tls-server-end-point";

  private final boolean plus;
  private ScramClient client;
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
    ScramClient.FinalBuildStage builder = ScramClient.builder()
        .advertisedMechanisms(List.of(getName()))
        .username(authenticationId)
        .password(password.toCharArray())
        .stringPreparation(StringPreparation.SASL_PREPARATION);
    if (plus) {
      builder.channelBinding(CHANNEL_BINDING, channelBindingData());
    }
    try {
      client = builder.build();
    } catch (IllegalArgumentException e) {
      throw new SmackSaslException(e);
    }
    return utf8(client.clientFirstMessage().toString());
  }

  @Override
  protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
    String message = new String(challenge, StandardCharsets.UTF_8);
    try {
      if (client == null || serverVerified) {
        throw new SmackSaslException("Unexpected SCRAM challenge from the server");
      }
      if (message.startsWith("v=") || message.startsWith("e=")) {
        client.serverFinalMessage(message);
        serverVerified = true;
        return null;
      }
      client.serverFirstMessage(message);
      return utf8(client.clientFinalMessage().toString());
    } catch (ScramException | IllegalStateException | IllegalArgumentException e) {
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
