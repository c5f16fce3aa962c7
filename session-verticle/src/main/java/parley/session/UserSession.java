package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import parley.contract.FailureCode;
import parley.contract.browser.StoredMessage;
import parley.contract.node.SetPresence;

/** Everything the session holds in memory for one signed-up user. */
final class UserSession {
  final String userId;
  final String username;
  final EventStream events;
  final Map<String, AccountSession> accounts = new LinkedHashMap<>();
  /** Socket ids of the browsers attached right now. */
  final Set<String> browsers = new HashSet<>();
  /** Unread counts by chat key ({@link #chatKey}). */
  final Map<String, Integer> unread = new LinkedHashMap<>();
  /** Pending subscription requests by chat key. */
  final Set<String> subscriptionRequests = new LinkedHashSet<>();
  /** People (contacts the user merged across accounts and networks): person id → its contacts' chat keys (People). */
  final Map<String, Set<String>> people = new LinkedHashMap<>();
  /** Merge suggestions the user dismissed ({@link SuggestionKey#text}), oldest first (People.dismiss). */
  final Set<String> dismissedSuggestions = new java.util.LinkedHashSet<>();
  SetPresence ownPresence = SetPresence.AVAILABLE;
  /** The language history search also understands (a PostgreSQL text search configuration), or null for none. */
  String searchLanguage;
  long idleTimer = -1;
  /** The lease this copy of the user was loaded under; its writes carry it (null only in unit tests). */
  ShardLeases.Fence fence;
  /** Set when the user is unloaded: timers and late answers of this copy change nothing any more. */
  boolean gone;
  /** Sends under way by client message id: a resend of one waits for its answer instead of sending. */
  final Map<String, Future<StoredMessage>> sending = new HashMap<>();
  /** The last history write; the next one waits for it, so messages keep their order. */
  private Future<?> lastWrite = Future.succeededFuture();
  /** When each write queued behind {@link #lastWrite} and not yet begun was queued (ms), oldest first. */
  private final java.util.Deque<Long> queuedSince = new java.util.concurrent.ConcurrentLinkedDeque<>();

  UserSession(String userId, String username, EventStream events) {
    this.userId = userId;
    this.username = username;
    this.events = events;
  }

  <T> Future<T> inOrder(Supplier<Future<T>> write) {
    queuedSince.addLast(System.currentTimeMillis());
    Future<T> next = lastWrite.transform(ignored -> {
      // Writes begin in the order they were queued: this one is the oldest still waiting.
      queuedSince.pollFirst();
      return write.get();
    });
    lastWrite = next;
    return next;
  }

  /**
   * How long the oldest write still waiting for the user's earlier ones has waited (ms; 0 when none
   * waits): a backlog the database's own queue does not show, since a user's writes reach it one at
   * a time.
   */
  long oldestQueuedWriteMs(long now) {
    Long oldest = queuedSince.peekFirst();
    return oldest == null ? 0 : Math.max(0, now - oldest);
  }

  /** Completes when every write queued so far is done. */
  Future<?> settled() {
    return lastWrite;
  }

  /**
   * Nothing keeps the user in memory: no browser attached, no account connected or on its way, and
   * no idle timer running (a browser that just left may come back within it and resume its stream).
   */
  boolean idle() {
    return browsers.isEmpty() && idleTimer == -1 && accounts.values().stream().noneMatch(a -> a.active() || a.nodeId != null);
  }

  AccountSession account(String accountId) {
    AccountSession a = accountId == null ? null : accounts.get(accountId);
    if (a == null) {
      throw FailureCode.NO_SUCH_ACCOUNT.exception(null);
    }
    return a;
  }

  static String chatKey(String accountId, String peer) {
    return accountId + '\n' + peer;
  }

  /** The state part of an attach reply. */
  JsonObject snapshot() {
    JsonArray accountsJson = new JsonArray();
    JsonArray contacts = new JsonArray();
    accounts.values().forEach(a -> {
      accountsJson.add(a.view().toJson());
      a.contactViews().forEach(c -> contacts.add(c.toJson()));
    });
    JsonArray requests = new JsonArray();
    subscriptionRequests.forEach(key -> requests.add(chat(key, "jid")));
    JsonArray unreadJson = new JsonArray();
    unread.forEach((key, count) -> unreadJson.add(chat(key, "peer").put("count", count)));
    JsonObject snapshot = new JsonObject();
    RoomChats.addTo(snapshot, accounts.values());
    return snapshot
        .put("accounts", accountsJson)
        .put("contacts", contacts)
        .put("subscriptionRequests", requests)
        .put("unread", unreadJson)
        .put("ownPresence", ownPresence.toJson())
        .put("searchLanguage", searchLanguage == null ? parley.contract.browser.SearchLanguageSet.NONE : searchLanguage)
        .put("people", People.json(this));
  }

  private static JsonObject chat(String key, String peerField) {
    int cut = key.indexOf('\n');
    return new JsonObject().put("accountId", key.substring(0, cut)).put(peerField, key.substring(cut + 1));
  }
}
