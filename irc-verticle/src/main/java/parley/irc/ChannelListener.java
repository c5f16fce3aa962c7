package parley.irc;

/**
 * What happens in the account's channels, as {@link Channels} reports it; {@link RoomChannels} makes
 * the contract's room events of it.
 */
interface ChannelListener {
  /** The account is in {@code channel} now (after JOIN, also again after a reconnect). */
  void joined(String channel);

  /** The account is no longer in {@code channel}; {@code why} is a sentence, or null when it left itself. */
  void left(String channel, String why);

  /** The channel's topic, set now or told on joining; {@code by} is null when it was told. */
  void topic(Channels.Channel channel, String by);

  /** The channel's member list changed (names, join, part, quit, nick, prefix). */
  void members(Channels.Channel channel);

  /** Someone spoke in the channel ({@code action}: a /me). */
  void message(String channel, Incoming message);

  /** The account's own message in the channel, sent back by the server (echo-message): the channel got it. */
  void ownEcho(String channel, Incoming message);

  /** Something happened in the channel that a person should read (kick, ban, mode), as a sentence. */
  void notice(String channel, String sentence);

  /** Joining failed, with the server's reason as a sentence. */
  void joinRefused(String channel, String sentence);

  /** {@code from} invites the account to {@code channel}. */
  void invited(String channel, String from);
}
