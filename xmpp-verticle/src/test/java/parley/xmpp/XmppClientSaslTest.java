package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.boot.TrustedCertificates;
import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * SCRAM-SHA-256 and the GS2 channel-binding flag (RFC 5802 6, RFC 7677) against the real servers.
 * What they offer here (also in xmpp-verticle/README.md, "SASL"): Prosody 0.12 offers SCRAM with the
 * hash its passwords are stored with, and -PLUS only below TLS 1.3, bound with tls-unique; ejabberd
 * 23.01 the same with {@code auth_scram_hash}, -PLUS with tls-unique on any TLS. Neither announces
 * channel-binding types (XEP-0440) nor knows tls-server-end-point, the one binding Java can compute;
 * so against them the client logs in without binding: 'y' where no -PLUS is offered, 'n' where
 * -PLUS is (a 'y' then reads as a downgrade, and Prosody refuses it, as checked here on the wire).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class XmppClientSaslTest {
  private static final String PASSWORD = "correct horse";
  private static EjabberdServer ejabberd;
  private static ProsodyServer plain;
  private static ProsodyServer tls13;
  private static ProsodyServer tls12;

  private ClientHarness harness;

  @BeforeAll
  static void startServers() {
    ejabberd = new EjabberdServer(EjabberdServer.DEFAULT_DOMAIN, true).withScramHash("sha256").start();
    plain = new ProsodyServer().withPasswordHash("SHA-256").start();
    tls13 = ProsodyServer.withTls().withPasswordHash("SHA-256").start();
    tls12 = ProsodyServer.withTls().withPasswordHash("SHA-256").withTlsProtocol("tlsv1_2").start();
    for (XmppTestServer server : List.of(ejabberd, plain, tls13, tls12)) {
      server.createUser("alice", PASSWORD);
    }
  }

  @AfterAll
  static void stopServers() {
    for (XmppTestServer server : new XmppTestServer[] {ejabberd, plain, tls13, tls12}) {
      if (server != null) {
        server.stop();
      }
    }
  }

  @BeforeEach
  void setUp() {
    harness = new ClientHarness();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private ClientHarness.Recorded login(XmppTestServer server) {
    return harness.online(ClientHarness.options(server, "alice", PASSWORD, server.tls()));
  }

  @Test
  void ejabberdWithSha256HashesOffersPlusWithTlsUniqueOnlyAndTheClientSaysN() throws Exception {
    String features = Probe.featuresAfterTls(ejabberd, false);
    assertTrue(features.contains(">SCRAM-SHA-256<") && features.contains(">SCRAM-SHA-256-PLUS<"), features);
    assertFalse(features.contains(">SCRAM-SHA-1<"), features);
    assertFalse(features.contains("urn:xmpp:sasl-cb:0"), "no XEP-0440 channel-binding types: " + features);

    ClientHarness.Recorded alice = login(ejabberd);
    assertEquals("SCRAM-SHA-256", alice.client.saslMechanism());
    assertEquals('n', alice.client.channelBindingFlag());
    assertTrue(alice.client.secure());
  }

  @Test
  void prosodyWithSha256HashesWithoutTlsSaysN() {
    ClientHarness.Recorded alice = login(plain);
    assertEquals("SCRAM-SHA-256", alice.client.saslMechanism());
    assertEquals('n', alice.client.channelBindingFlag(), "no TLS, nothing to bind to");
  }

  /** TLS 1.3: Prosody offers no -PLUS, so a client that could bind says so with 'y' (RFC 5802 6). */
  @Test
  void prosodyOverTls13OffersNoPlusAndTheClientSaysY() throws Exception {
    String features = Probe.featuresAfterTls(tls13, false);
    assertTrue(features.contains(">SCRAM-SHA-256<"), features);
    assertFalse(features.contains("-PLUS<"), features);

    ClientHarness.Recorded alice = login(tls13);
    assertEquals("SCRAM-SHA-256", alice.client.saslMechanism());
    assertEquals('y', alice.client.channelBindingFlag());
    // The kept salted password serves the next login.
    long derivations = harness.salted.derivations();
    assertEquals('y', login(tls13).client.channelBindingFlag());
    assertEquals(derivations, harness.salted.derivations());
  }

  /**
   * TLS 1.2: Prosody offers SCRAM-SHA-256-PLUS with tls-unique, which the client cannot compute:
   * it logs in with SCRAM-SHA-256 and 'n'. A 'y' here is refused by the server as a downgrade.
   */
  @Test
  void prosodyOverTls12OffersPlusWithTlsUniqueRefusesYAndTheClientSaysN() throws Exception {
    String features = Probe.featuresAfterTls(tls12, false);
    assertTrue(features.contains(">SCRAM-SHA-256-PLUS<"), features);
    assertFalse(features.contains("urn:xmpp:sasl-cb:0"), features);
    assertTrue(Probe.featuresAfterTls(tls12, true).contains("<failure"), "'y' refused where -PLUS is offered");
    assertTrue(Probe.featuresAfterTls(tls13, true).contains("<challenge"), "'y' accepted where it is not");

    ClientHarness.Recorded alice = login(tls12);
    assertEquals("SCRAM-SHA-256", alice.client.saslMechanism());
    assertEquals('n', alice.client.channelBindingFlag());
  }

  /** A blocking raw client: STARTTLS, then the features; optionally a SCRAM-SHA-256 start with 'y'. */
  private static final class Probe {
    static String featuresAfterTls(XmppTestServer server, boolean thenAuthWithY) throws Exception {
      try (Socket tcp = new Socket(server.host(), server.port())) {
        tcp.setSoTimeout(10_000);
        exchange(tcp, header(server), "</stream:features>");
        String proceed = exchange(tcp, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", "/>");
        assertTrue(proceed.contains("proceed"), proceed);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {TrustedCertificates.fromPem(server.certificate())}, null);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, server.host(), server.port(), true)) {
          SSLParameters parameters = tls.getSSLParameters();
          parameters.setServerNames(List.of(new SNIHostName(server.domain())));
          tls.setSSLParameters(parameters);
          String features = exchange(tls, header(server), "</stream:features>");
          if (!thenAuthWithY) {
            return features;
          }
          String clientFirst = Base64.getEncoder().encodeToString("y,,n=alice,r=probe-nonce".getBytes(StandardCharsets.UTF_8));
          return exchange(tls, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
              + clientFirst + "</auth>", "</");
        }
      }
    }

    private static String header(XmppTestServer server) {
      return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
          + " to='" + server.domain() + "' version='1.0'>";
    }

    /** Writes, then reads until the answer holds {@code until}. */
    private static String exchange(Socket socket, String write, String until) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(write.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder read = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (true) {
        if (read.indexOf(until) >= 0) {
          return read.toString();
        }
        int n = in.read(buffer);
        if (n < 0) {
          return read.toString();
        }
        read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    }
  }
}
