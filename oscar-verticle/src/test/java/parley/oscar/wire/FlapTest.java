package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.oscar.wire.Bytes.hex;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlapTest {
  @Test
  void encodesHeaderAndData() {
    Flap flap = new Flap(Flap.DATA, 0x1234, hex("00 01 00 02"));
    assertEquals("2a 02 12 34 00 04 00 01 00 02", hex(flap.encode()));
  }

  @Test
  void decodesAWholeFrame() {
    Flap flap = Flap.decode(hex("2a 05 00 07 00 00"));
    assertEquals(Flap.KEEPALIVE, flap.channel());
    assertEquals(7, flap.sequence());
    assertEquals(0, flap.data().length());
  }

  @Test
  void refusesATruncatedFrame() {
    WireException e = assertThrows(WireException.class, () -> Flap.decode(hex("2a 02 00 01 00 08 00 01")));
    assertEquals("FLAP data needs 8 bytes but only 2 are left", e.getMessage());
  }

  @Test
  void refusesAWrongMarkerAndUnknownChannel() {
    assertThrows(WireException.class, () -> Flap.decode(hex("2b 02 00 01 00 00")));
    assertThrows(WireException.class, () -> Flap.decode(hex("2a 09 00 01 00 00")));
  }

  @Test
  void refusesTrailingBytes() {
    assertThrows(WireException.class, () -> Flap.decode(hex("2a 05 00 01 00 00 ff")));
  }

  @Test
  void refusesDataOverTheLengthField() {
    assertThrows(IllegalArgumentException.class, () -> new Flap(Flap.DATA, 1, Buffer.buffer(new byte[0x10000])));
  }

  @Test
  void signonDataStartsWithVersionOne() {
    Buffer data = Flap.signonData(TlvBlock.of(Tlv.of(0x0001, "ab")));
    assertEquals("00 00 00 01 00 01 00 02 61 62", hex(data));
    assertEquals("ab", new Flap(Flap.SIGNON, 1, data).signonTlvs().string(1));
    assertThrows(WireException.class, () -> new Flap(Flap.SIGNON, 1, hex("00 00 00 02")).signonTlvs());
  }

  @Test
  void parserJoinsFramesSplitAcrossReadsAndSplitsJoinedOnes() {
    List<Flap> frames = new ArrayList<>();
    List<WireException> errors = new ArrayList<>();
    FlapParser parser = new FlapParser(frames::add, errors::add);
    Buffer two = hex("2a 02 00 01 00 03 aa bb cc 2a 05 00 02 00 00");
    // One byte at a time: the worst a TCP stream can do.
    for (int i = 0; i < two.length(); i++) {
      parser.handle(two.getBuffer(i, i + 1));
    }
    assertEquals(2, frames.size());
    assertEquals("aa bb cc", hex(frames.get(0).data()));
    assertEquals(Flap.KEEPALIVE, frames.get(1).channel());
    parser.handle(hex("2a 02 00 03 00 02 01 02 2a 02 00 04 00 01 09"));
    assertEquals(4, frames.size());
    assertTrue(errors.isEmpty());
  }

  @Test
  void parserReportsABadMarkerOnceAndThenStops() {
    List<Flap> frames = new ArrayList<>();
    List<WireException> errors = new ArrayList<>();
    FlapParser parser = new FlapParser(frames::add, errors::add);
    parser.handle(hex("13 37 00 00 00 09 01 02 03"));
    parser.handle(hex("2a 05 00 02 00 00"));
    assertEquals(1, errors.size());
    assertEquals("a frame did not start with the FLAP marker 0x2A (got 0x13)", errors.get(0).getMessage());
    assertTrue(frames.isEmpty());
  }

  @Test
  void parserWaitsForAFrameWithTheLargestLength() {
    List<Flap> frames = new ArrayList<>();
    FlapParser parser = new FlapParser(frames::add, e -> { });
    parser.handle(hex("2a 02 00 01 ff ff"));
    parser.handle(Buffer.buffer(new byte[0xFFFE]));
    assertTrue(frames.isEmpty());
    parser.handle(Buffer.buffer(new byte[1]));
    assertEquals(0xFFFF, frames.get(0).data().length());
  }
}
