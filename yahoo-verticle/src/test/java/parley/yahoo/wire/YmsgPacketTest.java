package parley.yahoo.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** YMSG framing byte by byte: the header, the 0xC0 0x80 fields, and what the parser refuses. */
class YmsgPacketTest {
  /** AUTH (0x57) for "bob1": "YMSG", version 10, vendor 0, length 9, service 0x57, status 0, session 0x01020304, then "1" C0 80 "bob1" C0 80. */
  private static final String AUTH_BOB = "594d5347" + "000a" + "0000" + "0009" + "0057" + "00000000" + "01020304"
      + "31c080" + "626f6231c080";

  private static Buffer hex(String hex) {
    return Buffer.buffer(HexFormat.of().parseHex(hex));
  }

  private static List<YmsgPacket> parse(Buffer... chunks) {
    List<YmsgPacket> out = new ArrayList<>();
    List<YmsgException> errors = new ArrayList<>();
    YmsgParser parser = new YmsgParser(1024, out::add, errors::add);
    for (Buffer chunk : chunks) {
      parser.handle(chunk);
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
    return out;
  }

  @Test
  void encodesTheHeaderAndFieldsAsOnTheWire() {
    Buffer bytes = YmsgPacket.of(Services.AUTH, 0, 0x01020304L).put(1, "bob1").build().encode();
    assertEquals(AUTH_BOB, HexFormat.of().formatHex(bytes.getBytes()));
  }

  @Test
  void decodesRepeatedKeysInOrderAndUtf8Values() {
    YmsgPacket sent = YmsgPacket.of(Services.MESSAGE, Services.STATUS_OFFLINE_MESSAGES, 7)
        .put(4, "bob1").put(14, "Grüße ✓").put(4, "carol").put(14, "hi").build();
    YmsgPacket back = parse(sent.encode()).get(0);
    assertEquals(Services.MESSAGE, back.service());
    assertEquals(5, back.status());
    assertEquals(7, back.sessionId());
    assertEquals(List.of("bob1", "carol"), back.all(4));
    assertEquals("Grüße ✓", back.get(14));
    assertNull(back.get(99));
    assertEquals(-3, back.number(99, -3));
  }

  @Test
  void aStreamSplitAnywhereGivesTheSamePackets() {
    Buffer two = hex(AUTH_BOB).appendBuffer(hex(AUTH_BOB));
    for (int cut = 1; cut < two.length(); cut++) {
      List<YmsgPacket> got = parse(two.getBuffer(0, cut), two.getBuffer(cut, two.length()));
      assertEquals(2, got.size(), "cut at " + cut);
      assertEquals("bob1", got.get(1).get(1));
    }
  }

  @Test
  void anEmptyPayloadIsAPacketWithoutFields() {
    YmsgPacket ping = parse(YmsgPacket.of(Services.PING, 0, 0).build().encode()).get(0);
    assertEquals(Services.PING, ping.service());
    assertTrue(ping.fields().isEmpty());
  }

  @Test
  void garbageIsRefusedInWords() {
    YmsgException e = assertThrows(YmsgException.class,
        () -> parse(Buffer.buffer("HTTP/1.0 400 Bad Request\r\n\r\n")));
    assertEquals("the data does not start with a YMSG header", e.getMessage());
  }

  @Test
  void anOversizedPacketIsRefusedFromItsHeaderAlone() {
    Buffer header = hex("594d5347000a0000ea600006000000010000000a");
    YmsgException e = assertThrows(YmsgException.class, () -> parse(header));
    assertEquals("a packet of 60000 bytes is larger than the 1024 Parley accepts", e.getMessage());
  }

  @Test
  void fieldsMustBeClosedAndKeysNumbers() {
    // Length 6: "1" C0 80 "ab" without its closing separator (the last byte is 'x').
    YmsgException open = assertThrows(YmsgException.class,
        () -> parse(hex("594d5347000a00000006005700000000" + "00000000" + "31c0806162" + "78")));
    assertEquals("the value of field 1 is not closed by the separator", open.getMessage());
    YmsgException key = assertThrows(YmsgException.class,
        () -> parse(hex("594d5347000a00000008005700000000" + "00000000" + "61c080" + "6263c080" + "0a")));
    assertEquals("a field key is not a number", key.getMessage());
  }

  @Test
  void aPayloadBeyondTwoBytesOfLengthCannotBeEncoded() {
    YmsgPacket big = YmsgPacket.of(Services.MESSAGE, 0, 0).put(14, "x".repeat(70_000)).build();
    YmsgException e = assertThrows(YmsgException.class, big::encode);
    assertTrue(e.getMessage().startsWith("the packet is 70006 bytes long"), e.getMessage());
  }

  @Test
  void toStringNeverShowsValues() {
    String text = YmsgPacket.of(Services.AUTH_RESP, 0, 0).put(6, "secret-hash").build().toString();
    assertTrue(!text.contains("secret-hash"), text);
  }
}
