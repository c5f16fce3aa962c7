package parley.contract;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Users hash into a fixed number of shards ({@code cluster.shards}, the same in every process);
 * one session process at a time owns a shard and consumes its address
 * ({@link Addresses#sessionShard(int)}). The web processes and the protocol nodes compute the shard
 * themselves and send there.
 */
public final class Shards {
  private Shards() {}

  /**
   * The text of the {@link FailureCode#STORAGE_UNAVAILABLE} failure a session process answers for a
   * message it did not apply because the shard is moving to another process (its lease was taken, or
   * it was handing the shard over when the message came). The sender sends it again: the next owner
   * applies it.
   */
  public static final String MOVING_TEXT = "Your session is moving to another server; try again in a moment.";

  /**
   * The answer to a browser command whose shard's owner took it and never answered (it was killed)
   * while another process took the shard over: it may or may not have been carried out, so it is
   * not asked again.
   */
  public static final String ORPHANED_TEXT = "The server handling your session stopped before it answered;"
      + " this may or may not have been done. A sent message shows in the chat if it was.";

  /** Whether a failure is the "moving" refusal ({@link #MOVING_TEXT}): nothing was applied. */
  public static boolean moving(Throwable failure) {
    return failure instanceof io.vertx.core.eventbus.ReplyException r
        && r.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
        && r.failureCode() == FailureCode.STORAGE_UNAVAILABLE.code() && MOVING_TEXT.equals(r.getMessage());
  }

  /** The shard count when {@code cluster.shards} is not set. */
  public static final int DEFAULT_COUNT = 64;

  /** A user's shard: CRC-32 of the user id's UTF-8 bytes, so every process and version agrees. */
  public static int of(String userId, int count) {
    CRC32 crc = new CRC32();
    crc.update(userId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }

  /** The shard address of a user. */
  public static String address(String userId, int count) {
    return Addresses.sessionShard(of(userId, count));
  }
}
