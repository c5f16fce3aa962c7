package parley.msn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import parley.contract.node.Contact;
import parley.contract.node.Roster;
import parley.msn.wire.Names;

/**
 * The account's four MSN lists as the notification server keeps them: forward (whom the account
 * watches), allow, block and reverse (who watches the account), with the forward list's groups.
 * The roster is the forward list; a reverse-list entry on neither allow nor block is an "added you"
 * request not yet answered.
 */
final class ContactList {
  static final int FL = 1;
  static final int AL = 2;
  static final int BL = 4;
  static final int RL = 8;

  static final class Entry {
    final String email;
    String friendly;
    int lists;
    final Set<String> groups = new LinkedHashSet<>();

    Entry(String email, String friendly) {
      this.email = email;
      this.friendly = friendly;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> groups = new LinkedHashMap<>();

  static int bit(String list) {
    return switch (list) {
      case "FL" -> FL;
      case "AL" -> AL;
      case "BL" -> BL;
      case "RL" -> RL;
      default -> 0;
    };
  }

  void clear() {
    entries.clear();
    groups.clear();
  }

  void group(String id, String name) {
    groups.put(id, name);
  }

  void groupRemoved(String id) {
    groups.remove(id);
    entries.values().forEach(e -> e.groups.remove(id));
  }

  /** The id of the group called {@code name} (compared without case), or null. */
  String groupId(String name) {
    for (Map.Entry<String, String> g : groups.entrySet()) {
      if (g.getValue().equalsIgnoreCase(name)) {
        return g.getKey();
      }
    }
    return null;
  }

  /** An entry is on {@code lists} (bits), in {@code groupIds} (comma-separated, or null). */
  Entry put(String email, String friendly, int lists, String groupIds) {
    Entry e = entries.computeIfAbsent(Names.key(email), k -> new Entry(k, friendly));
    if (friendly != null) {
      e.friendly = friendly;
    }
    e.lists |= lists;
    if (groupIds != null && (lists & FL) != 0) {
      for (String g : groupIds.split(",")) {
        if (!g.isBlank()) {
          e.groups.add(g);
        }
      }
    }
    return e;
  }

  /** Off {@code list}, or only out of {@code groupId} when one is named and others remain. */
  Entry remove(String email, int list, String groupId) {
    Entry e = entries.get(Names.key(email));
    if (e == null) {
      return null;
    }
    if (list == FL && groupId != null) {
      e.groups.remove(groupId);
      if (!e.groups.isEmpty()) {
        return e;
      }
    }
    e.lists &= ~list;
    if (list == FL) {
      e.groups.clear();
    }
    return e;
  }

  Entry get(String email) {
    return entries.get(Names.key(email));
  }

  boolean on(String email, int list) {
    Entry e = get(email);
    return e != null && (e.lists & list) != 0;
  }

  /** The forward list in the contract's shape. */
  Roster roster() {
    return new Roster(entries.values().stream().filter(e -> (e.lists & FL) != 0).map(this::contact).toList());
  }

  /** Reverse-list entries neither allowed nor blocked: requests waiting for an answer. */
  List<String> unanswered() {
    List<String> out = new ArrayList<>();
    entries.values().stream().filter(e -> (e.lists & RL) != 0 && (e.lists & (AL | BL)) == 0).forEach(e -> out.add(e.email));
    return out;
  }

  Contact contact(Entry e) {
    List<String> names = new ArrayList<>();
    e.groups.forEach(id -> {
      String name = groups.get(id);
      if (name != null && !names.contains(name)) {
        names.add(name);
      }
    });
    return new Contact(e.email, e.friendly == null || e.friendly.isBlank() ? e.email : e.friendly, names,
        // Both ways once they have the account on their list too.
        (e.lists & RL) != 0 ? "both" : "to");
  }
}
