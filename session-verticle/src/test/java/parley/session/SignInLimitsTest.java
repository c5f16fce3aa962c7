package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.SessionRequest;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.testing.TestDatabase;

/** Password guessing against the real session verticle on a real PostgreSQL. */
class SignInLimitsTest {
  private static final String RIGHT = "the right password";

  private Vertx vertx;

  private void deploy(JsonObject session) {
    vertx = Vertx.vertx();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject().put("db", TestDatabase.freshDatabase()).put("session", new JsonObject()
        .put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4).mergeIn(session));
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  /** 5 free failures per username, 8 per address, then 1 s doubling up to 4 s. */
  private void deployWithShortDelays() {
    deploy(new JsonObject().put("signInFreeFailures", 5).put("signInAddressFreeFailures", 8)
        .put("signInDelayMs", 1000).put("signInMaxDelayMs", 4000));
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  private Future<Message<JsonObject>> auth(String type, String username, String password, String address) {
    return vertx.eventBus().request(Addresses.SESSION_AUTH, new SignIn(type, username, password, address).toJson());
  }

  private void signUp(String username) {
    auth(SessionRequest.SIGN_UP, username, RIGHT, null).await();
  }

  private static ReplyException failure(Future<?> f) {
    try {
      f.await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  private void wrong(String username, String address) {
    assertEquals(FailureCode.BAD_CREDENTIALS.code(),
        failure(auth(SessionRequest.SIGN_IN, username, "a wrong guess", address)).failureCode(),
        "a wrong password within the limits is answered as such");
  }

  private void refused(String username, String password, String address) {
    ReplyException e = failure(auth(SessionRequest.SIGN_IN, username, password, address));
    assertEquals(FailureCode.RATE_LIMITED.code(), e.failureCode(), e.getMessage());
    assertTrue(e.getMessage().matches("Too many failed sign-ins; try again in \\d+ seconds?\\."), e.getMessage());
  }

  @Test
  void manyWrongPasswordsThenTheRightOneIsRefusedUntilTheDelayHasPassed() throws Exception {
    deployWithShortDelays();
    signUp("alice");
    for (int i = 0; i < 5; i++) {
      wrong("alice", "10.0.0.1");
    }
    // Even the right password, and from another address: the username waits.
    refused("alice", RIGHT, "10.0.0.1");
    refused(" Alice ", RIGHT, "10.0.0.2");
    Thread.sleep(1100);
    Identity alice = Identity.fromJson(auth(SessionRequest.SIGN_IN, "alice", RIGHT, "10.0.0.2").await().body());
    assertEquals("alice", alice.username(), "after the delay the right password signs in");

    // The success started alice afresh: five more free failures, then the delay doubles.
    for (int i = 0; i < 5; i++) {
      wrong("alice", "10.0.0.3");
    }
    refused("alice", RIGHT, "10.0.0.3");
    Thread.sleep(1100);
    wrong("alice", "10.0.0.3");
    Thread.sleep(1100);
    refused("alice", RIGHT, "10.0.0.3");
    Thread.sleep(1100);
    auth(SessionRequest.SIGN_IN, "alice", RIGHT, "10.0.0.3").await();
  }

  @Test
  void anotherUsernameFromTheSameAddressIsServedUpToTheAddressLimit() {
    deployWithShortDelays();
    signUp("bob");
    signUp("carol");
    for (int i = 0; i < 5; i++) {
      wrong("bob", "192.0.2.7");
    }
    refused("bob", RIGHT, "192.0.2.7");
    // carol from the same address is still served, up to the address's limit (8 failures).
    auth(SessionRequest.SIGN_IN, "carol", RIGHT, "192.0.2.7").await();
    for (int i = 0; i < 3; i++) {
      wrong("carol", "192.0.2.7");
    }
    refused("carol", RIGHT, "192.0.2.7");
    refused("dave", "any password", "192.0.2.7");
    // carol elsewhere is not held back by that address.
    auth(SessionRequest.SIGN_IN, "carol", RIGHT, "198.51.100.1").await();
    // Nor is a sign-up from another address; one from the waiting address is refused too.
    auth(SessionRequest.SIGN_UP, "erin", RIGHT, "198.51.100.1").await();
    ReplyException signUp = failure(auth(SessionRequest.SIGN_UP, "frank", RIGHT, "192.0.2.7"));
    assertEquals(FailureCode.RATE_LIMITED.code(), signUp.failureCode());
  }

  @Test
  void parallelGuessesCannotSlipPastTheLimit() {
    deployWithShortDelays();
    signUp("grace");
    List<Future<Message<JsonObject>>> guesses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      guesses.add(auth(SessionRequest.SIGN_IN, "grace", "guess number " + i, null));
    }
    Future.join(guesses).otherwiseEmpty().await();
    long answered = guesses.stream().filter(g -> g.cause() instanceof ReplyException r
        && r.failureCode() == FailureCode.BAD_CREDENTIALS.code()).count();
    long refused = guesses.stream().filter(g -> g.cause() instanceof ReplyException r
        && r.failureCode() == FailureCode.RATE_LIMITED.code()).count();
    assertEquals(5, answered, "only the free failures reach bcrypt");
    assertEquals(35, refused);
  }

  @Test
  void aFloodOfSignInsIsBoundedOnTheHashingPool() {
    // One bcrypt thread, at most two jobs: a costly hash makes the rest wait, and they are refused.
    deploy(new JsonObject().put("bcryptCost", 12).put("bcryptThreads", 1).put("bcryptMaxJobs", 2));
    List<Future<Message<JsonObject>>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(auth(SessionRequest.SIGN_IN, "user" + i, "some password", null));
    }
    Future.join(attempts).otherwiseEmpty().await();
    List<ReplyException> busy = attempts.stream().map(a -> (ReplyException) a.cause())
        .filter(e -> e.failureCode() == FailureCode.RATE_LIMITED.code()).toList();
    long checked = attempts.stream().filter(a -> ((ReplyException) a.cause()).failureCode() == FailureCode.BAD_CREDENTIALS.code()).count();
    assertTrue(checked >= 2, "the pool's jobs are done: " + checked);
    assertTrue(busy.size() >= 5, "the rest are refused at once: " + busy.size());
    assertEquals("Parley is busy checking other passwords right now; try again in a few seconds.", busy.get(0).getMessage());
  }
}
