package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static parley.oscar.wire.Bytes.hex;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateParamsTest {
  @Test
  void roundTripsClassesAndMembers() {
    RateParams params = new RateParams(List.of(new RateClass(1, 80, 2500, 2000, 1500, 800, 6000, 6000),
        new RateClass(2, 5, 800, 700, 500, 400, 2000, 2000)), Map.of(RateParams.key(4, 6), 2));
    Writer w = new Writer();
    params.write(w);
    assertEquals(2 + 2 * RateClass.WIRE_LENGTH + 4 + 8, w.length());
    RateParams read = RateParams.read(new Reader(w.buffer()));
    assertEquals(params, read);
    assertEquals(2, read.classOf(4, 6).id());
    assertEquals(1, read.classOf(1, 2).id());
  }

  @Test
  void readsTheDocumentedLayout() {
    RateClass c = RateClass.read(new Reader(hex("00 01 00 00 00 50 00 00 09 c4 00 00 07 d0 00 00 05 dc 00 00 03 20"
        + " 00 00 17 70 00 00 17 70 00 00 00 00 00")));
    assertEquals(new RateClass(1, 80, 2500, 2000, 1500, 800, 6000, 6000), c);
  }

  @Test
  void refusesATruncatedClassAndAnImpossibleWindow() {
    assertThrows(WireException.class, () -> RateParams.read(new Reader(hex("00 01 00 01 00 00 00 50"))));
    assertThrows(WireException.class, () -> RateClass.read(new Reader(hex("00 01 00 00 00 00 00 00 09 c4 00 00 07 d0"
        + " 00 00 05 dc 00 00 03 20 00 00 17 70 00 00 17 70 00 00 00 00 00"))));
  }

  @Test
  void levelIsAMovingAverageOfTheGaps() {
    RateClass c = new RateClass(2, 5, 800, 700, 500, 400, 2000, 2000);
    assertEquals(1600, c.nextLevel(2000, 0));
    assertEquals(2000, c.nextLevel(2000, 5000));
  }
}
