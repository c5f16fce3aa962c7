package parley.oscar.wire;

/**
 * OSERVICE's user info block, which presence and messages carry about a user: screen name,
 * warning level, and a counted list of TLVs (user class, idle time, status, ...).
 */
public record UserInfo(String screenName, int warningLevel, TlvBlock tlvs) {
  public static final int TLV_USER_CLASS = 0x0001;
  public static final int TLV_SIGNON_TIME = 0x0003;
  public static final int TLV_IDLE_MINUTES = 0x0004;
  public static final int TLV_ICQ_STATUS = 0x0006;

  /** User class flag: the user is away. */
  public static final int CLASS_AWAY = 0x0020;
  public static final int CLASS_ICQ = 0x0040;
  public static final int CLASS_AIM = 0x0010;

  public static UserInfo read(Reader r) {
    String name = r.string08("screen name");
    int warning = r.u16("warning level");
    int count = r.u16("user info TLV count");
    return new UserInfo(name, warning, TlvBlock.readCounted(r, count));
  }

  public void write(Writer w) {
    w.string08(screenName).u16(warningLevel).u16(tlvs.size()).tlvs(tlvs);
  }

  public boolean away() {
    return (userClass() & CLASS_AWAY) != 0;
  }

  /** The user class flags, 0 if absent; some servers send them as a u32, whose low word holds the same flags. */
  public int userClass() {
    Tlv t = tlvs.get(TLV_USER_CLASS);
    if (t == null) {
      return 0;
    }
    return t.value().length() >= 4 ? (int) (t.asU32() & 0xFFFF) : t.asU16();
  }

  /** Idle minutes, 0 if not idle. */
  public int idleMinutes() {
    Integer idle = tlvs.u16(TLV_IDLE_MINUTES);
    return idle == null ? 0 : idle;
  }

  /** ICQ status flags (low 16 bits of TLV 6), or null on AIM. */
  public Integer icqStatus() {
    Long status = tlvs.u32(TLV_ICQ_STATUS);
    return status == null ? null : (int) (status & 0xFFFF);
  }
}
