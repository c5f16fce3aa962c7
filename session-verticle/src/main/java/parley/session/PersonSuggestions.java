package parley.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import parley.contract.browser.Person;
import parley.contract.browser.PersonSuggestion;

/** Parley's merge suggestions for {@code person.suggestions} (docs/bus-contract.md, "People"). */
final class PersonSuggestions {
  private static final int MAX_SUGGESTIONS = 50;

  private PersonSuggestions() {}

  /**
   * Contacts that may be one person, never merged without the user: the same display name, the
   * same address on two accounts (or the same name before the @ across networks), or a contact the
   * user named like another's address. Contacts already in one person are one; a suggestion joins
   * at least two of those.
   */
  static List<PersonSuggestion> of(UserSession user, int maxContacts) {
    List<String> keys = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> networks = new HashMap<>();
    user.accounts.values().forEach(a -> a.contacts.forEach((jid, contact) -> {
      if (RoomChats.isRoom(a, jid)) {
        return;
      }
      String key = UserSession.chatKey(a.id(), jid);
      keys.add(key);
      names.put(key, nameKey(contact.name()));
      networks.put(key, a.account.network());
    }));
    int[] parent = new int[keys.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    Map<Integer, Set<String>> reasons = new HashMap<>();
    Map<String, List<Integer>> byName = new HashMap<>();
    Map<String, List<Integer>> byAddress = new HashMap<>();
    Map<String, List<Integer>> byLocal = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      String jid = People.split(key)[1];
      if (!names.get(key).isEmpty()) {
        byName.computeIfAbsent(names.get(key), k -> new ArrayList<>()).add(i);
      }
      byAddress.computeIfAbsent(jid, k -> new ArrayList<>()).add(i);
      byLocal.computeIfAbsent(localKey(jid), k -> new ArrayList<>()).add(i);
    }
    byName.values().forEach(list -> joinAll(list, parent, reasons, "same-name"));
    byAddress.values().forEach(list -> joinAll(list, parent, reasons, "same-address"));
    byLocal.values().forEach(list -> {
      if (list.stream().map(i -> networks.get(keys.get(i))).distinct().count() > 1) {
        joinAll(list, parent, reasons, "same-address");
      }
    });
    // A contact the user named like another contact's address ("Bob Smith" and AIM's bobsmith).
    for (int i = 0; i < keys.size(); i++) {
      String name = names.get(keys.get(i)).replace(" ", "");
      for (int j : byLocal.getOrDefault(name, List.of())) {
        if (j != i) {
          join(i, j, parent, reasons, "named-alike");
        }
      }
    }
    Map<String, String> personOf = new HashMap<>();
    user.people.forEach((id, members) -> members.forEach(k -> personOf.put(k, id)));
    Map<Integer, List<String>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(keys.get(i));
    }
    List<PersonSuggestion> out = new ArrayList<>();
    groups.forEach((root, members) -> {
      // One already: every member in the same person (or a lone contact).
      Set<String> units = new LinkedHashSet<>();
      members.forEach(k -> units.add(personOf.getOrDefault(k, k)));
      if (units.size() < 2 || members.size() > maxContacts || out.size() >= MAX_SUGGESTIONS) {
        return;
      }
      List<Person.Member> contacts = new ArrayList<>(members.size());
      members.forEach(k -> contacts.add(new Person.Member(People.split(k)[0], People.split(k)[1], networks.get(k))));
      out.add(new PersonSuggestion(contacts, List.copyOf(new TreeSet<>(reasons.getOrDefault(root, Set.of())))));
    });
    return out;
  }

  private static void joinAll(List<Integer> list, int[] parent, Map<Integer, Set<String>> reasons, String reason) {
    for (int i = 1; i < list.size(); i++) {
      join(list.get(0), list.get(i), parent, reasons, reason);
    }
  }

  private static void join(int a, int b, int[] parent, Map<Integer, Set<String>> reasons, String reason) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    Set<String> merged = new TreeSet<>(reasons.getOrDefault(ra, Set.of()));
    merged.addAll(reasons.getOrDefault(rb, Set.of()));
    merged.add(reason);
    reasons.remove(rb);
    parent[rb] = ra;
    reasons.put(ra, merged);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** A display name compared without case and extra spaces; "" for none. */
  private static String nameKey(String name) {
    return name == null ? "" : name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** The part of an address before the @, without case and spaces (an AIM screen name is all of it). */
  private static String localKey(String jid) {
    int at = jid.indexOf('@');
    return (at < 0 ? jid : jid.substring(0, at)).replace(" ", "").toLowerCase(Locale.ROOT);
  }

}
