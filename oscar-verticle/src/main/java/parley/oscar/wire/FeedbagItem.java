package parley.oscar.wire;

/**
 * One item of the server-stored buddy list (FEEDBAG): name, group id, item id, class (buddy,
 * group, ...) and attributes. Groups have item id 0; the root group has group id 0.
 */
public record FeedbagItem(String name, int groupId, int itemId, int classId, TlvBlock attributes) {

  public static FeedbagItem read(Reader r) {
    String name = r.string16("feedbag item name");
    int groupId = r.u16("feedbag group id");
    int itemId = r.u16("feedbag item id");
    int classId = r.u16("feedbag class");
    int length = r.u16("feedbag attributes length");
    return new FeedbagItem(name, groupId, itemId, classId, TlvBlock.readSized(r, length));
  }

  public void write(Writer w) {
    io.vertx.core.buffer.Buffer attrs = attributes.encode();
    w.string16(name).u16(groupId).u16(itemId).u16(classId).u16(attrs.length()).bytes(attrs);
  }

  public boolean isBuddy() {
    return classId == Foodgroups.Feedbag.CLASS_BUDDY;
  }

  public boolean isGroup() {
    return classId == Foodgroups.Feedbag.CLASS_GROUP && itemId == 0 && groupId != 0;
  }
}
