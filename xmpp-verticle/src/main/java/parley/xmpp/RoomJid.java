package parley.xmpp;

/**
 * A group chat's address without a nickname ({@code lobby@conference.example.org}, XEP-0045), as
 * {@link Fields#roomJid} validated it: both parts in the normalised form the server compares.
 */
record RoomJid(String local, String domain) {

  /** The occupant address of {@code nick} in this room. */
  String occupant(String nick) {
    return this + "/" + nick;
  }

  @Override
  public String toString() {
    return local + "@" + domain;
  }
}
