package parley.xmpp;

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

/** The XMPP node advertises its network: published on its own every interval, and at once when a session asks. */
class XmppNetworkTest {
  @Test
  @Timeout(30)
  void theNodePublishesItsDescriptor() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DescriptorProbe probe = new DescriptorProbe(vertx, XmppNetwork.ID)) {
      new NodeHarness(vertx, NodeHarness.fastConfig());
      NetworkDescriptor periodic = probe.periodic();
      assertEquals(XmppNetwork.DESCRIPTOR, periodic);
      assertEquals(XmppNetwork.DESCRIPTOR, probe.asked());
      // The descriptor the session's and the page's tests stand in with is this one.
      assertEquals(TestNetworks.of(XmppNetwork.ID), XmppNetwork.DESCRIPTOR, "contract/src/test/resources/parley/contract/testing/networks.json");
      assertEquals("XMPP (Jabber)", periodic.label());
      assertEquals(NetworkDescriptor.OPTIONAL, periodic.server().host());
      assertEquals(NetworkDescriptor.NORMALIZE_JID, periodic.contact().normalize());
      assertTrue(periodic.can(Capability.GROUP_CHATS));
      assertTrue(periodic.can(Capability.FILES));
      assertTrue(periodic.commands().contains(parley.contract.NodeCommand.JOIN_ROOM));
      assertTrue(periodic.login().matches("alice@example.org"));
      assertFalse(periodic.login().matches("alice"));
    } finally {
      vertx.close().await();
    }
  }
}
