package parley.oscar.wire;

import io.vertx.core.buffer.Buffer;

/**
 * ICQ's away texts ("auto messages"). The status TLV says only that a buddy is away; the text is
 * asked of the buddy's client with a channel-2 ICBM whose extension data (TLV 0x2711 of the
 * rendezvous TLV 5, capability {09461349-4C7F-11D1-8222-444553540000}) carries a message type of
 * 0xE8 (away) to 0xEC (free for chat) and no text. The client answers through the server with
 * ICBM CLIENT_ERR (0x0B), reason 3 ("channel specific"), and the same extension data with its text.
 * Little-endian inside the extension data, as ICQ writes it (iserverd's OSCAR documentation,
 * SNAC(04,06)/CH2 and SNAC(04,0B)/CH2).
 */
public final class IcqAutoMessage {
  private IcqAutoMessage() {}

  public static final int TYPE_AWAY = 0xE8;
  public static final int TYPE_OCCUPIED = 0xE9;
  public static final int TYPE_NA = 0xEA;
  public static final int TYPE_DND = 0xEB;
  public static final int TYPE_FREE_FOR_CHAT = 0xEC;

  public static final int CHANNEL_RENDEZVOUS = 0x0002;
  public static final int TLV_RENDEZVOUS = 0x0005;
  public static final int TLV_EXTENSION = 0x2711;
  public static final int REASON_CHANNEL_SPECIFIC = 0x0003;
  /** The capability whose extension data carries ICQ messages. */
  private static final byte[] CAPABILITY = {0x09, 0x46, 0x13, 0x49, 0x4C, 0x7F, 0x11, (byte) 0xD1,
      (byte) 0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00};
  private static final int PROTOCOL_VERSION = 8;
  /** Message flags: an automatic message. */
  private static final int FLAGS_AUTO = 0x03;

  /** What an auto-message request or answer carries: the message type and the text (without its NUL). */
  public record Body(int type, Buffer text) {

    public static boolean isAutoMessage(int type) {
      return type >= TYPE_AWAY && type <= TYPE_FREE_FOR_CHAT;
    }

    /** From extension data: two header chunks (each with its length), then type, flags, status, priority, text. */
    public static Body read(Reader r) {
      r.bytes(r.u16le("extension header length"), "extension header");
      r.bytes(r.u16le("extension second header length"), "extension second header");
      int type = r.u8("ICQ message type");
      r.u8("ICQ message flags");
      r.u16le("ICQ message status");
      r.u16le("ICQ message priority");
      Buffer text = r.bytes(r.u16le("ICQ message length"), "ICQ message text");
      int end = text.length();
      while (end > 0 && text.getByte(end - 1) == 0) {
        end--;
      }
      return new Body(type, text.getBuffer(0, end));
    }

    public Buffer encode() {
      Writer w = new Writer();
      w.u16le(27).u16le(PROTOCOL_VERSION).bytes(new byte[16]).u16(0).u32le(FLAGS_AUTO).u8(0).u16le(0xFFFF);
      w.u16le(14).u16le(0xFFFF).bytes(new byte[12]);
      return w.u8(type).u8(FLAGS_AUTO).u16le(0).u16le(0).u16le(text.length() + 1).bytes(text).u8(0).buffer();
    }
  }

  /** The data of the ICBM (CHANNEL_MSG_TOHOST) that asks {@code to}'s client for its auto message of {@code type}. */
  public static Buffer request(Buffer cookie, String to, int type) {
    Buffer rendezvous = new Writer().u16(0).bytes(cookie).bytes(CAPABILITY)
        .tlvs(TlvBlock.of(Tlv.u16(0x000A, 1), Tlv.empty(0x000F),
            new Tlv(TLV_EXTENSION, new Body(type, Buffer.buffer()).encode())))
        .buffer();
    return new Writer().bytes(cookie).u16(CHANNEL_RENDEZVOUS).string08(to)
        .tlvs(TlvBlock.of(new Tlv(TLV_RENDEZVOUS, rendezvous))).buffer();
  }

  /** The auto-message type a channel-2 rendezvous TLV asks for, or -1 when it asks for none. */
  public static int requestedType(Buffer rendezvous) {
    Reader r = new Reader(rendezvous);
    r.u16("rendezvous message type");
    r.bytes(8, "rendezvous cookie");
    r.bytes(16, "rendezvous capability");
    Tlv ext = TlvBlock.readAll(r).get(TLV_EXTENSION);
    if (ext == null) {
      return -1;
    }
    int type = Body.read(new Reader(ext.value())).type();
    return Body.isAutoMessage(type) ? type : -1;
  }

  /** An answer to a request: the data of ICBM CLIENT_ERR. */
  public record Answer(Buffer cookie, String screenName, Body body) {

    /** Null when the CLIENT_ERR is not an auto-message answer (another channel or reason, another message type). */
    public static Answer read(Reader r) {
      Buffer cookie = r.bytes(8, "message cookie");
      int channel = r.u16("message channel");
      String from = r.string08("screen name");
      int reason = r.u16("reason code");
      if (channel != CHANNEL_RENDEZVOUS || reason != REASON_CHANNEL_SPECIFIC) {
        return null;
      }
      Body body = Body.read(r);
      return Body.isAutoMessage(body.type()) ? new Answer(cookie, from, body) : null;
    }

    public Buffer encode() {
      return new Writer().bytes(cookie).u16(CHANNEL_RENDEZVOUS).string08(screenName).u16(REASON_CHANNEL_SPECIFIC)
          .bytes(body.encode()).buffer();
    }
  }
}
