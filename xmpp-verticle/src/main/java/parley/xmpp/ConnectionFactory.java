package parley.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.parts.Resourcepart;

/** Builds Smack connections from a connect command and the node's configuration. */
final class ConnectionFactory {
  private final XmppNodeConfig config;
  private final X509TrustManager trustManager;

  ConnectionFactory(XmppNodeConfig config) {
    this.config = config;
    this.trustManager = config.trustedCertificate() == null ? null : trustManager(Path.of(config.trustedCertificate()));
  }

  XMPPTCPConnection create(ConnectRequest request, Resourcepart resource) {
    XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(request.jid().asDomainBareJid())
        .setUsernameAndPassword(request.jid().getLocalpart(), request.password())
        .setResource(resource)
        .setSecurityMode(request.tlsRequired() ? SecurityMode.required : SecurityMode.ifpossible)
        .setConnectTimeout(config.connectTimeoutSeconds() * 1000)
        // The connect command carries the presence to send, after the roster has gone out.
        .setSendPresence(false);
    if (request.host() != null) {
      builder.setHostAddressByNameOrIp(request.host());
    } else if (request.port() != null) {
      builder.setHostAddressByNameOrIp(request.jid().getDomain());
    }
    if (request.port() != null) {
      builder.setPort(request.port());
    }
    if (trustManager != null) {
      builder.setCustomX509TrustManager(trustManager);
    }
    XMPPTCPConnection connection = new XMPPTCPConnection(builder.build());
    connection.setReplyTimeout(config.connectTimeoutSeconds() * 1000L);
    // Parley reconnects itself so that every state change is reported.
    ReconnectionManager.getInstanceFor(connection).disableAutomaticReconnection();
    return connection;
  }

  /** Trusts the JVM's default authorities and the certificates in a PEM file. */
  static X509TrustManager trustManager(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("trusted-" + i++, cert);
      }
      X509TrustManager extra = x509(store);
      X509TrustManager defaults = x509(null);
      return new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          defaults.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          try {
            extra.checkServerTrusted(chain, authType);
          } catch (CertificateException e) {
            defaults.checkServerTrusted(chain, authType);
          }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          X509Certificate[] a = defaults.getAcceptedIssuers();
          X509Certificate[] b = extra.getAcceptedIssuers();
          X509Certificate[] all = new X509Certificate[a.length + b.length];
          System.arraycopy(a, 0, all, 0, a.length);
          System.arraycopy(b, 0, all, a.length, b.length);
          return all;
        }
      };
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read xmpp.trustedCertificate " + pem + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("No X.509 trust manager");
  }
}
