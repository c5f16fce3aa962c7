package parley.yahoo.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One YMSG packet: the 20-byte header ("YMSG", version, vendor id, payload length, service,
 * status, session id; big-endian) and the payload, key/value fields each followed by 0xC0 0x80.
 * Keys are small decimal numbers; a key may repeat (one group per buddy, per message), so the
 * fields stay in order.
 */
public record YmsgPacket(int version, int service, long status, long sessionId, List<Field> fields) {

  public static final int HEADER_BYTES = 20;
  /** YMSG 10: the version whose login this node speaks. */
  public static final int VERSION = 10;
  static final byte[] MAGIC = {'Y', 'M', 'S', 'G'};
  static final byte SEP1 = (byte) 0xC0;
  static final byte SEP2 = (byte) 0x80;
  /** The payload length is two bytes on the wire. */
  public static final int MAX_PAYLOAD = 0xFFFF;

  public record Field(int key, String value) {}

  public YmsgPacket {
    fields = List.copyOf(fields);
  }

  public static Builder of(int service, long status, long sessionId) {
    return new Builder(service, status, sessionId);
  }

  /** The first value of {@code key}, or null. */
  public String get(int key) {
    for (Field f : fields) {
      if (f.key() == key) {
        return f.value();
      }
    }
    return null;
  }

  public String get(int key, String fallback) {
    String v = get(key);
    return v == null ? fallback : v;
  }

  /** The first value of {@code key} as a number, or {@code fallback} when absent or not a number. */
  public long number(int key, long fallback) {
    String v = get(key);
    if (v == null || v.isEmpty() || v.length() > 18) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Every value of {@code key}, in order. */
  public List<String> all(int key) {
    return fields.stream().filter(f -> f.key() == key).map(Field::value).toList();
  }

  /** The bytes on the wire; {@link YmsgException} when the payload does not fit the two-byte length. */
  public Buffer encode() {
    Buffer payload = Buffer.buffer();
    for (Field f : fields) {
      payload.appendBytes(String.valueOf(f.key()).getBytes(StandardCharsets.US_ASCII)).appendByte(SEP1).appendByte(SEP2);
      byte[] value = f.value().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i + 1 < value.length; i++) {
        if (value[i] == SEP1 && value[i + 1] == SEP2) {
          throw new YmsgException("a value holds the field separator");
        }
      }
      payload.appendBytes(value).appendByte(SEP1).appendByte(SEP2);
    }
    if (payload.length() > MAX_PAYLOAD) {
      throw new YmsgException("the packet is " + payload.length() + " bytes long; YMSG allows " + MAX_PAYLOAD);
    }
    return Buffer.buffer(HEADER_BYTES + payload.length()).appendBytes(MAGIC)
        .appendUnsignedShort(version).appendUnsignedShort(0).appendUnsignedShort(payload.length())
        .appendUnsignedShort(service).appendUnsignedInt(status).appendUnsignedInt(sessionId)
        .appendBuffer(payload);
  }

  /** The fields of a payload: bounds-checked, each key a decimal number, every field closed by 0xC0 0x80. */
  static List<Field> decodeFields(Buffer payload) {
    List<Field> fields = new ArrayList<>();
    int pos = 0;
    int length = payload.length();
    while (pos < length) {
      int keyEnd = separator(payload, pos);
      if (keyEnd < 0) {
        throw new YmsgException("a field key is not closed by the separator");
      }
      String keyText = payload.getString(pos, keyEnd, "US-ASCII");
      if (keyText.isEmpty() || keyText.length() > 6 || !keyText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new YmsgException("a field key is not a number");
      }
      int valueStart = keyEnd + 2;
      int valueEnd = separator(payload, valueStart);
      if (valueEnd < 0) {
        throw new YmsgException("the value of field " + keyText + " is not closed by the separator");
      }
      fields.add(new Field(Integer.parseInt(keyText), payload.getString(valueStart, valueEnd, "UTF-8")));
      pos = valueEnd + 2;
    }
    return fields;
  }

  private static int separator(Buffer b, int from) {
    for (int i = from; i + 1 < b.length(); i++) {
      if (b.getByte(i) == SEP1 && b.getByte(i + 1) == SEP2) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    // Never the values: they may hold a password hash or a message.
    return "YMSG service 0x" + Integer.toHexString(service) + " status " + status + " ("
        + fields.stream().map(f -> String.valueOf(f.key())).toList() + ")";
  }

  /** Collects fields in order. */
  public static final class Builder {
    private final int service;
    private final long status;
    private final long sessionId;
    private final List<Field> fields = new ArrayList<>();

    private Builder(int service, long status, long sessionId) {
      this.service = service;
      this.status = status;
      this.sessionId = sessionId;
    }

    public Builder put(int key, String value) {
      fields.add(new Field(key, value));
      return this;
    }

    public Builder put(int key, long value) {
      return put(key, String.valueOf(value));
    }

    public YmsgPacket build() {
      return new YmsgPacket(VERSION, service, status, sessionId, fields);
    }
  }
}
