package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static parley.oscar.wire.Bytes.hex;

import org.junit.jupiter.api.Test;

class SnacTest {
  @Test
  void encodesTheHeader() {
    Snac snac = Snac.of(0x0004, 0x0006, 0x01020304L, hex("ab"));
    assertEquals("00 04 00 06 00 00 01 02 03 04 ab", hex(snac.encode()));
  }

  @Test
  void decodesTheHeaderAndData() {
    Snac snac = Snac.decode(hex("00 13 00 06 00 01 00 00 00 2a 00 00 02"));
    assertEquals(0x13, snac.family());
    assertEquals(0x06, snac.subtype());
    assertEquals(Snac.FLAG_MORE, snac.flags());
    assertEquals(42, snac.requestId());
    assertEquals("00 00 02", hex(snac.data()));
  }

  @Test
  void skipsTheOptionalPartWhenFlagged() {
    Snac snac = Snac.decode(hex("00 01 00 03 80 00 00 00 00 01 00 02 ee ee 00 01"));
    assertEquals("00 01", hex(snac.data()));
  }

  @Test
  void refusesATruncatedHeaderAndAnOversizedOptionalPart() {
    assertEquals("SNAC request id needs 4 bytes but only 2 are left",
        assertThrows(WireException.class, () -> Snac.decode(hex("00 01 00 03 00 00 00 00"))).getMessage());
    assertThrows(WireException.class, () -> Snac.decode(hex("00 01 00 03 80 00 00 00 00 01 00 09 ee")));
  }
}
