package parley.session;

/**
 * One IM account of a user as stored; {@code secret} is the encrypted password, {@code archiveId}
 * the last id of the IM server's archive stored for it (null before the first).
 */
record ImAccount(String id, String userId, String network, String login, byte[] secret,
                 String host, Integer port, String tls, boolean autoConnect, String archiveId) {

  ImAccount(String id, String userId, String network, String login, byte[] secret,
            String host, Integer port, String tls, boolean autoConnect) {
    this(id, userId, network, login, secret, host, port, tls, autoConnect, null);
  }

  static final String TLS_REQUIRED = "required";
  static final String TLS_IF_OFFERED = "if-offered";

  ImAccount withAutoConnect(boolean value) {
    return new ImAccount(id, userId, network, login, secret, host, port, tls, value, archiveId);
  }
}
