package parley.oscar;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parley.contract.node.Contact;
import parley.oscar.wire.FeedbagItem;
import parley.oscar.wire.Foodgroups.Feedbag;
import parley.oscar.wire.Tlv;
import parley.oscar.wire.TlvBlock;
import parley.oscar.wire.Writer;

/**
 * The server-stored buddy list (FEEDBAG) as this client knows it, and its contacts in the
 * contract's shape. A buddy in two groups is one contact with two groups; contacts are named by
 * their normalised screen name.
 */
final class BuddyList {
  static final String DEFAULT_GROUP = "Buddies";

  private final List<FeedbagItem> items = new ArrayList<>();

  void load(List<FeedbagItem> all) {
    items.clear();
    items.addAll(all);
  }

  void put(FeedbagItem item) {
    remove(item);
    items.add(item);
  }

  void remove(FeedbagItem item) {
    items.removeIf(i -> i.groupId() == item.groupId() && i.itemId() == item.itemId() && i.classId() == item.classId());
  }

  List<FeedbagItem> buddies(String normalized) {
    return items.stream().filter(i -> i.isBuddy() && ScreenNames.normalize(i.name()).equals(normalized)).toList();
  }

  FeedbagItem group(String name) {
    return items.stream().filter(i -> i.isGroup() && i.name().equalsIgnoreCase(name)).findFirst().orElse(null);
  }

  FeedbagItem rootGroup() {
    return items.stream().filter(i -> i.classId() == Feedbag.CLASS_GROUP && i.groupId() == 0 && i.itemId() == 0)
        .findFirst().orElse(null);
  }

  FeedbagItem groupById(int groupId) {
    return items.stream().filter(i -> i.isGroup() && i.groupId() == groupId).findFirst().orElse(null);
  }

  /**
   * A group's order list (TLV 0x00C8: its buddies' item ids; for the root group, the group ids), as
   * a list to change; a group without one gets the members known now, in list order.
   */
  List<Integer> order(FeedbagItem group) {
    Tlv order = group.attributes().get(Feedbag.TLV_ORDER);
    List<Integer> ids = new ArrayList<>();
    if (order != null) {
      for (int i = 0; i + 1 < order.value().length(); i += 2) {
        ids.add(order.value().getUnsignedShort(i));
      }
    } else if (group.groupId() == 0) {
      items.stream().filter(FeedbagItem::isGroup).forEach(g -> ids.add(g.groupId()));
    } else {
      items.stream().filter(i -> i.isBuddy() && i.groupId() == group.groupId()).forEach(b -> ids.add(b.itemId()));
    }
    return ids;
  }

  static FeedbagItem withOrder(FeedbagItem group, List<Integer> ids) {
    Writer w = new Writer();
    ids.forEach(w::u16);
    TlvBlock attrs = group.attributes().copy().remove(Feedbag.TLV_ORDER).add(new Tlv(Feedbag.TLV_ORDER, w.buffer()));
    return new FeedbagItem(group.name(), group.groupId(), group.itemId(), group.classId(), attrs);
  }

  static FeedbagItem newRoot() {
    return new FeedbagItem("", 0, 0, Feedbag.CLASS_GROUP, new TlvBlock());
  }

  int newGroupId() {
    return items.stream().mapToInt(FeedbagItem::groupId).max().orElse(0) + 1;
  }

  int newItemId() {
    return items.stream().mapToInt(FeedbagItem::itemId).max().orElse(0) + 1;
  }

  private String groupName(int groupId) {
    return items.stream().filter(i -> i.isGroup() && i.groupId() == groupId).map(FeedbagItem::name).findFirst().orElse(null);
  }

  /** Every contact, sorted by screen name. */
  List<Contact> contacts() {
    Map<String, List<FeedbagItem>> byName = new LinkedHashMap<>();
    items.stream().filter(FeedbagItem::isBuddy)
        .sorted((a, b) -> ScreenNames.normalize(a.name()).compareTo(ScreenNames.normalize(b.name())))
        .forEach(i -> byName.computeIfAbsent(ScreenNames.normalize(i.name()), k -> new ArrayList<>()).add(i));
    return byName.values().stream().map(this::contact).toList();
  }

  /** The contact for a screen name, or null if not on the list. */
  Contact contact(String normalized) {
    List<FeedbagItem> entries = buddies(normalized);
    return entries.isEmpty() ? null : contact(entries);
  }

  private Contact contact(List<FeedbagItem> entries) {
    FeedbagItem first = entries.get(0);
    String alias = first.attributes().string(Feedbag.TLV_ALIAS);
    List<String> groups = new ArrayList<>();
    boolean pending = false;
    for (FeedbagItem e : entries) {
      String group = groupName(e.groupId());
      if (group != null && !groups.contains(group)) {
        groups.add(group);
      }
      pending |= e.attributes().has(Feedbag.TLV_PENDING_AUTH);
    }
    return new Contact(ScreenNames.normalize(first.name()), alias != null && !alias.isBlank() ? alias : first.name(),
        // An OSCAR buddy list is one-way: we see them; "none" while they have not authorized us.
        groups, pending ? Contact.NO_SUBSCRIPTION : "to");
  }

  static FeedbagItem buddy(String screenName, int groupId, int itemId, String alias, boolean pendingAuth) {
    TlvBlock attrs = new TlvBlock();
    if (alias != null && !alias.isBlank()) {
      attrs.add(new Tlv(Feedbag.TLV_ALIAS, Buffer.buffer(alias.getBytes(StandardCharsets.UTF_8))));
    }
    if (pendingAuth) {
      attrs.add(Tlv.empty(Feedbag.TLV_PENDING_AUTH));
    }
    return new FeedbagItem(screenName, groupId, itemId, Feedbag.CLASS_BUDDY, attrs);
  }
}
