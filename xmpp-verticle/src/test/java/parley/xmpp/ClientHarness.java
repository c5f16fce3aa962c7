package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import parley.boot.TrustedCertificates;
import parley.xmpp.client.XmppClient;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.client.XmppClientOptions;
import parley.xmpp.stream.Element;
import parley.xmpp.stream.XmlStreamParser;
import parley.xmpp.testing.XmppTestServer;

/** Runs {@link XmppClient}s on one event-loop context, from a test's thread, and records what they report. */
final class ClientHarness implements AutoCloseable {
  static final int TIMEOUT_SECONDS = 10;

  final Vertx vertx;
  final Context context;
  final NetClient net;
  final SaltedPasswords salted = new SaltedPasswords(100);

  /** With the node's default TLS engine (BoringSSL where it loads). */
  ClientHarness() {
    this("openssl");
  }

  /** With the TLS engine {@code xmpp.tlsEngine} names: {@code openssl} or {@code jdk}. */
  ClientHarness(String tlsEngine) {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    net = on(() -> Future.succeededFuture(vertx.createNetClient(XmppNodeVerticle.netClientOptions(tlsEngine))));
  }

  /** One client and what its listener heard. */
  final class Recorded implements XmppClient.Listener {
    final BlockingQueue<Element> stanzas = new LinkedBlockingQueue<>();
    final CompletableFuture<XmppClientException> closed = new CompletableFuture<>();
    XmppClient client;

    @Override
    public void stanza(Element stanza) {
      stanzas.add(stanza);
    }

    @Override
    public void closed(XmppClientException why) {
      closed.complete(why);
    }

    Element await(Predicate<Element> match) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        Element next = stanzas.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (next == null) {
          throw new AssertionError("No matching stanza in time");
        }
        if (match.test(next)) {
          return next;
        }
      }
    }

    <T> T on(Supplier<Future<T>> action) {
      return ClientHarness.this.on(action);
    }

    XmppClientException closedWith() throws Exception {
      return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  static XmppClientOptions options(XmppTestServer prosody, String user, String password, boolean tlsRequired) {
    return options(prosody.domain(), prosody.host(), prosody.port(), user, password, tlsRequired,
        prosody.tls() ? prosody.certificate() : null);
  }

  static XmppClientOptions options(String domain, String host, int port, String user, String password,
      boolean tlsRequired, Path trusted) {
    return new XmppClientOptions(domain, user, password, "parley-" + UUID.randomUUID().toString().substring(0, 8),
        host, port, tlsRequired, trusted == null ? null : TrustedCertificates.fromPem(trusted), 3000, 0,
        XmlStreamParser.DEFAULT_MAX_STANZA_BYTES);
  }

  Recorded client(XmppClientOptions options) {
    Recorded r = new Recorded();
    r.client = on(() -> Future.succeededFuture(new XmppClient(vertx, net, options, salted, r)));
    return r;
  }

  /** Connects; the client is online when this returns. */
  Recorded online(XmppClientOptions options) {
    Recorded r = client(options);
    on(() -> r.client.connect());
    return r;
  }

  /** The connect's failure. */
  XmppClientException loginFailure(XmppClientOptions options) {
    Recorded r = client(options);
    return failure(() -> r.client.connect());
  }

  /** Runs an action on the clients' context and waits for its result. */
  <T> T on(Supplier<Future<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            result.completeExceptionally(ar.cause());
          }
        });
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("Failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  XmppClientException failure(Supplier<Future<?>> action) {
    return assertInstanceOf(XmppClientException.class, failureOf(action));
  }

  /** Whatever the action's future failed with (null if it succeeded). */
  Throwable failureOf(Supplier<Future<?>> action) {
    CompletableFuture<Throwable> result = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(ar -> result.complete(ar.cause())));
    try {
      return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
