package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** An ordered list of TLVs, as OSCAR carries them: to the end of the data, or a counted number. */
public final class TlvBlock {
  private final List<Tlv> tlvs = new ArrayList<>();

  public static TlvBlock of(Tlv... items) {
    TlvBlock block = new TlvBlock();
    for (Tlv t : items) {
      block.add(t);
    }
    return block;
  }

  /** Every TLV up to the end of the reader. */
  public static TlvBlock readAll(Reader r) {
    TlvBlock block = new TlvBlock();
    while (r.hasMore()) {
      block.add(Tlv.read(r));
    }
    return block;
  }

  /** Exactly {@code count} TLVs. */
  public static TlvBlock readCounted(Reader r, int count) {
    TlvBlock block = new TlvBlock();
    for (int i = 0; i < count; i++) {
      block.add(Tlv.read(r));
    }
    return block;
  }

  /** TLVs filling exactly {@code length} bytes. */
  public static TlvBlock readSized(Reader r, int length) {
    return readAll(r.slice(length, "TLV block"));
  }

  public TlvBlock add(Tlv tlv) {
    tlvs.add(tlv);
    return this;
  }

  public List<Tlv> all() {
    return List.copyOf(tlvs);
  }

  public int size() {
    return tlvs.size();
  }

  public boolean has(int type) {
    return get(type) != null;
  }

  /** The first TLV of that type, or null. */
  public Tlv get(int type) {
    for (Tlv t : tlvs) {
      if (t.type() == type) {
        return t;
      }
    }
    return null;
  }

  public TlvBlock remove(int type) {
    tlvs.removeIf(t -> t.type() == type);
    return this;
  }

  public String string(int type) {
    Tlv t = get(type);
    return t == null ? null : t.asString();
  }

  public Integer u16(int type) {
    Tlv t = get(type);
    return t == null ? null : t.asU16();
  }

  public Long u32(int type) {
    Tlv t = get(type);
    return t == null ? null : t.asU32();
  }

  public Buffer encode() {
    Writer w = new Writer();
    for (Tlv t : tlvs) {
      t.write(w);
    }
    return w.buffer();
  }

  public TlvBlock copy() {
    TlvBlock block = new TlvBlock();
    tlvs.forEach(block::add);
    return block;
  }
}
