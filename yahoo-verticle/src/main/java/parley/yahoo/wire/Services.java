package parley.yahoo.wire;

/**
 * The YMSG service numbers (the packet's kind) and status values Parley uses, from the public
 * protocol descriptions (libyahoo2's and Pidgin's documentation of YMSG 9/10).
 */
public final class Services {
  private Services() {}

  public static final int LOGON = 0x01;
  public static final int LOGOFF = 0x02;
  public static final int IS_AWAY = 0x03;
  public static final int IS_BACK = 0x04;
  public static final int MESSAGE = 0x06;
  /** A contact added this account ("added you"), YMSG 9/10. */
  public static final int NEW_CONTACT = 0x0f;
  public static final int PING = 0x12;
  public static final int NOTIFY = 0x4b;
  public static final int AUTH_RESP = 0x54;
  public static final int LIST = 0x55;
  public static final int AUTH = 0x57;
  public static final int ADD_BUDDY = 0x83;
  public static final int REMOVE_BUDDY = 0x84;
  /** The "added you" request and its answer (Y7 authorization). */
  public static final int AUTHORIZATION = 0xd6;

  /** Header status of a packet the server refuses or ends the session with. */
  public static final long STATUS_ERROR = 0xffffffffL;
  /** Header status of a packet carrying stored (offline) messages. */
  public static final long STATUS_OFFLINE_MESSAGES = 5;
  /** Header status of typing notifications. */
  public static final long STATUS_TYPING = 0x16;
  /** Header status of sent messages (the value libyahoo2 documents as "offline"). */
  public static final long STATUS_MESSAGE = 0x5a55aa56L;

  /** Presence codes (key 10). */
  public static final int AVAILABLE = 0;
  public static final int BRB = 1;
  public static final int BUSY = 2;
  public static final int NOT_AT_HOME = 3;
  public static final int NOT_AT_DESK = 4;
  public static final int NOT_IN_OFFICE = 5;
  public static final int ON_PHONE = 6;
  public static final int ON_VACATION = 7;
  public static final int OUT_TO_LUNCH = 8;
  public static final int STEPPED_OUT = 9;
  public static final int INVISIBLE = 12;
  public static final int CUSTOM = 99;
  public static final int IDLE = 999;

  /** Login errors (key 66 of an AUTH_RESP). */
  public static final int LOGIN_UNKNOWN_USER = 3;
  public static final int LOGIN_BAD_PASSWORD = 13;
  public static final int LOGIN_LOCKED = 14;
  public static final int LOGIN_DEACTIVATED = 15;
}
