package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.SessionRequest;
import parley.contract.browser.SignedOutEvent;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.contract.session.SignOut;

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
    if (SessionRequest.SIGN_UP.equals(type) || SessionRequest.SIGN_IN.equals(type)) {
      SignIn signIn = SignIn.fromJson(request);
      return (signIn.signUp() ? signUp(signIn) : signIn(signIn)).map(Identity::toJson);
    } else if (SessionRequest.SIGN_OUT.equals(type)) {
      return signOut(SignOut.fromJson(request).userId());
    }
    return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown request type."));
  }

  private Future<Identity> signUp(SignIn request) {
    String username = Usernames.valid(request.username());
    String password = password(request.password());
    limits.checkAddress(request.clientAddress());
    return hashing.run(() -> hasher.hash(password))
        .compose(hash -> users.create(username, hash))
        .map(AuthService::identity);
  }

  private Future<Identity> signIn(SignIn request) {
    String username = Usernames.normalise(request.username());
    String password = request.password();
    String address = request.clientAddress();
    limits.begin(username, address);
    return users.findByName(username).compose(user -> hashing.run(
        () -> hasher.verify(password, user == null ? decoyHash : user.passwordHash()) && user != null)
        .compose(ok -> ok
            ? Future.succeededFuture(identity(user))
            : Future.<Identity>failedFuture(FailureCode.BAD_CREDENTIALS.exception(null))))
        .andThen(outcome -> limits.settle(username, address, outcome));
  }

  private Future<JsonObject> signOut(String userId) {
    return sessions.get(userId).map(user -> {
      idle.closeAll(user);
      user.events.publish(new SignedOutEvent());
      return new JsonObject();
    });
  }

  /** A new user's password (present and at most {@link Limits#MAX_PASSWORD_CHARS} characters already). */
  private static String password(String password) {
    if (password.length() < Limits.MIN_PASSWORD_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("The password needs at least " + Limits.MIN_PASSWORD_CHARS + " characters.");
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Limits.MAX_PASSWORD_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("The password is too long (at most " + Limits.MAX_PASSWORD_CHARS + " bytes).");
    }
    return password;
  }

  /** {@code admin}: the role the operator granted with {@link Admins}, as stored now. */
  private static Identity identity(UserStore.StoredUser user) {
    return new Identity(user.id(), user.username(), user.admin());
  }
}
