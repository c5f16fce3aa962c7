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
      assertTrue(periodic.can(Capability.GROUP_CHATS), "IRC channels are group chats");
      assertTrue(periodic.commands().containsAll(java.util.Set.of(parley.contract.NodeCommand.JOIN_ROOM,
          parley.contract.NodeCommand.LEAVE_ROOM, parley.contract.NodeCommand.SEND_ROOM_MESSAGE,
          parley.contract.NodeCommand.SET_ROOM_SUBJECT, parley.contract.NodeCommand.INVITE_TO_ROOM)));
      // A room is a channel, by the descriptor's own room rule (not the contact rule, which takes nicknames too).
      assertTrue(periodic.roomRule().matches("#parley"));
      assertTrue(periodic.roomRule().matches("&local"));
      assertFalse(periodic.roomRule().matches("bob"));
      assertFalse(periodic.roomRule().matches("lobby@conference.example.org"));
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
