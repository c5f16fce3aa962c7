package parley.contract.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the Hazelcast members of a test's cluster, and for the servers of the processes a test
 * starts (web, management), chosen before those processes bind them. They lie below Linux's
 * ephemeral range (32768 and up by default), where no {@code ServerSocket(0)} and no outgoing
 * connection of another test lands: a member keeps calling a departed member's port for a while,
 * and a proxy or stand-in server another test opened on that port would count it as one of its own
 * clients; and a port found free in that range can be some connection's by the time a process
 * that started for seconds binds it ("Address already in use").
 */
public final class ClusterPorts {
  private static final int LOWEST = 21_000;
  private static final int EPHEMERAL_START = 32_768;

  private ClusterPorts() {}

  /** The first of {@code count} consecutive ports, chosen at random so that tests running at once rarely meet. */
  public static int base(int count) {
    return ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_START - count);
  }

  /**
   * A stand-in server's socket on loopback, on a port of this range: a client of another test still
   * reconnecting to a port it once knew (a server it stopped) does not land on it.
   */
  public static ServerSocket listen() throws IOException {
    for (int tries = 0; ; tries++) {
      try {
        return new ServerSocket(base(1), 50, InetAddress.getLoopbackAddress());
      } catch (BindException taken) {
        if (tries == 20) {
          throw taken;
        }
      }
    }
  }
}
