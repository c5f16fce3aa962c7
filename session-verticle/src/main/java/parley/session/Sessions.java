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

  Sessions(EventBus bus, UserStore users, AccountStore accounts, int eventWindow) {
    this.bus = bus;
    this.users = users;
    this.accounts = accounts;
    this.eventWindow = eventWindow;
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
    loading.onFailure(err -> byUser.remove(userId, loading));
    return loading;
  }

  /** The users loaded so far (those whose load has finished). */
  Collection<UserSession> loaded() {
    return byUser.values().stream().filter(Future::succeeded).map(Future::result).toList();
  }
}
