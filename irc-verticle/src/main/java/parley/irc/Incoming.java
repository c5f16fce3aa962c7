package parley.irc;

import parley.contract.node.MessageReceived;

/**
 * One message said to the account or in its channels, as the session is told of it.
 *
 * @param ts the server's time (server-time) or when it arrived, in milliseconds
 * @param msgid the server's id of the message (IRCv3 message-ids), or null
 * @param archiveId the server-time stamp, when everything before it has been reported (chathistory), or null
 * @param history from the server's history (chathistory), not said just now
 */
record Incoming(String from, String text, long ts, boolean action, String msgid, String archiveId, boolean history) {

  /** The text as Parley shows it: an action as "/me …", as the person would have typed it. */
  String shown() {
    return action ? "/me " + text : text;
  }

  /** The server's id when it is one Parley can keep, else null. */
  String id() {
    return msgid != null && !msgid.isEmpty() && msgid.length() <= MessageReceived.MAX_ARCHIVE_ID_CHARS && msgid.indexOf('\0') < 0 ? msgid : null;
  }

  /** The {@code message-received} body from {@code peer} with {@code shown} as its text. */
  MessageReceived event(String peer, String shown) {
    String id = id();
    // The server's id: the session stores a message once, however often it comes (live, then from history).
    return new MessageReceived(peer, shown, ts, null, id, id, archiveId, false);
  }
}
