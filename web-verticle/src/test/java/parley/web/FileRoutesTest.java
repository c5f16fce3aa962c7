package parley.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Where Parley may PUT a file: public addresses only, unless the operator allows others. */
class FileRoutesTest {
  private static boolean isPublic(String literal) throws Exception {
    return FileRoutes.isPublic(InetAddress.getByName(literal));
  }

  @Test
  void privateLoopbackLinkLocalAndSpecialAddressesAreNotPublic() throws Exception {
    for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
      assertFalse(isPublic(a), a);
    }
  }

  @Test
  void publicAddressesAre() throws Exception {
    for (String a : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"}) {
      assertTrue(isPublic(a), a);
    }
  }
}
