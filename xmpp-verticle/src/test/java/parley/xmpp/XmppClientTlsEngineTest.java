package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.OpenSSLEngineOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.xmpp.client.ClientState;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.client.XmppClientException.Reason;
import parley.xmpp.testing.ProsodyServer;

/**
 * The node's TLS engine: BoringSSL loads on this platform (else the node would quietly use the JDK's),
 * and the JDK's engine, kept as the fallback and for {@code xmpp.tlsEngine: jdk}, still logs in with
 * STARTTLS and refuses an untrusted certificate. {@link XmppClientTest} runs the TLS checks (trust,
 * host name, channel binding) on the default engine, BoringSSL.
 */
class XmppClientTlsEngineTest {
  private static final String PASSWORD = "tls-engine-password";
  private static ProsodyServer secure;

  @BeforeAll
  static void startServer() {
    secure = ProsodyServer.withTls().start();
    secure.createUser("alice", PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (secure != null) {
      secure.stop();
    }
  }

  @Test
  void boringSslLoadsHere() {
    assertTrue(OpenSSLEngineOptions.isAvailable(), "netty-tcnative-boringssl-static did not load");
  }

  @Test
  void jdkEngineLogsInWithStartTlsAndRefusesAnUntrustedCertificate() {
    try (ClientHarness jdk = new ClientHarness("jdk")) {
      ClientHarness.Recorded alice = jdk.online(ClientHarness.options(secure, "alice", PASSWORD, true));
      assertSame(ClientState.ONLINE, alice.client.state());
      assertTrue(alice.client.secure());
      XmppClientException e = jdk.loginFailure(ClientHarness.options(secure.domain(), secure.host(), secure.port(),
          "alice", PASSWORD, true, null));
      assertSame(Reason.CERTIFICATE, e.reason(), e::toString);
    }
  }
}
