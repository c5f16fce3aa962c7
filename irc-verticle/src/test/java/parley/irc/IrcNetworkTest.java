package parley.irc;

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

/** The IRC node advertises its network: published on its own every interval, and at once when a session asks. */
class IrcNetworkTest {
  @Test
  @Timeout(30)
  void theNodePublishesItsDescriptor() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DescriptorProbe probe = new DescriptorProbe(vertx, IrcNetwork.ID)) {
      new NodeHarness(vertx, NodeHarness.fastConfig());
      NetworkDescriptor periodic = probe.periodic();
      assertEquals(IrcNetwork.DESCRIPTOR, periodic);
      assertEquals(IrcNetwork.DESCRIPTOR, probe.asked());
      // The descriptor the session's and the page's tests stand in with is this one.
      assertEquals(TestNetworks.of(IrcNetwork.ID), IrcNetwork.DESCRIPTOR, "contract/src/test/resources/parley/contract/testing/networks.json");
      assertEquals("IRC", periodic.label());
      assertEquals(NetworkDescriptor.REQUIRED, periodic.server().host());
      assertTrue(periodic.can(Capability.CHANNELS_AS_CONTACTS));
      assertFalse(periodic.can(Capability.GROUP_CHATS), "IRC channels are contacts here, not rooms");
      // The same rules as the node's own checks.
      assertTrue(periodic.login().matches("Alice"));
      assertFalse(periodic.login().matches("#parley"));
      assertTrue(periodic.contact().matches("#parley"));
      assertFalse(periodic.contact().matches("9lives"));
    } finally {
      vertx.close().await();
    }
  }
}
