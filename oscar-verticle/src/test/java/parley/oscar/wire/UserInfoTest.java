package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.oscar.wire.Bytes.hex;

import org.junit.jupiter.api.Test;

class UserInfoTest {
  @Test
  void readsTheUserClassAsTwoBytes() {
    // "bob", warning 0, one TLV: user class 0x0030 (AIM, away).
    UserInfo info = UserInfo.read(new Reader(hex("03 62 6f 62 00 00 00 01 00 01 00 02 00 30")));
    assertTrue(info.away());
  }

  @Test
  void readsTheUserClassAsFourBytesToo() {
    // Some servers send the user class as a u32: 0x00000030 (AIM, away).
    UserInfo away = UserInfo.read(new Reader(hex("03 62 6f 62 00 00 00 01 00 01 00 04 00 00 00 30")));
    assertTrue(away.away());
    UserInfo here = UserInfo.read(new Reader(hex("03 62 6f 62 00 00 00 01 00 01 00 04 00 00 00 10")));
    assertFalse(here.away());
    assertEquals("bob", here.screenName());
  }
}
