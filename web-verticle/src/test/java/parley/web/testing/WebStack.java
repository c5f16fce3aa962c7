package parley.web.testing;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import parley.billing.BillingVerticle;
import parley.session.Admins;
import parley.session.SessionVerticle;
import parley.session.testing.TestDatabase;
import parley.web.WebVerticle;

/** Session, billing and web verticles in one Vert.x on a fresh real database, web on a random port. */
public final class WebStack implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final int port;
  private final JsonObject config;

  public WebStack(JsonObject extraConfig) {
    config = config().mergeIn(extraConfig, true);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new SessionVerticle(), options).await();
    vertx.deployVerticle(new BillingVerticle(), options).await();
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, options).await();
    port = web.actualPort();
  }

  /** A complete test configuration: fresh database, random credential key, cheap bcrypt, random web port. */
  public static JsonObject config() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new JsonObject()
        .put("db", TestDatabase.freshDatabase())
        .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4))
        .put("web", new JsonObject().put("host", "127.0.0.1").put("port", 0));
  }

  /** Grants the admin role as the operator does ({@link Admins}); the user signs in again to use it. */
  public void grantAdmin(String username) {
    grantAdmin(config, username);
  }

  public static void grantAdmin(JsonObject config, String username) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (Admins.run(config, List.of("grant", username), new PrintStream(out, true, StandardCharsets.UTF_8)) != 0) {
      throw new AssertionError("could not make " + username + " an admin: " + out.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Another session process takes {@code shard} from this stack's session, as a takeover does: its
   * lease row gets a new owner and epoch. The stack's session stops serving the shard at its next
   * renewal (start the stack with short {@code session.shardLeaseMs}/{@code shardRenewMs}).
   */
  public void takeShardFromSession(int shard) {
    io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool()
        .connectingTo(config.getJsonObject("db").getString("url")).using(vertx).build();
    try {
      pool.preparedQuery("update session.shard_leases set owner = 'another-session', epoch = epoch + 1,"
          + " expires_at = now() + interval '1 hour' where shard = $1").execute(io.vertx.sqlclient.Tuple.of(shard)).await();
    } finally {
      pool.close().await();
    }
  }

  public HttpUser user() {
    return new HttpUser(vertx, port);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
