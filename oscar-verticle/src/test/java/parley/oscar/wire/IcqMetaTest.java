package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static parley.oscar.wire.Bytes.hex;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class IcqMetaTest {
  @Test
  void encodesTheOfflineRequestLittleEndianInTlvOne() {
    // As the documentation's example: size 8, UIN 0x005EE48F, type 0x3C, sequence 2.
    IcqMeta request = new IcqMeta(0x005EE48FL, 0x3C, 2, Buffer.buffer());
    assertEquals("00 01 00 0a 08 00 8f e4 5e 00 3c 00 02 00", hex(request.encode()));
  }

  @Test
  void decodesAnOfflineMessage() {
    IcqMeta reply = IcqMeta.decode(hex("00 01 00 1c 1a 00 8f e4 5e 00 41 00 02 00"
        + " 39 30 00 00 ea 07 0b 19 09 1e 01 00 04 00 68 69 21 00"));
    assertEquals(0x41, reply.type());
    IcqMeta.OfflineMessage m = IcqMeta.OfflineMessage.read(reply.data());
    assertEquals(12345, m.from());
    assertEquals(2026, m.year());
    assertEquals(11, m.month());
    assertEquals(25, m.day());
    assertEquals(9, m.hour());
    assertEquals(30, m.minute());
    assertEquals("hi!", m.text().toString());
  }

  @Test
  void refusesAMetaSizePastTheTlvAndATextPastTheData() {
    assertThrows(WireException.class, () -> IcqMeta.decode(hex("00 01 00 04 20 00 8f e4")));
    assertThrows(WireException.class, () -> IcqMeta.OfflineMessage.read(hex("39 30 00 00 ea 07 0b 19 09 1e 01 00 40 00 68")));
    assertThrows(WireException.class, () -> IcqMeta.decode(hex("00 02 00 00")));
  }
}
