package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Presence;
import parley.contract.browser.MessageSend;
import parley.contract.browser.Person;
import parley.contract.browser.PersonContact;
import parley.contract.browser.PersonDismiss;
import parley.contract.browser.PersonHistory;
import parley.contract.browser.PersonHistoryPage;
import parley.contract.browser.PersonMerge;
import parley.contract.browser.PersonMessage;
import parley.contract.browser.PersonRemovedEvent;
import parley.contract.browser.PersonReply;
import parley.contract.browser.PersonSend;
import parley.contract.browser.PersonSplit;
import parley.contract.browser.PersonSuggestion;
import parley.contract.browser.PersonSuggestionsReply;
import parley.contract.browser.PersonUpdatedEvent;
import parley.contract.browser.PersonVia;
import parley.contract.browser.PresenceView;

/**
 * People: a person groups contacts of any of the user's accounts and networks. Only the user
 * merges (Parley suggests); kept in {@code session.person_contacts} for every device, in memory in
 * {@link UserSession#people}. A person always has two contacts or more: one left over is just a
 * contact again.
 */
final class People {
  private static final Logger log = LoggerFactory.getLogger(People.class);
  /** Presence shows from the most reachable to the least: a person shows the best of their contacts'. */
  private static final List<String> RANK = List.of(Presence.CHAT, Presence.AVAILABLE, Presence.AWAY, Presence.DND,
      Presence.XA, Presence.OFFLINE);

  private final UserStateStore state;
  private final HistoryStore history;
  private final Storage storage;
  private final int maxContacts;
  private final UserBudgets merges;
  private final UserBudgets dismissals;
  /** Dismissed suggestions kept per user: enough for any real contact list, bounded against a script. */
  static final int MAX_DISMISSED = 500;
  private final Networks networks;

  People(UserStateStore state, HistoryStore history, Storage storage, int maxContacts, UserBudgets merges,
         UserBudgets dismissals, Networks networks) {
    this.dismissals = dismissals;
    this.networks = networks;
    this.state = state;
    this.history = history;
    this.storage = storage;
    this.maxContacts = maxContacts;
    this.merges = merges;
  }

  /** The user's people as the snapshot and the events show them. */
  static JsonArray json(UserSession user) {
    JsonArray out = new JsonArray();
    user.people.forEach((id, keys) -> out.add(person(user, id, keys).toJson()));
    return out;
  }

  static Person person(UserSession user, String id, Set<String> keys) {
    List<Person.Member> contacts = new ArrayList<>(keys.size());
    keys.forEach(key -> {
      String[] chat = split(key);
      AccountSession a = user.accounts.get(chat[0]);
      contacts.add(new Person.Member(chat[0], chat[1], a == null ? null : a.account.network()));
    });
    return new Person(id, contacts, presence(user, keys));
  }

  /** The best presence of the person's contacts (chat, available, away, dnd, xa, offline: as the page orders contacts). */
  private static PresenceView presence(UserSession user, Set<String> keys) {
    PresenceView best = null;
    for (String key : keys) {
      String[] chat = split(key);
      AccountSession a = user.accounts.get(chat[0]);
      if (a == null) {
        continue;
      }
      PresenceView p = a.presenceOf(chat[1]);
      if (best == null || rank(p) < rank(best)) {
        best = p;
      }
    }
    return best == null ? PresenceView.OFFLINE : best;
  }

  private static int rank(PresenceView presence) {
    if (!presence.available()) {
      return RANK.size() - 1;
    }
    int i = RANK.indexOf(presence.show());
    return i < 0 ? RANK.indexOf(Presence.AVAILABLE) : i;
  }

  /**
   * Merges the named contacts (each a contact of one of the user's own accounts, or already in a
   * person) into one person; people they are in are merged whole. Limited per user.
   */
  Future<JsonObject> merge(UserSession user, PersonMerge c) {
    if (c.contacts().size() > maxContacts) {
      throw tooMany();
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (PersonContact contact : c.contacts()) {
      wanted.add(contactKey(user, contact));
    }
    // Whole people come along: a contact is in one person at most.
    Set<String> all = new LinkedHashSet<>();
    List<String> joined = new ArrayList<>();
    for (String key : wanted) {
      String in = personOf(user, key);
      if (in == null) {
        all.add(key);
      } else if (!joined.contains(in)) {
        joined.add(in);
        all.addAll(user.people.get(in));
      }
    }
    if (all.size() < 2) {
      throw FailureCode.INVALID_FIELD.exception("Pick at least two contacts to merge into one person.");
    }
    if (all.size() > maxContacts) {
      throw tooMany();
    }
    merges.take(user.userId, System.nanoTime());
    String id = joined.isEmpty() ? UUID.randomUUID().toString() : joined.get(0);
    List<UUID> accounts = new ArrayList<>();
    List<String> jids = new ArrayList<>();
    all.forEach(key -> {
      accounts.add(UUID.fromString(split(key)[0]));
      jids.add(split(key)[1]);
    });
    return storage.once(user, () -> state.fenced(user.fence, "insert into session.person_contacts (user_id, person_id, account_id, jid, position)"
            + " select $4::uuid, $5::uuid, t.a, t.j, t.n from unnest($6::uuid[], $7::text[]) with ordinality as t(a, j, n)"
            + " where (select ok from fence)"
            + " on conflict (account_id, jid) do update set person_id = excluded.person_id, position = excluded.position",
        Tuple.of(UUID.fromString(user.userId), UUID.fromString(id), accounts.toArray(new UUID[0]), jids.toArray(new String[0]))))
        .map(v -> {
          joined.stream().filter(other -> !other.equals(id)).forEach(other -> {
            user.people.remove(other);
            user.events.publish(new PersonRemovedEvent(other));
          });
          user.people.put(id, all);
          Person person = person(user, id, all);
          user.events.publish(new PersonUpdatedEvent(person));
          return new PersonReply(person).toJson();
        });
  }

  /** Takes one contact out of its person; a person left with one contact is no more. */
  Future<JsonObject> split(UserSession user, PersonSplit c) {
    String id = personId(user, c.personId());
    String key = contactKey(user, c.contact());
    Set<String> keys = user.people.get(id);
    if (!keys.contains(key)) {
      throw FailureCode.INVALID_FIELD.exception("That contact is not part of this person.");
    }
    Set<String> left = new LinkedHashSet<>(keys);
    left.remove(key);
    Set<String> out = left.size() < 2 ? keys : Set.of(key);
    return storage.once(user, () -> delete(user, out)).map(v -> {
      changed(user, id, left);
      return new PersonReply(left.size() >= 2 ? person(user, id, left) : null).toJson();
    });
  }

  /** A contact left its account's roster: it leaves its person too. */
  void contactGone(UserSession user, String accountId, String jid) {
    String key = UserSession.chatKey(accountId, jid);
    String id = personOf(user, key);
    if (id == null) {
      return;
    }
    Set<String> left = new LinkedHashSet<>(user.people.get(id));
    left.remove(key);
    Set<String> out = left.size() < 2 ? user.people.get(id) : Set.of(key);
    changed(user, id, left);
    storage.kept(user, "a contact leaving its person", () -> delete(user, out))
        .onFailure(err -> log.warn("A removed contact stays in its person in the database: {}", err.getMessage()));
  }

  /**
   * An account was removed (its rows went with it, by cascade): its contacts leave their people,
   * and a contact left alone in a person is just a contact again.
   */
  void accountGone(UserSession user, String accountId) {
    String prefix = UserSession.chatKey(accountId, "");
    Set<String> alone = new LinkedHashSet<>();
    for (Map.Entry<String, Set<String>> e : new ArrayList<>(user.people.entrySet())) {
      if (e.getValue().stream().noneMatch(k -> k.startsWith(prefix))) {
        continue;
      }
      Set<String> left = new LinkedHashSet<>(e.getValue());
      left.removeIf(k -> k.startsWith(prefix));
      if (left.size() < 2) {
        alone.addAll(left);
      }
      changed(user, e.getKey(), left);
    }
    if (!alone.isEmpty()) {
      storage.kept(user, "people of a removed account", () -> delete(user, alone))
          .onFailure(err -> log.warn("A person of a removed account stays in the database: {}", err.getMessage()));
    }
  }

  /** The person now has {@code left}: updated, or gone when fewer than two are left. */
  private static void changed(UserSession user, String id, Set<String> left) {
    if (left.size() >= 2) {
      user.people.put(id, left);
      user.events.publish(new PersonUpdatedEvent(person(user, id, left)));
    } else {
      user.people.remove(id);
      user.events.publish(new PersonRemovedEvent(id));
    }
  }

  private Future<Void> delete(UserSession user, Set<String> keys) {
    List<UUID> accounts = new ArrayList<>();
    List<String> jids = new ArrayList<>();
    keys.forEach(key -> {
      accounts.add(UUID.fromString(split(key)[0]));
      jids.add(split(key)[1]);
    });
    return state.fenced(user.fence, "delete from session.person_contacts where user_id = $4"
            + " and (account_id, jid) in (select * from unnest($5::uuid[], $6::text[]))",
        Tuple.of(UUID.fromString(user.userId), accounts.toArray(new UUID[0]), jids.toArray(new String[0])));
  }

  /** Contacts that may be one person (PersonSuggestions), less those the user dismissed; never merged without the user. */
  JsonObject suggestions(UserSession user) {
    List<PersonSuggestion> shown = new ArrayList<>();
    for (PersonSuggestion suggestion : PersonSuggestions.of(user, maxContacts)) {
      List<String> keys = new ArrayList<>();
      suggestion.contacts().forEach(c -> keys.add(UserSession.chatKey(c.accountId(), c.jid())));
      if (!user.dismissedSuggestions.contains(new SuggestionKey(keys).text())) {
        shown.add(suggestion);
      }
    }
    return new PersonSuggestionsReply(shown).toJson();
  }

  /**
   * The user turned a suggestion down (its contacts, each of one of the user's accounts): kept in
   * {@code session.dismissed_suggestions} for every device, the newest {@link #MAX_DISMISSED}.
   * Limited per user as merges are.
   */
  Future<JsonObject> dismiss(UserSession user, PersonDismiss c) {
    if (c.contacts().size() > maxContacts) {
      throw tooMany();
    }
    List<String> keys = new ArrayList<>();
    for (PersonContact contact : c.contacts()) {
      keys.add(contactKey(user, contact));
    }
    SuggestionKey key = new SuggestionKey(keys);
    if (key.chatKeys().size() < 2) {
      throw FailureCode.INVALID_FIELD.exception("A suggestion has at least two contacts.");
    }
    dismissals.take(user.userId, System.nanoTime());
    Tuple params = Tuple.of(UUID.fromString(user.userId), key.text());
    return storage.once(user, () -> state.fenced(user.fence, "insert into session.dismissed_suggestions (user_id, suggestion)"
            + " select $4::uuid, $5::text where (select ok from fence) on conflict do nothing", params)
        .compose(v -> state.fenced(user.fence, "delete from session.dismissed_suggestions where user_id = $4 and suggestion not in"
            + " (select suggestion from session.dismissed_suggestions where user_id = $4 order by dismissed_at desc, suggestion"
            + " limit " + MAX_DISMISSED + ")", Tuple.of(UUID.fromString(user.userId)))))
        .map(v -> {
          user.dismissedSuggestions.remove(key.text());
          user.dismissedSuggestions.add(key.text());
          while (user.dismissedSuggestions.size() > MAX_DISMISSED) {
            user.dismissedSuggestions.remove(user.dismissedSuggestions.iterator().next());
          }
          return new JsonObject();
        });
  }

  /**
   * A page of the person's timeline: every network's messages in one, each with its
   * {@code network}, and {@code via}: the contact a reply goes to now (see {@link #via}).
   */
  Future<JsonObject> history(UserSession user, PersonHistory c) {
    String id = personId(user, c.personId());
    Long before = c.before();
    Long limit = c.limit();
    int pageSize = (int) Math.max(1, Math.min(Limits.MAX_PERSON_PAGE, limit == null ? 50 : limit));
    Set<String> keys = user.people.get(id);
    List<UUID> accounts = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    keys.forEach(key -> {
      accounts.add(UUID.fromString(split(key)[0]));
      peers.add(split(key)[1]);
    });
    return history.pageOfChats(user.userId, accounts, peers, before, pageSize).compose(page -> {
      List<PersonMessage> messages = new ArrayList<>(page.size());
      page.forEach(m -> {
        AccountSession a = user.accounts.get(m.accountId());
        messages.add(new PersonMessage(m, a == null ? null : a.account.network()));
      });
      return via(user, keys, null).map(via -> new PersonHistoryPage(id, messages, via).toJson());
    });
  }

  /**
   * Sends to the person: through the contact the user picked ({@code accountId} and {@code jid},
   * one of the person's), else the one last active ({@link #via}); answered as {@code message.send}
   * with {@code via}.
   */
  Future<JsonObject> send(UserSession user, PersonSend c, BiFunction<UserSession, JsonObject, Future<JsonObject>> sendMessage) {
    String id = personId(user, c.personId());
    Set<String> keys = user.people.get(id);
    String picked = null;
    if (c.via() != null) {
      picked = contactKey(user, c.via());
      if (!keys.contains(picked)) {
        throw FailureCode.INVALID_FIELD.exception("That contact is not part of this person.");
      }
    }
    return via(user, keys, picked).compose(via -> {
      JsonObject message = new MessageSend(via.accountId(), via.jid(), c.text(), c.clientId()).toJson();
      return sendMessage.apply(user, message).map(reply -> reply.copy().put("via", via.toJson()));
    });
  }

  /**
   * Where a reply to the person goes: the contact picked; else, among contacts whose account is
   * connected (all when none is), the one the person last wrote from; else the one with the best
   * presence. {@code why}: {@code picked}, {@code last-active} or {@code presence}.
   */
  private Future<PersonVia> via(UserSession user, Set<String> keys, String picked) {
    if (picked != null) {
      return Future.succeededFuture(via(user, picked, "picked"));
    }
    List<UUID> accounts = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    keys.forEach(key -> {
      accounts.add(UUID.fromString(split(key)[0]));
      peers.add(split(key)[1]);
    });
    return history.lastReceived(user.userId, accounts, peers).map(last -> {
      boolean anyConnected = keys.stream().anyMatch(k -> connected(user, k));
      String best = null;
      for (String key : keys) {
        if (anyConnected && !connected(user, key)) {
          continue;
        }
        if (best == null || better(user, key, best, last)) {
          best = key;
        }
      }
      return via(user, best, last.containsKey(best) ? "last-active" : "presence");
    });
  }

  private static boolean better(UserSession user, String key, String than, Map<String, Long> last) {
    long a = last.getOrDefault(key, -1L);
    long b = last.getOrDefault(than, -1L);
    if (a != b) {
      return a > b;
    }
    return rank(presence(user, Set.of(key))) < rank(presence(user, Set.of(than)));
  }

  private static boolean connected(UserSession user, String key) {
    AccountSession a = user.accounts.get(split(key)[0]);
    return a != null && a.connected();
  }

  private static PersonVia via(UserSession user, String key, String why) {
    AccountSession a = user.accounts.get(split(key)[0]);
    return new PersonVia(split(key)[0], split(key)[1], a == null ? null : a.account.network(), why);
  }

  /**
   * The chat key of a contact named by {@code accountId} and {@code jid}: the account must be the
   * user's own, and the address one of its roster's contacts or already in one of the user's people.
   */
  private String contactKey(UserSession user, PersonContact c) {
    AccountSession a = user.account(c.accountId());
    String jid = Fields.address("jid", c.jid(), networks.contact(a));
    String key = UserSession.chatKey(a.id(), jid);
    if (!a.contacts.containsKey(jid) && personOf(user, key) == null) {
      throw FailureCode.INVALID_FIELD.exception(jid + " is not a contact of " + a.account.login() + ".");
    }
    return key;
  }

  /** The chat keys of the person {@code personId} names (one of the user's, else refused in words), in merge order. */
  Set<String> chatsOf(UserSession user, String personId) {
    return user.people.get(personId(user, personId));
  }

  private static String personId(UserSession user, String id) {
    if (!user.people.containsKey(id)) {
      throw FailureCode.INVALID_FIELD.exception("There is no such person (it may have been split in another tab).");
    }
    return id;
  }

  /** The person the contact is in, or null. */
  static String personOf(UserSession user, String key) {
    for (Map.Entry<String, Set<String>> e : user.people.entrySet()) {
      if (e.getValue().contains(key)) {
        return e.getKey();
      }
    }
    return null;
  }

  private parley.contract.ParleyException tooMany() {
    return FailureCode.INVALID_FIELD.exception("A person may have at most " + maxContacts + " contacts.");
  }

  static String[] split(String key) {
    int cut = key.indexOf('\n');
    return new String[] {key.substring(0, cut), key.substring(cut + 1)};
  }
}
