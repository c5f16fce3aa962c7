package parley.session;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import parley.contract.FailureCode;

/** The users held in memory, loaded from the database the first time they are needed. */
final class Sessions {
  private final EventBus bus;
  private final UserStore users;
  private final AccountStore accounts;
  private final int eventWindow;
  private final Map<String, Future<UserSession>> byUser = new HashMap<>();
  /** Told of each user as they are loaded (billing's allowance is asked then). */
  private final java.util.function.Consumer<String> onLoaded;

  Sessions(EventBus bus, UserStore users, AccountStore accounts, int eventWindow,
           java.util.function.Consumer<String> onLoaded) {
    this.bus = bus;
    this.users = users;
    this.accounts = accounts;
    this.eventWindow = eventWindow;
    this.onLoaded = onLoaded;
  }

  Future<UserSession> get(String userId) {
    Future<UserSession> existing = byUser.get(userId);
    if (existing != null) {
      return existing;
    }
    Future<UserSession> loading = users.findById(userId).compose(user -> {
      if (user == null) {
        return Future.failedFuture(FailureCode.NOT_SIGNED_IN.exception(null));
      }
      return accounts.list(userId).map(list -> {
        UserSession session = new UserSession(userId, user.username(), new EventStream(bus, userId, eventWindow));
        list.forEach(a -> session.accounts.put(a.id(), new AccountSession(a)));
        return session;
      });
    });
    byUser.put(userId, loading);
    loading.onFailure(err -> byUser.remove(userId, loading)).onSuccess(u -> onLoaded.accept(userId));
    return loading;
  }

  /** The users loaded so far (those whose load has finished). */
  Collection<UserSession> loaded() {
    return byUser.values().stream().filter(Future::succeeded).map(Future::result).toList();
  }
}
