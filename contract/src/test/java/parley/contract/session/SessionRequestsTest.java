package parley.contract.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.refuses;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.SessionRequest;

/**
 * The web verticle's requests to the session, the sign-in's answer and the shard notice read the JSON
 * the senders wrote before they were types (fixtures as docs/bus-contract.md and the senders write them)
 * and write it back byte for byte, and refuse bad input with the code and sentence the page has always
 * been shown.
 */
class SessionRequestsTest {

  private static void invalid(String text, Function<JsonObject, ?> fromJson, String json) {
    refuses(FailureCode.INVALID_FIELD, text, fromJson, json);
  }

  @Test
  void signInAndSignUpHideThePassword() {
    // As the web verticle sends them (with where the request came from) and as tests and benchmarks do.
    roundTrips("{\"type\":\"sign-in\",\"username\":\"alice\",\"password\":\"correct horse\",\"clientAddress\":\"203.0.113.9\"}",
        SignIn::fromJson, SignIn::toJson);
    roundTrips("{\"type\":\"sign-up\",\"username\":\"Alice\",\"password\":\"correct horse\",\"clientAddress\":\"::1\"}",
        SignIn::fromJson, SignIn::toJson);
    roundTrips("{\"type\":\"sign-up\",\"username\":\"alice\",\"password\":\"correct horse\"}", SignIn::fromJson, SignIn::toJson);
    SignIn up = SignIn.fromJson(new JsonObject("{\"type\":\"sign-up\",\"username\":\" Alice \",\"password\":\"hunter22\"}"));
    assertEquals(new SignIn(SessionRequest.SIGN_UP, " Alice ", "hunter22", null), up,
        "the username as typed: the session normalises it");
    assertFalse(up.toString().contains("hunter22"), up.toString());
    assertTrue(up.toString().contains("Alice"), up.toString());
    assertFalse(SignIn.fromJson(new JsonObject("{\"type\":\"sign-in\",\"username\":\"a\",\"password\":\"b\"}")).signUp());
  }

  @Test
  void signInRefusesInTheWordsThePageShows() {
    invalid("username is required.", SignIn::fromJson, "{\"type\":\"sign-in\",\"password\":\"correct horse\"}");
    invalid("username is required.", SignIn::fromJson, "{\"type\":\"sign-up\",\"username\":\"  \",\"password\":\"x\"}");
    invalid("username must be text.", SignIn::fromJson, "{\"type\":\"sign-in\",\"username\":7,\"password\":\"x\"}");
    invalid("username is longer than 64 characters.", SignIn::fromJson,
        "{\"type\":\"sign-in\",\"username\":\"" + "a".repeat(65) + "\",\"password\":\"x\"}");
    invalid("password is required.", SignIn::fromJson, "{\"type\":\"sign-in\",\"username\":\"alice\"}");
    invalid("password is longer than 72 characters.", SignIn::fromJson,
        "{\"type\":\"sign-up\",\"username\":\"alice\",\"password\":\"" + "p".repeat(73) + "\"}");
    invalid("clientAddress is longer than 100 characters.", SignIn::fromJson,
        "{\"type\":\"sign-in\",\"username\":\"alice\",\"password\":\"x\",\"clientAddress\":\"" + "1".repeat(101) + "\"}");
    ParleyException nul = assertThrows(ParleyException.class, () -> SignIn.fromJson(
        new JsonObject().put("type", "sign-in").put("username", "ali\u0000ce").put("password", "x")));
    assertEquals(FailureCode.INVALID_FIELD, nul.code());
    assertTrue(nul.getMessage().startsWith("The username "), nul.getMessage());
    refuses(FailureCode.UNKNOWN_TYPE, "Unknown request type.", SignIn::fromJson,
        "{\"type\":\"sign-out\",\"username\":\"alice\",\"password\":\"x\"}");
    refuses(FailureCode.UNKNOWN_TYPE, "Unknown request type.", SignIn::fromJson,
        "{\"username\":\"alice\",\"password\":\"x\"}");
    assertThrows(ParleyException.class, () -> new SignIn(SessionRequest.SIGN_OUT, "alice", "x", null));
  }

  @Test
  void whatThePagePostsIsReadWithTheSameRules() {
    SignIn in = SignIn.fromPage(SessionRequest.SIGN_IN,
        new JsonObject("{\"username\":\"alice\",\"password\":\"correct horse\"}"), "10.0.0.1");
    assertEquals("{\"type\":\"sign-in\",\"username\":\"alice\",\"password\":\"correct horse\",\"clientAddress\":\"10.0.0.1\"}",
        in.toJson().encode());
    ParleyException e = assertThrows(ParleyException.class,
        () -> SignIn.fromPage(SessionRequest.SIGN_UP, new JsonObject("{\"username\":\"alice\"}"), "10.0.0.1"));
    assertEquals(FailureCode.INVALID_FIELD, e.code());
    assertEquals("password is required.", e.getMessage());
  }

  @Test
  void identity() {
    roundTrips("{\"userId\":\"0d9e6c1a-7f1b-4e8e-9a52-3c2f1b7d4e10\",\"username\":\"alice\",\"admin\":false}",
        Identity::fromJson, Identity::toJson);
    roundTrips("{\"userId\":\"u-1\",\"username\":\"root\",\"admin\":true}", Identity::fromJson, Identity::toJson);
    // A session of the version before the admin role.
    assertFalse(Identity.fromJson(new JsonObject("{\"userId\":\"u-1\",\"username\":\"alice\"}")).admin());
    invalid("The field 'userId' is missing or invalid.", Identity::fromJson, "{\"username\":\"alice\"}");
    invalid("The field 'username' is missing or invalid.", Identity::fromJson, "{\"userId\":\"u-1\",\"username\":5}");
    invalid("The field 'admin' is missing or invalid.", Identity::fromJson,
        "{\"userId\":\"u-1\",\"username\":\"alice\",\"admin\":\"yes\"}");
  }

  @Test
  void signOut() {
    roundTrips("{\"type\":\"sign-out\",\"userId\":\"0d9e6c1a-7f1b-4e8e-9a52-3c2f1b7d4e10\"}", SignOut::fromJson, SignOut::toJson);
    invalid("userId is required.", SignOut::fromJson, "{\"type\":\"sign-out\"}");
    invalid("userId must be text.", SignOut::fromJson, "{\"type\":\"sign-out\",\"userId\":42}");
    invalid("userId is longer than 64 characters.", SignOut::fromJson,
        "{\"type\":\"sign-out\",\"userId\":\"" + "u".repeat(65) + "\"}");
  }

  @Test
  void browserAttachments() {
    roundTrips("{\"type\":\"browser-attached\",\"userId\":\"u-1\",\"socketId\":\"8f0c\",\"webNodeId\":\"4b4c-91\"}",
        BrowserAttachment::fromJson, BrowserAttachment::toJson);
    // An unclustered web verticle (all-in-one) has no node id: null, not left out.
    roundTrips("{\"type\":\"browser-detached\",\"userId\":\"u-1\",\"socketId\":\"8f0c\",\"webNodeId\":null}",
        BrowserAttachment::fromJson, BrowserAttachment::toJson);
    BrowserAttachment older = BrowserAttachment.fromJson(
        new JsonObject("{\"type\":\"browser-attached\",\"userId\":\"u-1\",\"socketId\":\"s1\"}"));
    assertTrue(older.attached());
    assertNull(older.webNodeId());
    invalid("The field 'socketId' is missing or invalid.", BrowserAttachment::fromJson,
        "{\"type\":\"browser-attached\",\"userId\":\"u-1\"}");
    invalid("The field 'userId' is missing or invalid.", BrowserAttachment::fromJson,
        "{\"type\":\"browser-detached\",\"socketId\":\"s1\"}");
    invalid("The field 'webNodeId' is missing or invalid.", BrowserAttachment::fromJson,
        "{\"type\":\"browser-detached\",\"userId\":\"u-1\",\"socketId\":\"s1\",\"webNodeId\":3}");
    invalid("The field 'type' is missing or invalid.", BrowserAttachment::fromJson,
        "{\"type\":\"sign-out\",\"userId\":\"u-1\",\"socketId\":\"s1\"}");
    assertThrows(ParleyException.class, () -> new BrowserAttachment("browser-gone", "u-1", "s1", null));
  }

  @Test
  void shardAcquired() {
    roundTrips("{\"type\":\"shard-acquired\",\"shard\":12,\"epoch\":7,\"owner\":\"session-5f1d2a3e\"}",
        ShardAcquired::fromJson, ShardAcquired::toJson);
    roundTrips("{\"type\":\"shard-acquired\",\"shard\":0,\"epoch\":1,\"owner\":\"session-1\"}",
        ShardAcquired::fromJson, ShardAcquired::toJson);
    invalid("The field 'shard' is missing or invalid.", ShardAcquired::fromJson, "{\"epoch\":7,\"owner\":\"s\"}");
    invalid("The field 'shard' is missing or invalid.", ShardAcquired::fromJson, "{\"shard\":-1,\"epoch\":7,\"owner\":\"s\"}");
    invalid("The field 'shard' is missing or invalid.", ShardAcquired::fromJson, "{\"shard\":1.5,\"epoch\":7,\"owner\":\"s\"}");
    invalid("The field 'epoch' is missing or invalid.", ShardAcquired::fromJson, "{\"shard\":1,\"owner\":\"s\"}");
    invalid("The field 'owner' is missing or invalid.", ShardAcquired::fromJson, "{\"shard\":1,\"epoch\":7}");
  }
}
