package parley.contract;

import java.util.List;

/**
 * Parley's names of the optional features an account's IM server offers (XMPP: found by XEP-0030
 * disco at each login), as {@code connection-state} and the account's {@code features} list them.
 * The page offers only what is listed, and says in words what is not.
 */
public final class ServerFeature {
  private ServerFeature() {}

  /** The account's messages are kept on the server (XEP-0313): older ones can be fetched from it. */
  public static final String ARCHIVE = "archive";
  /** Messages of the person's other clients are copied here (XEP-0280). */
  public static final String CARBONS = "carbons";
  /** Contacts and strangers can be blocked on the server (XEP-0191). */
  public static final String BLOCKING = "blocking";
  /** The server has a group chat service (XEP-0045). */
  public static final String ROOMS = "rooms";
  /** The server has a file upload service (XEP-0363). */
  public static final String UPLOAD = "upload";

  public static final List<String> ALL = List.of(ARCHIVE, CARBONS, BLOCKING, ROOMS, UPLOAD);
}
