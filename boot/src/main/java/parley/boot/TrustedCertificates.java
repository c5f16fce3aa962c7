package parley.boot;

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

/**
 * Certificates to trust besides the JVM's authorities, from a PEM file: the XMPP node's STARTTLS
 * ({@code xmpp.trustedCertificate}) and Parley's PUTs to upload services ({@code web.uploadTrustedCertificate}),
 * for a private IM server's own authority, or the tests' Prosody.
 */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /** Trusts the JVM's default authorities and the certificates in a PEM file. */
  public static X509TrustManager fromPem(Path pem) {
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
      throw new IllegalStateException("Cannot read the certificates to trust in " + pem + ": " + e.getMessage(), e);
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
