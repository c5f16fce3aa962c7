package parley.contract;

/** Message types the session publishes to {@link Addresses#SESSION_SHARDS}. */
public final class ShardNotice {
  private ShardNotice() {}

  /**
   * {@code {"shard": 12, "epoch": 7, "owner": "…"}}: the publishing session process serves the
   * shard from now on. Web processes tell their browsers of the shard's users to attach again and
   * send their attachments to it; nodes send what they hold for the shard at once. The record:
   * {@link parley.contract.session.ShardAcquired}.
   */
  public static final String ACQUIRED = "shard-acquired";
}
