package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.nodekit.testing.DescriptorProbe;
import parley.contract.testing.TestNetworks;

/** The OSCAR node advertises its network: published on its own every interval, and at once when a session asks. */
class OscarNetworkTest {
  @Test
  @Timeout(30)
  void theNodePublishesItsDescriptor() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DescriptorProbe probe = new DescriptorProbe(vertx, OscarNetwork.ID)) {
      new NodeHarness(vertx, NodeHarness.fastConfig());
      NetworkDescriptor periodic = probe.periodic();
      assertEquals(OscarNetwork.DESCRIPTOR, periodic);
      assertEquals(OscarNetwork.DESCRIPTOR, probe.asked());
      // The descriptor the session's and the page's tests stand in with is this one.
      assertEquals(TestNetworks.of(OscarNetwork.ID), OscarNetwork.DESCRIPTOR, "contract/src/test/resources/parley/contract/testing/networks.json");
      assertEquals("AIM / ICQ", periodic.label());
      assertEquals(NetworkDescriptor.REQUIRED, periodic.server().port());
      assertEquals(5190, periodic.server().defaultPort());
      assertFalse(periodic.server().tls(), "OSCAR has no TLS to choose");
      assertTrue(periodic.can(Capability.ONE_LOGIN_AT_A_TIME));
      assertFalse(periodic.can(Capability.GROUP_CHATS));
      assertTrue(periodic.login().matches("Alice Smith"));
      assertTrue(periodic.login().matches("123456789"));
      assertFalse(periodic.login().matches("1abc"));
    } finally {
      vertx.close().await();
    }
  }
}
