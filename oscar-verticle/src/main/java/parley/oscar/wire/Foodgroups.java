package parley.oscar.wire;

/** SNAC families ("foodgroups") and the subtypes Parley uses, as the OSCAR documentation names them. */
public final class Foodgroups {
  private Foodgroups() {}

  public static final class Oservice {
    private Oservice() {}

    public static final int FAMILY = 0x0001;
    public static final int ERR = 0x0001;
    public static final int CLIENT_ONLINE = 0x0002;
    public static final int HOST_ONLINE = 0x0003;
    public static final int RATE_PARAMS_QUERY = 0x0006;
    public static final int RATE_PARAMS_REPLY = 0x0007;
    public static final int RATE_PARAMS_SUB_ADD = 0x0008;
    public static final int RATE_PARAMS_CHANGE = 0x000A;
    public static final int PAUSE_REQ = 0x000B;
    public static final int PAUSE_ACK = 0x000C;
    public static final int RESUME = 0x000D;
    public static final int USER_INFO_QUERY = 0x000E;
    public static final int USER_INFO_UPDATE = 0x000F;
    public static final int IDLE_NOTIFICATION = 0x0011;
    public static final int MIGRATE_GROUPS = 0x0012;
    public static final int MOTD = 0x0013;
    public static final int CLIENT_VERSIONS = 0x0017;
    public static final int HOST_VERSIONS = 0x0018;
    public static final int SET_NICKINFO_FIELDS = 0x001E;
  }

  public static final class Locate {
    private Locate() {}

    public static final int FAMILY = 0x0002;
    public static final int RIGHTS_QUERY = 0x0002;
    public static final int RIGHTS_REPLY = 0x0003;
    public static final int SET_INFO = 0x0004;
    public static final int USER_INFO_REPLY = 0x0006;
    public static final int USER_INFO_QUERY2 = 0x0015;
    /** SET_INFO and USER_INFO_REPLY: away message MIME type and text. */
    public static final int TLV_AWAY_MIME = 0x0003;
    public static final int TLV_AWAY_MESSAGE = 0x0004;
    /** USER_INFO_QUERY2 flag: the away message. */
    public static final int QUERY_AWAY_MESSAGE = 0x0002;
  }

  public static final class Buddy {
    private Buddy() {}

    public static final int FAMILY = 0x0003;
    public static final int RIGHTS_QUERY = 0x0002;
    public static final int RIGHTS_REPLY = 0x0003;
    public static final int ARRIVED = 0x000B;
    public static final int DEPARTED = 0x000C;
  }

  public static final class Icbm {
    private Icbm() {}

    public static final int FAMILY = 0x0004;
    public static final int ERR = 0x0001;
    public static final int ADD_PARAMETERS = 0x0002;
    public static final int PARAMETER_QUERY = 0x0004;
    public static final int PARAMETER_REPLY = 0x0005;
    public static final int CHANNEL_MSG_TOHOST = 0x0006;
    public static final int CHANNEL_MSG_TOCLIENT = 0x0007;
    /** A client's answer to a message, through the server: errors, and ICQ's auto messages. */
    public static final int CLIENT_ERR = 0x000B;
    public static final int HOST_ACK = 0x000C;
    public static final int OFFLINE_RETRIEVE = 0x0010;
    public static final int CLIENT_EVENT = 0x0014;
    public static final int OFFLINE_RETRIEVE_REPLY = 0x0017;

    public static final int TLV_IM_DATA = 0x0002;
    public static final int TLV_REQUEST_HOST_ACK = 0x0003;
    public static final int TLV_STORE = 0x0006;
    public static final int TLV_OFFLINE_TIME = 0x0016;
    /** Inside IM data: capabilities fragment and text fragment. */
    public static final int FRAGMENT_CAPABILITIES = 0x05;
    public static final int FRAGMENT_TEXT = 0x01;

    public static final int CHANNEL_IM = 0x0001;

    /** CLIENT_EVENT (mini typing notification) events. */
    public static final int EVENT_NONE = 0x0000;
    public static final int EVENT_TYPED = 0x0001;
    public static final int EVENT_TYPING = 0x0002;

    /** ERR codes. */
    public static final int ERR_RATE_TO_HOST = 0x0002;
    public static final int ERR_RATE_TO_CLIENT = 0x0003;
    public static final int ERR_NOT_LOGGED_ON = 0x0004;
  }

  public static final class Feedbag {
    private Feedbag() {}

    public static final int FAMILY = 0x0013;
    public static final int RIGHTS_QUERY = 0x0002;
    public static final int RIGHTS_REPLY = 0x0003;
    public static final int QUERY = 0x0004;
    public static final int REPLY = 0x0006;
    public static final int USE = 0x0007;
    public static final int INSERT_ITEM = 0x0008;
    public static final int UPDATE_ITEM = 0x0009;
    public static final int DELETE_ITEM = 0x000A;
    public static final int STATUS = 0x000E;
    public static final int START_CLUSTER = 0x0011;
    public static final int END_CLUSTER = 0x0012;
    public static final int REQUEST_AUTHORIZE_TO_HOST = 0x0018;
    public static final int REQUEST_AUTHORIZE_TO_CLIENT = 0x0019;
    public static final int RESPOND_AUTHORIZE_TO_HOST = 0x001A;
    public static final int RESPOND_AUTHORIZE_TO_CLIENT = 0x001B;

    public static final int CLASS_BUDDY = 0x0000;
    public static final int CLASS_GROUP = 0x0001;

    public static final int TLV_ORDER = 0x00C8;
    public static final int TLV_PENDING_AUTH = 0x0066;
    public static final int TLV_ALIAS = 0x0131;

    public static final int STATUS_OK = 0x0000;
    public static final int STATUS_NOT_FOUND = 0x0002;
    public static final int STATUS_EXISTS = 0x0003;
    public static final int STATUS_AUTH_REQUIRED = 0x000E;
  }

  /** ICQ's own service: requests and replies in a little-endian "meta" block inside TLV 1. */
  public static final class Icq {
    private Icq() {}

    public static final int FAMILY = 0x0015;
    public static final int DB_QUERY = 0x0002;
    public static final int DB_REPLY = 0x0003;
    public static final int TLV_META = 0x0001;

    public static final int OFFLINE_REQUEST = 0x003C;
    public static final int OFFLINE_DELETE = 0x003E;
    public static final int OFFLINE_MESSAGE = 0x0041;
    public static final int OFFLINE_DONE = 0x0042;
  }

  public static final class Bucp {
    private Bucp() {}

    public static final int FAMILY = 0x0017;
    public static final int ERR = 0x0001;
    public static final int LOGIN_REQUEST = 0x0002;
    public static final int LOGIN_RESPONSE = 0x0003;
    public static final int CHALLENGE_REQUEST = 0x0006;
    public static final int CHALLENGE_RESPONSE = 0x0007;
  }

  /** TLVs of the sign-on exchange (FLAP channels 1 and 4, and BUCP). */
  public static final class Login {
    private Login() {}

    public static final int TLV_SCREEN_NAME = 0x0001;
    public static final int TLV_ROASTED_PASSWORD = 0x0002;
    public static final int TLV_CLIENT_NAME = 0x0003;
    public static final int TLV_ERROR_URL = 0x0004;
    public static final int TLV_BOS_ADDRESS = 0x0005;
    public static final int TLV_COOKIE = 0x0006;
    public static final int TLV_ERROR_CODE = 0x0008;
    public static final int TLV_DISCONNECT_REASON = 0x0009;
    public static final int TLV_PASSWORD_HASH = 0x0025;
    public static final int TLV_STRONG_HASH = 0x004C;

    public static final int ERR_INVALID_NAME = 0x0001;
    public static final int ERR_BAD_PASSWORD = 0x0004;
    public static final int ERR_BAD_PASSWORD_2 = 0x0005;
    public static final int ERR_NO_SUCH_ACCOUNT = 0x0007;
    public static final int ERR_SUSPENDED = 0x0011;
    public static final int ERR_RATE_LIMITED = 0x0018;
    public static final int ERR_RATE_LIMITED_2 = 0x001D;

    /** Disconnect reason: the account signed on from another place. */
    public static final int REASON_SIGNED_ON_ELSEWHERE = 0x0001;
  }
}
