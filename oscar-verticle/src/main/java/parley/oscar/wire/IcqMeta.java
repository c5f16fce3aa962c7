package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;

/**
 * The "meta" block of ICQ's own service (family 0x15), carried in TLV 1: little-endian chunk
 * size, owner UIN, data type, sequence number, then the type's data.
 */
public record IcqMeta(long uin, int type, int sequence, Buffer data) {

  public Buffer encode() {
    Buffer body = new Writer().u32le(uin).u16le(type).u16le(sequence).bytes(data).buffer();
    Buffer meta = new Writer().u16le(body.length()).bytes(body).buffer();
    return TlvBlock.of(new Tlv(Foodgroups.Icq.TLV_META, meta)).encode();
  }

  /** From the data of a DB_QUERY or DB_REPLY SNAC. */
  public static IcqMeta decode(Buffer snacData) {
    Tlv tlv = TlvBlock.readAll(new Reader(snacData)).get(Foodgroups.Icq.TLV_META);
    if (tlv == null) {
      throw new WireException("an ICQ reply carries no meta block");
    }
    Reader r = new Reader(tlv.value());
    int size = r.u16le("ICQ meta size");
    Reader body = r.slice(size, "ICQ meta data");
    long uin = body.u32le("ICQ meta UIN");
    int type = body.u16le("ICQ meta type");
    int sequence = body.u16le("ICQ meta sequence");
    return new IcqMeta(uin, type, sequence, body.rest());
  }

  /** One stored message of an OFFLINE_MESSAGE reply. */
  public record OfflineMessage(long from, int year, int month, int day, int hour, int minute, Buffer text) {

    public static OfflineMessage read(Buffer data) {
      Reader r = new Reader(data);
      long from = r.u32le("offline sender");
      int year = r.u16le("offline year");
      int month = r.u8("offline month");
      int day = r.u8("offline day");
      int hour = r.u8("offline hour");
      int minute = r.u8("offline minute");
      r.u8("offline message type");
      r.u8("offline message flags");
      int length = r.u16le("offline message length");
      Buffer text = r.bytes(length, "offline message text");
      // The text ends with a NUL that is not part of it.
      int end = text.length();
      while (end > 0 && text.getByte(end - 1) == 0) {
        end--;
      }
      return new OfflineMessage(from, year, month, day, hour, minute, text.getBuffer(0, end));
    }

    public Buffer encode() {
      return new Writer().u32le(from).u16le(year).u8(month).u8(day).u8(hour).u8(minute).u8(1).u8(0)
          .u16le(text.length() + 1).bytes(text).u8(0).buffer();
    }
  }
}
