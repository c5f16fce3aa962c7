package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.SessionRequest;
import parley.contract.browser.SignedOutEvent;

/** Sign-up, sign-in and sign-out of Parley users (requests from the web verticle). */
final class AuthService {
  private final UserStore users;
  private final Sessions sessions;
  private final IdlePolicy idle;
  private final PasswordHasher hasher;
  private final HashingPool hashing;
  private final SignInLimits limits;
  /** Compared against when the username is unknown, so both cases take as long. */
  private final String decoyHash;

  AuthService(UserStore users, Sessions sessions, IdlePolicy idle, PasswordHasher hasher,
              HashingPool hashing, SignInLimits limits) {
    this.users = users;
    this.sessions = sessions;
    this.idle = idle;
    this.hasher = hasher;
    this.hashing = hashing;
    this.limits = limits;
    this.decoyHash = hasher.hash("decoy password for unknown users");
  }

  Future<JsonObject> handle(JsonObject request) {
    String type = request.getString("type");
    if (SessionRequest.SIGN_UP.equals(type)) {
      return signUp(request);
    } else if (SessionRequest.SIGN_IN.equals(type)) {
      return signIn(request);
    } else if (SessionRequest.SIGN_OUT.equals(type)) {
      return signOut(Fields.string(request, "userId", 64));
    }
    return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown request type."));
  }

  private Future<JsonObject> signUp(JsonObject request) {
    String username = username(request);
    String password = password(request);
    limits.checkAddress(clientAddress(request));
    return hashing.run(() -> hasher.hash(password))
        .compose(hash -> users.create(username, hash))
        .map(AuthService::identity);
  }

  private Future<JsonObject> signIn(JsonObject request) {
    String username = Usernames.normalise(Fields.string(request, "username", Limits.MAX_USERNAME_CHARS));
    String password = Fields.string(request, "password", Limits.MAX_PASSWORD_CHARS);
    String address = clientAddress(request);
    limits.begin(username, address);
    return users.findByName(username).compose(user -> hashing.run(
        () -> hasher.verify(password, user == null ? decoyHash : user.passwordHash()) && user != null)
        .compose(ok -> ok
            ? Future.succeededFuture(identity(user))
            : Future.<JsonObject>failedFuture(FailureCode.BAD_CREDENTIALS.exception(null))))
        .andThen(outcome -> limits.settle(username, address, outcome));
  }

  /** Where the web verticle saw the request come from; absent for requests that did not come over HTTP. */
  private static String clientAddress(JsonObject request) {
    return Fields.optionalString(request, "clientAddress", 100);
  }

  private Future<JsonObject> signOut(String userId) {
    return sessions.get(userId).map(user -> {
      idle.closeAll(user);
      user.events.publish(new SignedOutEvent());
      return new JsonObject();
    });
  }

  private static String username(JsonObject request) {
    return Usernames.valid(Fields.string(request, "username", Limits.MAX_USERNAME_CHARS));
  }

  private static String password(JsonObject request) {
    String password = Fields.string(request, "password", Limits.MAX_PASSWORD_CHARS);
    if (password.length() < Limits.MIN_PASSWORD_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("The password needs at least " + Limits.MIN_PASSWORD_CHARS + " characters.");
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Limits.MAX_PASSWORD_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("The password is too long (at most " + Limits.MAX_PASSWORD_CHARS + " bytes).");
    }
    return password;
  }

  /** {@code admin}: the role the operator granted with {@link Admins}, as stored now. */
  private static JsonObject identity(UserStore.StoredUser user) {
    return new JsonObject().put("userId", user.id()).put("username", user.username()).put("admin", user.admin());
  }
}
