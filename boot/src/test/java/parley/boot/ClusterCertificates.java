package parley.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test certificate authority made with openssl, and leaf certificates it signs for cluster processes. */
final class ClusterCertificates {
  private final Path dir;
  private final String name;

  /** A new authority called {@code name} in {@code dir}. */
  ClusterCertificates(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=" + name, "-keyout", key(name).toString(), "-out", trust().toString());
  }

  /** The authority's certificate: what {@code cluster.tlsTrust} points at. */
  Path trust() {
    return dir.resolve(name + "-ca.crt");
  }

  Path key(String leaf) {
    return dir.resolve(leaf + ".key");
  }

  Path certificate(String leaf) {
    return dir.resolve(leaf + ".crt");
  }

  /** Signs a certificate for one process, good both as a server and as a client. */
  ClusterCertificates issue(String leaf) {
    try {
      Path extensions = dir.resolve(leaf + ".ext");
      Files.writeString(extensions, "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
          + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
      Path request = dir.resolve(leaf + ".csr");
      run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-subj", "/CN=" + leaf, "-keyout", key(leaf).toString(), "-out", request.toString());
      run("openssl", "x509", "-req", "-in", request.toString(), "-CA", trust().toString(), "-CAkey", key(name).toString(),
          "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", certificate(leaf).toString());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
