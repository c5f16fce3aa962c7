package parley.xmpp.client;

/** The XML namespaces the client speaks. */
public final class Ns {
  private Ns() {}

  public static final String CLIENT = "jabber:client";
  public static final String STREAMS = "http://etherx.jabber.org/streams";
  public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
  public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
  public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
  /** XEP-0440: which channel-binding types the server supports. */
  public static final String SASL_CB = "urn:xmpp:sasl-cb:0";
  public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
  public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
  public static final String ROSTER = "jabber:iq:roster";
  public static final String PING = "urn:xmpp:ping";
  public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
  /** XEP-0363 HTTP file upload and XEP-0066 out-of-band data (the link to a file in a message). */
  public static final String HTTP_UPLOAD = "urn:xmpp:http:upload:0";
  public static final String OOB = "jabber:x:oob";
  public static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
  /** XEP-0280 message carbons, their XEP-0297 forwarded wrapper and XEP-0334 hints. */
  public static final String CARBONS = "urn:xmpp:carbons:2";
  public static final String FORWARD = "urn:xmpp:forward:0";
  public static final String HINTS = "urn:xmpp:hints";
  /** XEP-0184 delivery receipts and XEP-0333 chat markers. */
  public static final String RECEIPTS = "urn:xmpp:receipts";
  public static final String MARKERS = "urn:xmpp:chat-markers:0";
  /** XEP-0308 last message correction and XEP-0424 message retraction. */
  public static final String CORRECT = "urn:xmpp:message-correct:0";
  public static final String RETRACT = "urn:xmpp:message-retract:1";
  public static final String DELAY = "urn:xmpp:delay";
  /** XEP-0198 stream management. */
  public static final String SM = "urn:xmpp:sm:3";
  /** XEP-0359 stanza-id and origin-id. */
  public static final String SID = "urn:xmpp:sid:0";
  /** XEP-0313 message archive management. */
  public static final String MAM = "urn:xmpp:mam:2";
  /** XEP-0059 result set management (paging). */
  public static final String RSM = "http://jabber.org/protocol/rsm";
  /** XEP-0191 blocking command. */
  public static final String BLOCKING = "urn:xmpp:blocking";
  /** XEP-0004 data forms. */
  public static final String DATA = "jabber:x:data";
  /** XEP-0084 avatar metadata, with XEP-0163 +notify: what Parley asks contacts' servers to send. */
  public static final String AVATAR_NOTIFY = "urn:xmpp:avatar:metadata+notify";
  /**
   * Room bookmarks changed on the account's other clients, with XEP-0163 +notify: XEP-0402's node, and
   * the XEP-0048 document a server that keeps private storage in step with PEP publishes (ejabberd's
   * mod_private, {@code urn:xmpp:bookmarks-conversion:0}).
   */
  public static final String BOOKMARKS_NOTIFY = "urn:xmpp:bookmarks:1+notify";
  public static final String LEGACY_BOOKMARKS_NOTIFY = "storage:bookmarks+notify";
  /** XEP-0249 direct invitations to group chats (advertised so that other clients send them). */
  public static final String DIRECT_INVITE = "jabber:x:conference";
}
