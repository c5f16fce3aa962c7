package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static parley.oscar.wire.Bytes.hex;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class TlvTest {
  @Test
  void encodesABlock() {
    TlvBlock block = TlvBlock.of(Tlv.of(0x0001, "bob"), Tlv.u16(0x0008, 5), Tlv.empty(0x004c));
    assertEquals("00 01 00 03 62 6f 62 00 08 00 02 00 05 00 4c 00 00", hex(block.encode()));
  }

  @Test
  void readsABlockToTheEnd() {
    TlvBlock block = TlvBlock.readAll(new Reader(hex("00 05 00 04 68 6f 73 74 00 06 00 01 ff")));
    assertEquals("host", block.string(0x0005));
    assertEquals("ff", hex(block.get(0x0006).value()));
    assertNull(block.get(0x0008));
  }

  @Test
  void readsACountedBlockAndLeavesTheRest() {
    Reader r = new Reader(hex("00 01 00 02 00 20 99"));
    TlvBlock block = TlvBlock.readCounted(r, 1);
    assertEquals(0x20, block.u16(0x0001));
    assertEquals(1, r.remaining());
  }

  @Test
  void refusesALengthPastTheEnd() {
    WireException e = assertThrows(WireException.class, () -> TlvBlock.readAll(new Reader(hex("00 01 00 10 61 62"))));
    assertEquals("TLV 0x1 value needs 16 bytes but only 2 are left", e.getMessage());
  }

  @Test
  void refusesAHalfHeader() {
    assertThrows(WireException.class, () -> TlvBlock.readAll(new Reader(hex("00 01 00"))));
  }

  @Test
  void refusesACountLargerThanTheData() {
    assertThrows(WireException.class, () -> TlvBlock.readCounted(new Reader(hex("00 01 00 00")), 2));
  }

  @Test
  void refusesASizedBlockLongerThanTheData() {
    assertThrows(WireException.class, () -> TlvBlock.readSized(new Reader(hex("00 01 00 00")), 8));
  }

  @Test
  void refusesNumbersOfTheWrongSize() {
    Tlv shortOne = new Tlv(0x0004, hex("01"));
    assertThrows(WireException.class, shortOne::asU16);
    assertThrows(WireException.class, () -> new Tlv(6, hex("00 01")).asU32());
  }

  @Test
  void refusesValuesOverTheLengthField() {
    assertThrows(IllegalArgumentException.class, () -> new Tlv(1, Buffer.buffer(new byte[0x10000])));
  }

  @Test
  void userInfoBlockWithATlvPastTheEndIsRefused() {
    // "ghost", warning 0, one TLV claiming 0x400 bytes but carrying 2.
    Buffer bad = hex("05 67 68 6f 73 74 00 00 00 01 00 01 04 00 00 00");
    assertThrows(WireException.class, () -> UserInfo.read(new Reader(bad)));
  }

  @Test
  void userInfoBlockIsRead() {
    UserInfo info = UserInfo.read(new Reader(hex("03 62 6f 62 00 00 00 02 00 01 00 02 00 30 00 04 00 02 00 0c")));
    assertEquals("bob", info.screenName());
    assertEquals(true, info.away());
    assertEquals(12, info.idleMinutes());
    assertNull(info.icqStatus());
  }
}
