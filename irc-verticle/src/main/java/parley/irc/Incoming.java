package parley.irc;

import io.vertx.core.json.JsonObject;

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
  JsonObject event(String peer, String shown) {
    JsonObject body = new JsonObject().put("from", peer).put("text", shown).put("ts", ts);
    if (msgid != null && !msgid.isEmpty() && msgid.length() <= 200 && msgid.indexOf('\0') < 0) {
      // The server's id: the session stores a message once, however often it comes (live, then from history).
      body.put("remoteId", msgid).put("stanzaId", msgid);
    }
    if (archiveId != null) {
      body.put("archiveId", archiveId);
    }
    return body;
  }
}
