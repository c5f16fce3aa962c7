package parley.xmpp.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What Prosody and ejabberd have in common as test servers: one domain, a client port picked at
 * the first start, and, with TLS, a self-signed certificate for the domain written before the
 * server configures itself.
 */
abstract class XmppServerProcess extends ServerProcess implements XmppTestServer {
  private final String kind;
  protected final String domain;
  protected final boolean tls;
  /** The client-to-server port; picked at the first start. */
  protected int port;

  protected XmppServerProcess(String kind, String domain, boolean tls) {
    super(kind);
    this.kind = kind;
    this.domain = domain;
    this.tls = tls;
  }

  /** Writes the server's configuration; {@link #port} and, with TLS, the certificate exist by then. */
  protected abstract void configure(Path dir) throws IOException;

  @Override
  protected final void prepare(Path dir) throws IOException {
    port = XmppTestServer.freePort();
    if (tls) {
      selfSignedCertificate(dir, domain);
    }
    configure(dir);
  }

  @Override
  public String domain() {
    return domain;
  }

  @Override
  public String host() {
    return HOST;
  }

  @Override
  public int port() {
    requirePrepared();
    return port;
  }

  @Override
  public boolean tls() {
    return tls;
  }

  @Override
  public Path certificate() {
    if (!tls) {
      throw new IllegalStateException("This " + kind + " runs without TLS");
    }
    return dir().resolve(domain + ".crt");
  }
}
