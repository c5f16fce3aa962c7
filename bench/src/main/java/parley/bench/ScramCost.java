package parley.bench;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What SCRAM-SHA-1's key derivation costs a client per login: CPU per salted password (PBKDF2 with
 * HMAC-SHA-1, as the XMPP node derives it), in rounds so the first, cold one shows apart.
 * Arguments: iterations (10000, Prosody's default), derivations per round (300), rounds (3).
 */
public final class ScramCost {
  private ScramCost() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    for (int round = 1; round <= rounds; round++) {
      long wall = System.nanoTime();
      double cpu = cpuMsPerDerivation(iterations, perRound);
      System.out.printf("round %d: %d derivations of %d iterations: %.2f ms CPU, %.2f ms wall per derivation%n", round,
          perRound, iterations, cpu, (System.nanoTime() - wall) / 1e6 / perRound);
    }
  }

  /** CPU milliseconds of this thread per derivation, over {@code count} derivations. */
  static double cpuMsPerDerivation(int iterations, int count) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] salt = new byte[16];
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < count; i++) {
      salt[0] = (byte) i;
      ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_1, StringPreparation.SASL_PREPARATION,
          "a password".toCharArray(), salt, iterations);
    }
    return (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / count;
  }
}
