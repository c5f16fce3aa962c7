package parley.xmpp;

/**
 * A user's XMPP address without a resource ({@code alice@example.org}), as {@link Fields#bareJid}
 * validated it: both parts already in the normalised form the server compares.
 */
record BareJid(String local, String domain) {

  @Override
  public String toString() {
    return local + "@" + domain;
  }
}
