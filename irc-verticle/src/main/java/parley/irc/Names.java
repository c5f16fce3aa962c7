package parley.irc;

import java.util.Locale;
import java.util.regex.Pattern;

/** IRC nicknames and channel names as Parley accepts them, and how it compares them. */
final class Names {
  private Names() {}

  /** RFC 2812 nickname characters; 30 is the longest common servers allow (the server may allow fewer). */
  static final Pattern NICK = Pattern.compile("[A-Za-z\\[\\]\\\\`_^{|}][A-Za-z0-9\\[\\]\\\\`_^{|}-]{0,29}");
  /** A channel: '#', '&', '!' or '+' (which of them a server has, its CHANTYPES says), then up to 49 characters without space, comma, BEL or colon. */
  static final Pattern CHANNEL = Pattern.compile("[#&!+][^\\s,\\x07\\x00:]{1,49}");
  static final String CHANNEL_RULE = "an IRC channel name (# or & and up to 49 characters without spaces, commas or colons)";

  static final String NICK_RULE = "an IRC nickname (1-30 letters, digits and []\\`_^{|}-, not starting with a digit or -)";
  static final String TARGET_RULE = NICK_RULE + " or a channel (#name)";

  static boolean nick(String s) {
    return s != null && NICK.matcher(s).matches();
  }

  static boolean channel(String s) {
    return s != null && CHANNEL.matcher(s).matches();
  }

  /** How peers and channels are named to the session: ASCII lower case (IRC compares them without case). */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
