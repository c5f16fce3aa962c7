package parley.oscar.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The body of OSERVICE RATE_PARAMS_REPLY: the rate classes and which SNACs belong to which. */
public record RateParams(List<RateClass> classes, Map<Integer, Integer> classOfSnac) {

  public static int key(int family, int subtype) {
    return (family << 16) | subtype;
  }

  public static RateParams read(Reader r) {
    int count = r.u16("rate class count");
    List<RateClass> classes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      classes.add(RateClass.read(r));
    }
    Map<Integer, Integer> members = new HashMap<>();
    for (int i = 0; i < count && r.hasMore(); i++) {
      int id = r.u16("rate group id");
      int pairs = r.u16("rate group size");
      for (int p = 0; p < pairs; p++) {
        int family = r.u16("rate group family");
        int subtype = r.u16("rate group subtype");
        members.put(key(family, subtype), id);
      }
    }
    return new RateParams(List.copyOf(classes), Map.copyOf(members));
  }

  public void write(Writer w) {
    w.u16(classes.size());
    classes.forEach(c -> c.write(w));
    for (RateClass c : classes) {
      List<Integer> keys = classOfSnac.entrySet().stream().filter(e -> e.getValue() == c.id()).map(Map.Entry::getKey).sorted().toList();
      w.u16(c.id()).u16(keys.size());
      keys.forEach(k -> w.u16(k >>> 16).u16(k & 0xFFFF));
    }
  }

  /** The class of a SNAC; unlisted SNACs fall in the first class, as servers do. */
  public RateClass classOf(int family, int subtype) {
    Integer id = classOfSnac.get(key(family, subtype));
    for (RateClass c : classes) {
      if (id == null || c.id() == id) {
        return c;
      }
    }
    return null;
  }
}
