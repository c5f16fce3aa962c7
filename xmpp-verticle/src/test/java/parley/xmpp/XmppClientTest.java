package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.testing.RefusedPort;
import parley.nodekit.ImFailure;
import parley.xmpp.client.ClientState;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClientException.Reason;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.client.XmppClientOptions;
import parley.xmpp.stream.Element;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/** Parley's own XMPP client connection against a real Prosody, a plain Smack peer, and scripted bad servers. */
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppClientTest {
  private static final String PASSWORD = "correct horse";
  /** The servers under test, without and with TLS: Prosody here, ejabberd in the subclass. */
  static XmppTestServer prosody;
  static XmppTestServer secure;
  /** Makes another server of the kind under test ({@code true}: one that offers STARTTLS). */
  private static Function<Boolean, XmppTestServer> servers;

  private ClientHarness harness;

  /** A server of the kind under test, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer(boolean tls) {
    return tls ? ProsodyServer.withTls() : new ProsodyServer();
  }

  @BeforeAll
  void startServer() {
    servers = this::newServer;
    prosody = newServer(false).start();
    secure = newServer(true).start();
    for (XmppTestServer p : List.of(prosody, secure)) {
      for (String user : List.of("alice", "bob", "carol")) {
        p.createUser(user, PASSWORD);
      }
    }
  }

  @AfterAll
  static void stopServer() {
    for (XmppTestServer p : new XmppTestServer[] {prosody, secure}) {
      if (p != null) {
        p.stop();
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

  @Test
  void logsInWithStartTlsAndScramAndKeepsTheSaltedPassword() {
    ClientHarness.Recorded alice = harness.online(ClientHarness.options(secure, "alice", PASSWORD, true));
    assertSame(ClientState.ONLINE, alice.client.state());
    assertTrue(alice.client.secure());
    assertTrue(alice.client.boundJid().startsWith("alice@localhost/parley-"), alice.client.boundJid());
    assertNotNull(alice.client.streamId());
    assertEquals(1, harness.salted.derivations());
    harness.on(() -> alice.client.close());
    assertSame(ClientState.CLOSED, alice.client.state());

    // Again: the kept salted password is used, no new derivation.
    ClientHarness.Recorded again = harness.online(ClientHarness.options(secure, "alice", PASSWORD, true));
    assertSame(ClientState.ONLINE, again.client.state());
    assertEquals(1, harness.salted.derivations());
  }

  @Test
  void ifOfferedWithoutTlsLogsInWithScram() {
    ClientHarness.Recorded alice = harness.online(ClientHarness.options(prosody, "alice", PASSWORD, false));
    assertSame(ClientState.ONLINE, alice.client.state());
    assertEquals(false, alice.client.secure());
  }

  @Test
  void rosterPresenceMessagesTypingAndPings() throws Exception {
    try (Peer bob = Peer.login(prosody, "bob", PASSWORD)) {
      ClientHarness.Recorded alice = harness.online(ClientHarness.options(prosody, "alice", PASSWORD, false));
      String bobJid = prosody.jid("bob");

      // Add a contact: the server pushes the new item (to resources that asked for the roster,
      // RFC 6121 2.1.6), and the roster has it with its group.
      Element empty = harness.on(() -> alice.client.request(Stanzas.rosterGet()));
      assertEquals(List.of(), empty.child("query", Ns.ROSTER).children());
      harness.on(() -> alice.client.request(Stanzas.rosterSet(bobJid, "Bob", "Friends")));
      Element push = alice.await(s -> s.is("iq", Ns.CLIENT));
      assertEquals(bobJid, push.child("query", Ns.ROSTER).child("item").attribute("jid"));
      Element roster = harness.on(() -> alice.client.request(Stanzas.rosterGet()));
      Element item = roster.child("query", Ns.ROSTER).child("item");
      assertEquals("Bob", item.attribute("name"));
      assertEquals("Friends", item.childText("group"));

      // Initial presence: now requests reach alice. Hers reaches bob; his own reaches her.
      harness.on(() -> alice.client.send(Stanzas.presence(null, null)));
      harness.on(() -> alice.client.send(Stanzas.subscription("subscribe", bobJid)));
      bob.awaitPresence(p -> p.getType() == Presence.Type.subscribe && Peer.from(p, prosody.jid("alice")));
      bob.sendPresence(Presence.Type.subscribed, prosody.jid("alice"));
      bob.sendPresence(Presence.Type.subscribe, prosody.jid("alice"));
      alice.await(s -> s.is("presence", Ns.CLIENT) && "subscribe".equals(s.attribute("type"))
          && bobJid.equals(Stanzas.bare(s.attribute("from"))));
      harness.on(() -> alice.client.send(Stanzas.subscription("subscribed", bobJid)));

      // Presence both ways.
      harness.on(() -> alice.client.send(Stanzas.presence("away", "Lunch")));
      Presence seen = bob.awaitPresence(p -> Peer.from(p, prosody.jid("alice")) && p.getType() == Presence.Type.available
          && p.getMode() == Presence.Mode.away);
      assertEquals(Presence.Mode.away, seen.getMode());
      assertEquals("Lunch", seen.getStatus());
      bob.setPresence(Presence.Mode.dnd, "Busy");
      Element bobPresence = alice.await(s -> s.is("presence", Ns.CLIENT) && s.attribute("type") == null
          && bobJid.equals(Stanzas.bare(s.attribute("from"))) && "dnd".equals(s.childText("show")));
      assertEquals("Busy", bobPresence.childText("status"));

      // Messages both ways, with text XML must escape, and typing.
      String text = "<b>Tom & Jerry</b> 'quoted' — 😀";
      harness.on(() -> alice.client.send(Stanzas.message("m-1", bobJid, text, "active")));
      var received = bob.awaitMessage(m -> text.equals(m.getBody()));
      assertEquals("m-1", received.getStanzaId());
      assertSame(ChatState.active, Peer.chatState(received));
      harness.on(() -> alice.client.send(Stanzas.message(null, bobJid, null, "composing")));
      bob.awaitMessage(m -> Peer.chatState(m) == ChatState.composing);
      bob.sendMessage(prosody.jid("alice"), "hi & bye");
      Element message = alice.await(s -> s.is("message", Ns.CLIENT) && s.childText("body") != null);
      assertEquals("hi & bye", message.childText("body"));
      bob.sendChatState(prosody.jid("alice"), ChatState.composing);
      alice.await(s -> s.is("message", Ns.CLIENT) && s.child("composing", Ns.CHAT_STATES) != null);

      // XEP-0199 both ways: bob pings alice's client, alice pings the server.
      assertTrue(PingManager.getInstanceFor(bob.connection).ping(JidCreate.from(alice.client.boundJid())));
      Element pong = harness.on(() -> alice.client.request(Stanzas.ping(null)));
      assertEquals("result", pong.attribute("type"));

      // Remove the contact; a request the server refuses fails with its condition.
      harness.on(() -> alice.client.request(Stanzas.rosterRemove(bobJid)));
      alice.await(s -> s.is("iq", Ns.CLIENT) && "remove".equals(s.child("query", Ns.ROSTER).child("item")
          .attribute("subscription")));
      XmppClientException refused = harness.failure(() -> alice.client.request(
          Stanzas.iq("get", null, Element.builder("query", "urn:parley:no-such-thing").build())));
      assertSame(Reason.STANZA_ERROR, refused.reason());
      assertEquals("service-unavailable", refused.condition());

      harness.on(() -> alice.client.close());
    }
  }

  @Test
  void refusesToSendCharactersXmlCannotCarry() {
    ClientHarness.Recorded alice = harness.online(ClientHarness.options(prosody, "alice", PASSWORD, false));
    Throwable refused = harness.failureOf(() -> alice.client.send(Stanzas.message(null, prosody.jid("bob"), "bell\u0007", null)));
    assertTrue(refused.getMessage().contains("U+0007"), refused.getMessage());
    // The stream is still fine.
    harness.on(() -> alice.client.request(Stanzas.ping(null)));
  }

  @Test
  void wrongPasswordFailsTheLogin() {
    XmppClientException e = harness.loginFailure(ClientHarness.options(secure, "alice", "wrong", true));
    assertSame(Reason.AUTH_FAILED, e.reason());
    assertEquals("not-authorized", e.condition());
    assertEquals(new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false),
        ClientFailures.of(e, secure.host(), secure.port()));
  }

  @Test
  void requiredTlsWithoutTlsFails() {
    XmppClientException e = harness.loginFailure(ClientHarness.options(prosody, "alice", PASSWORD, true));
    assertSame(Reason.TLS_NOT_OFFERED, e.reason());
    assertEquals(new ImFailure(FailureCode.IM_TLS_FAILED, ClientFailures.TLS_NOT_OFFERED, true),
        ClientFailures.of(e, prosody.host(), prosody.port()));
  }

  @Test
  void untrustedCertificateFails() {
    XmppClientException e = harness.loginFailure(ClientHarness.options(secure.domain(), secure.host(), secure.port(),
        "alice", PASSWORD, true, null));
    assertSame(Reason.CERTIFICATE, e.reason(), e::toString);
    assertTrue(ClientFailures.of(e, secure.host(), secure.port()).text().contains("certificate"));
  }

  @Test
  void certificateForAnotherNameFails() throws Exception {
    Path dir = Files.createTempDirectory("parley-cert-");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=parley.test", "-addext", "subjectAltName=DNS:parley.test", "-keyout", key.toString(),
        "-out", cert.toString()).redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertEquals(0, openssl.waitFor());
    // A server that offers STARTTLS, shows a trusted certificate for parley.test, then refuses the domain.
    SSLContext tls = serverTls(cert, key);
    ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket plain = server.accept()) {
          plain.setSoTimeout(ClientHarness.TIMEOUT_SECONDS * 1000);
          byte[] buffer = new byte[4096];
          plain.getInputStream().read(buffer);
          plain.getOutputStream().write(utf8(HEADER
              + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>"));
          plain.getInputStream().read(buffer);
          plain.getOutputStream().write(utf8("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
          try (SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), false)) {
            secured.setUseClientMode(false);
            secured.getInputStream().read(buffer);
            secured.getOutputStream().write(utf8(HEADER
                + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"));
            secured.getInputStream().read(buffer);
          }
        } catch (IOException next) {
          // The client gave up (as it should on a wrong name), or the test is over.
        }
      }
    }, "starttls-server");
    thread.setDaemon(true);
    thread.start();
    int port = server.getLocalPort();
    XmppClientException wrongName = harness.loginFailure(slow(ClientHarness.options("localhost", "127.0.0.1", port,
        "alice", PASSWORD, true, cert)));
    assertSame(Reason.CERTIFICATE, wrongName.reason(), wrongName::toString);
    // The same server and certificate for the right name: TLS works, and the stream goes on to the server's error.
    XmppClientException rightName = harness.loginFailure(slow(ClientHarness.options("parley.test", "127.0.0.1", port,
        "alice", PASSWORD, true, cert)));
    assertSame(Reason.STREAM_ERROR, rightName.reason(), rightName::toString);
    server.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A TLS server context from an openssl PEM certificate and (PKCS#8) key. */
  private static SSLContext serverTls(Path cert, Path key) throws Exception {
    String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    Certificate certificate;
    try (InputStream in = Files.newInputStream(cert)) {
      certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setKeyEntry("server", privateKey, new char[0], new Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Room for a first TLS handshake on a busy machine. */
  private static XmppClientOptions slow(XmppClientOptions o) {
    return new XmppClientOptions(o.domain(), o.username(), o.password(), o.resource(), o.host(), o.port(),
        o.tlsRequired(), o.trustManager(), 8000, 0, o.maxStanzaBytes());
  }

  @Test
  void deadPortIsUnreachable() {
    try (RefusedPort refused = new RefusedPort()) {
      int port = refused.port();
      XmppClientException e = harness.loginFailure(ClientHarness.options("localhost", "127.0.0.1", port, "alice",
          PASSWORD, false, null));
      assertSame(Reason.UNREACHABLE, e.reason());
      assertEquals("The IM server at 127.0.0.1:" + port + " could not be reached (the connection was refused).",
          ClientFailures.of(e, "127.0.0.1", port).text());
    }
  }

  @Test
  void lostServerIsReportedToTheListener() throws Exception {
    try (XmppTestServer own = servers.apply(false).start()) {
      own.createUser("dave", PASSWORD);
      ClientHarness.Recorded dave = harness.online(ClientHarness.options(own, "dave", PASSWORD, false));
      own.restart();
      XmppClientException why = dave.closedWith();
      ImFailure failure = ClientFailures.of(why, own.host(), own.port());
      assertTrue(failure.code() == FailureCode.IM_CONNECTION_LOST, failure::toString);
      assertSame(ClientState.CLOSED, dave.client.state());
    }
  }

  @Test
  void unansweredPingEndsTheConnection() throws Exception {
    try (XmppTestServer own = servers.apply(false).start()) {
      own.createUser("erin", PASSWORD);
      XmppClientOptions o = ClientHarness.options(own, "erin", PASSWORD, false);
      XmppClientOptions pinging = new XmppClientOptions(o.domain(), o.username(), o.password(), o.resource(), o.host(),
          o.port(), false, null, 1000, 500, o.maxStanzaBytes());
      ClientHarness.Recorded erin = harness.online(pinging);
      // A server that hangs: the TCP connection stays up, nothing answers.
      signal(own.pid(), "STOP");
      try {
        XmppClientException why = erin.closedWith();
        assertSame(Reason.NO_ANSWER, why.reason(), why::toString);
        assertEquals(new ImFailure(FailureCode.IM_CONNECTION_LOST, ClientFailures.PING_UNANSWERED, true),
            ClientFailures.of(why, own.host(), own.port()));
      } finally {
        signal(own.pid(), "CONT");
      }
    }
  }

  private static void signal(long pid, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
  }

  // ---- scripted misbehaving servers ----

  static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
      + " xmlns:stream='http://etherx.jabber.org/streams' id='bad' from='localhost' version='1.0'>";

  /** A loopback server that reads the client's first bytes, then sends a script; optionally forever. */
  static final class Scripted implements AutoCloseable {
    final ServerSocket server;
    final Thread thread;

    Scripted(String script, String forever) throws IOException {
      server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
      thread = new Thread(() -> {
        try (Socket s = server.accept()) {
          s.setSoTimeout(ClientHarness.TIMEOUT_SECONDS * 1000);
          InputStream in = s.getInputStream();
          in.read(new byte[4096]);
          OutputStream out = s.getOutputStream();
          out.write(script.getBytes(StandardCharsets.UTF_8));
          out.flush();
          byte[] more = forever == null ? null : forever.getBytes(StandardCharsets.UTF_8);
          long deadline = System.currentTimeMillis() + ClientHarness.TIMEOUT_SECONDS * 1000L;
          while (more != null && System.currentTimeMillis() < deadline) {
            out.write(more);
          }
          in.read(new byte[4096]);
        } catch (IOException expected) {
          // The client closed the connection.
        }
      }, "scripted-xmpp-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private XmppClientException against(String script, String forever) throws IOException {
    try (Scripted server = new Scripted(script, forever)) {
      return harness.loginFailure(ClientHarness.options("localhost", "127.0.0.1", server.port(), "alice",
          PASSWORD, false, null));
    }
  }

  @Test
  void garbageFailsWithASentence() throws Exception {
    XmppClientException e = against("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", null);
    assertSame(Reason.BAD_STREAM, e.reason());
    ImFailure failure = ClientFailures.of(e, "127.0.0.1", 1);
    assertEquals(new ImFailure(FailureCode.IM_ERROR, "The IM server sent data that is not a valid XMPP stream.", true),
        failure);
  }

  @Test
  void endlessElementFailsOnceTooLarge() throws Exception {
    XmppClientException e = against(HEADER + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
        + "<mechanism>", "SCRAM-SHA-1".repeat(100));
    assertSame(Reason.BAD_STREAM, e.reason());
    assertEquals("The IM server sent a stanza larger than 256 KiB.", e.getMessage());
  }

  @Test
  void entityDeclarationIsRefused() throws Exception {
    XmppClientException e = against("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]>" + HEADER, null);
    assertSame(Reason.BAD_STREAM, e.reason());
    assertEquals("The IM server sent a document type declaration, which XMPP forbids.", e.getMessage());
  }

  @Test
  void streamErrorMidLoginFailsWithItsCondition() throws Exception {
    XmppClientException e = against(HEADER + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
        + "</stream:error></stream:stream>", null);
    assertSame(Reason.STREAM_ERROR, e.reason());
    assertEquals("host-unknown", e.condition());
    assertEquals(new ImFailure(FailureCode.IM_ERROR, "The IM server does not serve this account's domain.", false),
        ClientFailures.of(e, "127.0.0.1", 1));
  }

  @Test
  void silentServerIsNoAnswer() throws Exception {
    XmppClientException e = against(HEADER, null);
    assertSame(Reason.NO_ANSWER, e.reason());
    assertEquals(ClientFailures.NO_ANSWER, ClientFailures.of(e, "127.0.0.1", 1).text());
  }

  @Test
  void plainIsNotUsedWithoutTls() throws Exception {
    XmppClientException e = against(HEADER + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
        + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>", null);
    assertSame(Reason.AUTH_FAILED, e.reason());
    assertEquals(ClientFailures.NO_MECHANISM, ClientFailures.of(e, "127.0.0.1", 1).text());
  }

}
