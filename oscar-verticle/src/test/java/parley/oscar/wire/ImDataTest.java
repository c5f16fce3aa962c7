package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static parley.oscar.wire.Bytes.hex;

import org.junit.jupiter.api.Test;

class ImDataTest {
  @Test
  void encodesCapabilitiesAndText() {
    ImData data = new ImData(ImData.ASCII, hex("68 69"));
    assertEquals("05 01 00 01 01 01 01 00 06 00 00 00 00 68 69", hex(data.encode()));
  }

  @Test
  void decodesTheTextFragment() {
    ImData data = ImData.decode(hex("05 01 00 02 01 02 01 01 00 06 00 02 00 00 00 41"));
    assertEquals(ImData.UTF16BE, data.charset());
    assertEquals("00 41", hex(data.text()));
  }

  @Test
  void refusesAFragmentLongerThanTheData() {
    assertThrows(WireException.class, () -> ImData.decode(hex("01 01 00 20 00 00 00 00 41")));
  }

  @Test
  void refusesDataWithoutText() {
    assertThrows(WireException.class, () -> ImData.decode(hex("05 01 00 01 01")));
  }
}
