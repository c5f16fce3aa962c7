package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import parley.boot.ParleyConfig;
import parley.contract.Addresses;
import parley.contract.SessionRequest;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.testing.TestDatabase;

/**
 * The admin role: never from signing up with some name, only from the operator's command, on the
 * real session verticle and a real PostgreSQL, with the shipped configuration file.
 */
class AdminsTest {
  private Vertx vertx;
  private JsonObject config;
  private String deployment;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger sessionLog = (Logger) LoggerFactory.getLogger(SessionVerticle.class);

  @BeforeEach
  void deploy() {
    vertx = Vertx.vertx();
    // The shipped defaults, on a fresh database.
    config = ParleyConfig.load(Path.of("..", "conf", "parley.json"), Map.of());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    config.put("db", TestDatabase.freshDatabase());
    config.getJsonObject("session").put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4);
    logged.start();
    sessionLog.addAppender(logged);
    start();
  }

  private void start() {
    deployment = vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  @AfterEach
  void close() {
    sessionLog.detachAppender(logged);
    vertx.close().await();
  }

  private Identity auth(String type, String username) {
    return Identity.fromJson(vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
        new SignIn(type, username, "password of the admin", null).toJson()).await().body());
  }

  private String admins(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Admins.run(config, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    return text;
  }

  private boolean warnedNoAdmin() throws InterruptedException {
    long end = System.currentTimeMillis() + 3000;
    while (System.currentTimeMillis() < end) {
      if (logged.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
          && e.getFormattedMessage().startsWith("No Parley user has the admin role yet"))) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Test
  void signingUpWithTheNameAdminMakesNoAdmin() {
    assertFalse(auth(SessionRequest.SIGN_UP, " Admin ").admin(), "no name is an admin by default");
    assertFalse(auth(SessionRequest.SIGN_IN, "admin").admin());
  }

  @Test
  void theOperatorGrantsTheRoleToASignedUpUserAndTheStartUpWarningGoes() throws Exception {
    assertTrue(warnedNoAdmin(), "a WARN at start while nobody is an admin");
    String rootId = auth(SessionRequest.SIGN_UP, "root").userId();
    assertFalse(auth(SessionRequest.SIGN_IN, "root").admin());

    assertTrue(admins("grant", " Root ").contains("root is now an admin"));
    Identity identity = auth(SessionRequest.SIGN_IN, "root");
    assertEquals(rootId, identity.userId());
    assertTrue(identity.admin(), "the role applies from the next sign-in");
    assertTrue(admins("list").contains("Admins: root"));

    logged.list.clear();
    vertx.undeploy(deployment).await();
    start();
    assertFalse(warnedNoAdmin(), "no warning once an admin exists");

    admins("revoke", "root");
    assertFalse(auth(SessionRequest.SIGN_IN, "root").admin());
  }

  @Test
  void grantingANameNobodyHasIsRefusedInWords() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Admins.run(config, List.of("grant", "nobody"), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertEquals("No user named nobody has signed up. Sign up first, then run this again.",
        out.toString(StandardCharsets.UTF_8).trim());
    out.reset();
    assertEquals(2, Admins.run(config, List.of("grant", "<bob>"), new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Not a Parley username: <bob>."));
    assertEquals(2, Admins.run(config, List.of("promote"), new PrintStream(out, true, StandardCharsets.UTF_8)));
  }
}
