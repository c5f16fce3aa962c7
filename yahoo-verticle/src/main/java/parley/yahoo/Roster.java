package parley.yahoo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import parley.contract.node.Contact;

/**
 * The server-stored buddy list as this client knows it: each buddy with its groups (a buddy may
 * be in several), and which buddies have not yet answered this account's "added you" request.
 * Keyed by the lower-case Yahoo ID.
 */
final class Roster {
  /** The group Yahoo's clients put a buddy in when none is named. */
  static final String DEFAULT_GROUP = "Friends";
  /** More buddies than any Yahoo client allowed: a server sending more is not believed past this. */
  static final int MAX_BUDDIES = 5000;

  private final Map<String, List<String>> groups = new TreeMap<>();
  private final Map<String, String> shownAs = new TreeMap<>();
  private final Set<String> pending = new HashSet<>();

  /** Reads key 87 of a LIST packet: "Group:id1,id2\nOther:id3\n". */
  void addList(String text) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String group = line.substring(0, colon).trim();
      for (String id : line.substring(colon + 1).split(",")) {
        if (YahooIds.valid(id.trim())) {
          add(id.trim(), group);
        }
      }
    }
  }

  void add(String id, String group) {
    String key = YahooIds.normalize(id);
    if (!groups.containsKey(key) && groups.size() >= MAX_BUDDIES) {
      return;
    }
    shownAs.putIfAbsent(key, id);
    List<String> in = groups.computeIfAbsent(key, k -> new ArrayList<>());
    if (!in.contains(group)) {
      in.add(group);
    }
  }

  void remove(String id) {
    groups.remove(id);
    shownAs.remove(id);
    pending.remove(id);
  }

  boolean contains(String id) {
    return groups.containsKey(id);
  }

  List<String> groupsOf(String id) {
    return groups.getOrDefault(id, List.of());
  }

  void pending(String id, boolean waiting) {
    if (waiting) {
      pending.add(id);
    } else {
      pending.remove(id);
    }
  }

  Contact contact(String id) {
    // A Yahoo buddy list is one-way: we see them; "none" while they have not answered our request.
    return new Contact(id, shownAs.getOrDefault(id, id), groupsOf(id), pending.contains(id) ? Contact.NO_SUBSCRIPTION : "to");
  }

  List<Contact> contacts() {
    return groups.keySet().stream().map(this::contact).toList();
  }
}
