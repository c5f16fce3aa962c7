package parley.oscar.testing;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import parley.oscar.wire.FeedbagItem;

/** One account on the test server: password, stored buddy list, presence, stored offline messages. */
final class ServerUser {
  final String screenName;
  final String password;
  final List<FeedbagItem> feedbag = new ArrayList<>();
  final List<OfflineMessage> offline = new ArrayList<>();
  boolean requiresAuthorization;
  /** Online without a client, driven by the test ("a peer"). */
  boolean virtualOnline;
  String awayMessage = "";
  int idleMinutes;
  Long icqStatus;
  /** ICQ: the text this user's client gives when asked for its auto message (away text). */
  String icqAutoMessage = "";
  ServerSession session;

  record OfflineMessage(String from, Buffer imData, long sentSeconds) {}

  ServerUser(String screenName, String password) {
    this.screenName = screenName;
    this.password = password;
  }

  boolean online() {
    return virtualOnline || (session != null && session.online);
  }

  boolean hasBuddy(String normalized) {
    return feedbag.stream().anyMatch(i -> i.isBuddy() && OscarTestServer.normalize(i.name()).equals(normalized));
  }
}
