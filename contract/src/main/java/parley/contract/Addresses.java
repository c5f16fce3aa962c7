package parley.contract;

/**
 * Every event-bus address Parley uses. Documented with examples in docs/bus-contract.md.
 * Only {@link #BROWSER_COMMANDS} and {@link #browserEvents(String)} are reachable through the bridge.
 */
public final class Addresses {
  private Addresses() {}

  /** Browser to session, request-reply. The bridge stamps {@link Headers#USER_ID}. */
  public static final String BROWSER_COMMANDS = "parley.browser.commands";

  /** Session to every attached browser of one user, publish. */
  public static final String BROWSER_EVENTS_PREFIX = "parley.browser.events.";

  /** Web to session: sign up, sign in, sign out. Request-reply. */
  public static final String SESSION_AUTH = "parley.session.auth";

  /** Web to session: a browser socket attached to or detached from a user's events. */
  public static final String SESSION_BROWSERS = "parley.session.browsers";

  /**
   * A user shard's session address ({@link Shards}): the one consumer of the session process that
   * owns the shard now. Browser commands, browser attachments and protocol-node events for the
   * shard's users, told apart by {@link Headers#KIND}; request-reply.
   */
  public static final String SESSION_SHARD_PREFIX = "parley.session.shard.";

  /** Session to every web process and protocol node, publish: a shard has a new owner ({@link ShardNotice}). */
  public static final String SESSION_SHARDS = "parley.session.shards";

  /** Protocol nodes to session: everything that happens on an IM connection. */
  public static final String SESSION_IM_EVENTS = "parley.session.im-events";

  /** Session to any one node of a network: take a new connection. Round-robin over nodes. */
  public static final String NODE_CONNECT_PREFIX = "parley.node.connect.";

  /** Session to one node: commands for the connections it holds. */
  public static final String NODE_PREFIX = "parley.node.id.";

  /** Browser to billing, request-reply: the signed-in user's own usage, ledger and statements. Stamped like commands. */
  public static final String BROWSER_BILLING = "parley.browser.billing";

  /** Browser to billing, request-reply: the admin API. The bridge lets only admin sockets send here. */
  public static final String BROWSER_ADMIN = "parley.browser.admin";

  /** Session to billing, request-reply: a batch of usage records; the reply acknowledges their ids. */
  public static final String BILLING_USAGE = "parley.billing.usage";

  /** Session to billing, request-reply: may this user send right now (asked when a user is loaded). */
  public static final String BILLING_ALLOWANCE = "parley.billing.allowance";

  /** Billing to session, publish: a user's allowance changed (quota or balance ran out, or was lifted). */
  public static final String SESSION_BILLING_STATUS = "parley.session.billing-status";

  /** Browser to session, request-reply: the protocol nodes for the admin page. The bridge lets only admin sockets send here. */
  public static final String BROWSER_ADMIN_NODES = "parley.browser.admin.nodes";

  /**
   * Protocol nodes to every session process, publish: each node's status, every {@link NodeStatus#INTERVAL_MS};
   * a session process that starts publishes {@link NodeStatus#NODE_STATUS_WANTED} here and hears every node's at once.
   */
  public static final String NODES_STATUS = "parley.nodes.status";

  /**
   * Protocol nodes to every session process, publish: each node's {@link NetworkDescriptor}, when it
   * starts and every {@link NodeStatus#INTERVAL_MS}; a session process that starts publishes
   * {@link NetworkDescriptor#WANTED} here and hears every node's at once.
   */
  public static final String NETWORKS = "parley.networks";

  /**
   * Session to session, request-reply: a session process starting asks a running one for the
   * network descriptors it knows ({@code {"networks": [descriptor, …]}}) before it takes users, as
   * the nodes' answers to its asks on {@link #NETWORKS} can miss it for a while.
   */
  public static final String SESSION_NETWORKS = "parley.session.networks";

  public static String browserEvents(String userId) {
    return BROWSER_EVENTS_PREFIX + userId;
  }

  public static String sessionShard(int shard) {
    return SESSION_SHARD_PREFIX + shard;
  }

  public static String nodeConnect(String network) {
    return NODE_CONNECT_PREFIX + network;
  }

  public static String node(String nodeId) {
    return NODE_PREFIX + nodeId;
  }
}
