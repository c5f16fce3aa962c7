package parley.irc;

import parley.contract.node.MessageReceived;

/**
 * One message said to the account or in its channels, as the session is told of it.
 *
 * @param ts the server's time (server-time) or when it arrived, in milliseconds
 * @param msgid the server's id of the message (IRCv3 message-ids), or null
 * @param archiveId the server-time stamp, when everything before it has been reported (chathistory), or null
 */
record Incoming(String from, String text, long ts, boolean action, String msgid, String archiveId) {

  Incoming withArchiveId(String id) {
    return new Incoming(from, text, ts, action, msgid, id);
  }

  /** The {@code message-received} body from {@code peer} with {@code shown} as its text. */
  MessageReceived event(String peer, String shown) {
    String id = msgid != null && !msgid.isEmpty() && msgid.length() <= MessageReceived.MAX_ARCHIVE_ID_CHARS
        && msgid.indexOf('\0') < 0 ? msgid : null;
    // The server's id: the session stores a message once, however often it comes (live, then from history).
    return new MessageReceived(peer, shown, ts, null, id, id, archiveId, false);
  }
}
