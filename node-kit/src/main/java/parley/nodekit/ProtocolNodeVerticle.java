package parley.nodekit;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.ShardRouter;
import parley.boot.LogContext;
import parley.boot.Monitoring;
import parley.boot.ParleyConfig;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;
import parley.contract.ParleyException;
import parley.contract.Shards;
import parley.contract.node.ArchiveSynced;
import parley.contract.node.Connected;
import parley.contract.node.MoveAsked;
import parley.contract.node.Pong;
import parley.contract.nodes.NodeDrainStarted;

/**
 * The protocol-node part of the bus contract, the same for every network: {@code connect} on the
 * network's shared address, every other command on this node's own address, the accounts it holds.
 * A network's node supplies how to open an account and how to carry out its commands.
 */
public abstract class ProtocolNodeVerticle<A extends NodeAccount> extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ProtocolNodeVerticle.class);

  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, A> accounts = new LinkedHashMap<>();
  private NodeStatusReporter status;
  /** The {@link #tcpClient}, when the node made one. */
  private NetClient tcp;
  private NetworkAdvertiser advertiser;
  private NodeMeters meters;
  private ShardRouter events;
  /** Numbers this node's events ({@code "eventId": "<nodeId>:<n>"}). */
  private long eventCount;
  /** The consumer of the network's connect address; unregistered when the node drains. */
  private MessageConsumer<Object> connect;
  /** Each held account's events, so that a drain can ask the account's session to move it. */
  private final Map<String, NodeEvents> accountEvents = new LinkedHashMap<>();
  /** Set by an admin's drain (never cleared): no new accounts, the held ones move away one at a time. */
  private boolean draining;
  /** The account whose move was asked last, while the node waits for it to go; null when none is. */
  private String moving;
  private long movingTimer = -1;
  /** Accounts asked to move in this round of the drain; a round ends when every held one was asked. */
  private final java.util.Set<String> askedThisRound = new java.util.HashSet<>();

  public String nodeId() {
    return nodeId;
  }

  /** The network this node speaks ({@link parley.contract.Network}): its descriptor's. */
  protected String network() {
    return descriptor().network();
  }

  /** What this node's network is and can do (published by {@link NetworkAdvertiser}); one per node module. */
  protected abstract NetworkDescriptor descriptor();

  /** Reads configuration and makes what the accounts share; runs before the node takes commands. */
  protected abstract void setUp();

  /** Frees what {@link #setUp()} made, after every account is closed (the {@link #tcpClient} is closed after it). */
  protected Future<?> tearDown() {
    return Future.succeededFuture();
  }

  /** This node's configuration section ({@code <network>.*}), empty when there is none. */
  protected final JsonObject section() {
    return ParleyConfig.section(config(), network());
  }

  /**
   * The one TCP client all of this node's connections share (made in {@link #setUp()}): the
   * network's connect timeout, keep-alive so that a dead peer is noticed; closed when the node stops.
   */
  protected final NetClient tcpClient(int connectTimeoutSeconds) {
    if (tcp != null) {
      throw new IllegalStateException("the node's TCP client is made once");
    }
    tcp = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(connectTimeoutSeconds * 1000)
        .setTcpKeepAlive(true));
    return tcp;
  }

  /** {@code <network>.trustedCertificate}: the PEM file to trust instead of the JVM's authorities, or null for theirs. */
  protected static PemTrustOptions trusting(String pemFile) {
    return pemFile == null ? null : new PemTrustOptions().addCertPath(pemFile);
  }

  /** Events held for session shards without an owner, when {@code <network>.shardBufferSize} is not set. */
  public static final int DEFAULT_SHARD_BUFFER_SIZE = 10_000;
  /** Events held for one such shard, when {@code <network>.shardBufferPerShard} is not set. */
  public static final int DEFAULT_SHARD_BUFFER_PER_SHARD = 1_000;

  /** Reply timeout of an event sent to a session shard; after it the event goes again. */
  private static final long EVENT_REPLY_TIMEOUT_MS = 10_000;

  /** How long a drain waits for one account to move before it asks the next (a login may be slow). */
  static final long MOVE_WAIT_MS = 30_000;
  /** After every held account was asked once, the next round of a drain starts this much later. */
  static final long ROUND_PAUSE_MS = 5_000;

  /** A new, not yet started account for a validated {@code connect} command. */
  protected abstract A open(JsonObject connect, NodeEvents events, Runnable onGone);

  /**
   * Validates and carries out one account command ({@code send-message}, {@code set-presence}, …).
   * {@code account} is null when this node does not hold it: validate first, then {@link #held}.
   */
  protected abstract Future<?> command(String type, JsonObject body, A account);

  @Override
  public Future<?> start() {
    setUp();
    status = new NodeStatusReporter(vertx, nodeId, network(), accounts::keySet);
    advertiser = new NetworkAdvertiser(vertx, descriptor());
    meters = new NodeMeters(Monitoring.meters(vertx), network(), nodeId);
    int shards = ParleyConfig.section(config(), "cluster").getInteger("shards", Shards.DEFAULT_COUNT);
    int bufferSize = section().getInteger("shardBufferSize", DEFAULT_SHARD_BUFFER_SIZE);
    int perShard = section().getInteger("shardBufferPerShard", DEFAULT_SHARD_BUFFER_PER_SHARD);
    events = new ShardRouter(vertx, shards, Headers.KIND_IM_EVENT, Addresses.SESSION_IM_EVENTS, bufferSize, perShard,
        EVENT_REPLY_TIMEOUT_MS, shard -> meters.eventDropped());
    events.onGapToFill(this::fillGaps).start();
    connect = vertx.eventBus().consumer(Addresses.nodeConnect(network()), this::onConnect);
    MessageConsumer<Object> own = vertx.eventBus().consumer(Addresses.node(nodeId), this::onCommand);
    // Ready to serve once both consumers are registered (and while they stay so; a draining node has let go of connect).
    Monitoring.ready(vertx, readinessName(), () -> (draining || connect.isRegistered()) && own.isRegistered(),
        "The " + network() + " node's event-bus consumers are not registered.");
    return Future.all(connect.completion(), own.completion())
        .onSuccess(v -> {
          log.info("{} node {} is ready", network(), nodeId);
          status.start();
          advertiser.start();
        });
  }

  /**
   * The owner of {@code shard} has taken what the node held for it after dropping some: each
   * account that lost events asks its IM server again, or the page hears they may be missed.
   */
  private void fillGaps(int shard) {
    accountEvents.forEach((accountId, e) -> {
      A account = accounts.get(accountId);
      if (account == null || !e.dropped() || Shards.of(e.userId(), shardCount()) != shard) {
        return;
      }
      String after = e.gapFilled();
      e.logContext().run(() -> events.fillingGap(() -> {
        log.warn("Account {}: events were dropped while its session shard {} had no owner; asking the IM server again",
            accountId, shard);
        if (!account.fillGap(after)) {
          e.send(ArchiveSynced.noArchive());
        }
      }));
    });
  }

  private int shardCount() {
    return ParleyConfig.section(config(), "cluster").getInteger("shards", Shards.DEFAULT_COUNT);
  }

  private String readinessName() {
    return network() + "-node-" + nodeId.substring(0, 8);
  }

  @Override
  public Future<?> stop() {
    if (status != null) {
      status.stop();
    }
    if (advertiser != null) {
      advertiser.stop();
    }
    vertx.cancelTimer(movingTimer);
    List<Future<Void>> closing = new ArrayList<>();
    for (A account : new ArrayList<>(accounts.values())) {
      closing.add(account.close(true));
    }
    accounts.clear();
    accountEvents.clear();
    Monitoring.unready(vertx, readinessName());
    meters.close();
    // Closing accounts send their last events; they go (or are lost with the node) before the router closes.
    return Future.join(closing).eventually(this::freeShared).eventually(() -> {
      events.close();
      return Future.succeededFuture();
    });
  }

  /** What the node's accounts shared: the network's {@link #tearDown()}, then the {@link #tcpClient}. */
  private Future<?> freeShared() {
    return tearDown().eventually(() -> tcp == null ? Future.succeededFuture() : tcp.close());
  }

  private void onConnect(Message<Object> message) {
    LogContext.of(null, message.body() instanceof JsonObject b ? b : null).withNode(nodeId).run(() -> handleConnect(message));
  }

  private void handleConnect(Message<Object> message) {
    try {
      JsonObject body = NodeFields.body(message.body());
      if (!NodeCommand.CONNECT.equals(body.getString("type"))) {
        throw FailureCode.UNKNOWN_TYPE.exception("Only 'connect' is accepted on this address.");
      }
      if (draining) {
        // The bus may still hand this node a connect for a moment after it let go of the address.
        throw FailureCode.NODE_DRAINING.exception("This " + network() + " node is being drained; the session tries another.");
      }
      String accountId = NodeFields.requireString(body, "accountId");
      String userId = NodeFields.requireString(body, "userId");
      String connectionId = NodeFields.optionalString(body, "connectionId", null);
      NodeEvents accountEvents = new NodeEvents(vertx.eventBus(), nodeId, userId, accountId, connectionId, status, meters,
          events, () -> nodeId + ":" + ++eventCount);
      List<A> holder = new ArrayList<>(1);
      A account = open(body, accountEvents, () -> {
        if (accounts.remove(accountId, holder.get(0))) {
          meters.gone(accountId);
          gone(accountId);
        }
      });
      holder.add(account);
      this.accountEvents.put(accountId, accountEvents);
      A old = accounts.put(accountId, account);
      if (old != null) {
        old.close(false);
      }
      meters.opened(accountId);
      message.reply(new Connected(nodeId).toJson());
      account.start();
    } catch (RuntimeException e) {
      replyFailure(message, e);
    }
  }

  private void onCommand(Message<Object> message) {
    LogContext.of(null, message.body() instanceof JsonObject b ? b : null).withNode(nodeId).run(() -> handleCommand(message));
  }

  private void handleCommand(Message<Object> message) {
    Future<?> result;
    try {
      result = dispatch(NodeFields.body(message.body()));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(LogContext.current().wrap(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result() instanceof JsonObject json ? json : new JsonObject());
      } else {
        replyFailure(message, ar.cause());
      }
    }));
  }

  private Future<?> dispatch(JsonObject body) {
    String type = body.getString("type");
    if (NodeCommand.DRAIN.equals(type)) {
      return drain();
    }
    if (NodeCommand.PING.equals(type)) {
      return Future.succeededFuture(new Pong(nodeId, List.copyOf(accounts.keySet())).toJson());
    }
    if (type == null || !isAccountCommand(type)) {
      throw FailureCode.UNKNOWN_TYPE.exception(type == null ? "The message has no type."
          : "Unknown message type '" + type + "' for this address.");
    }
    String accountId = NodeFields.requireString(body, "accountId");
    A account = accounts.get(accountId);
    if (NodeCommand.DISCONNECT.equals(type)) {
      if (account == null) {
        return Future.succeededFuture();
      }
      accounts.remove(accountId, account);
      meters.gone(accountId);
      Future<Void> closed = account.close(true);
      gone(accountId);
      return closed;
    }
    if (NodeCommand.RESYNC.equals(type)) {
      held(account).resync();
      return Future.succeededFuture();
    }
    Future<?> done = command(type, body, account);
    return NodeCommand.SEND_MESSAGE.equals(type) ? done.onSuccess(v -> meters.messageOut()) : done;
  }

  /**
   * An admin's drain: the connect address is let go of (the bus sends new accounts to the other
   * nodes), the status says so at once, and the held accounts are asked to move one at a time.
   */
  private Future<?> drain() {
    if (draining) {
      throw FailureCode.INVALID_FIELD.exception("This " + network() + " node is being drained already; "
          + accounts.size() + " account(s) left to move.");
    }
    draining = true;
    log.info("{} node {} is draining: it takes no new accounts and hands its {} account(s) to other nodes",
        network(), nodeId, accounts.size());
    return connect.unregister().map(v -> {
      status.draining();
      drainNext();
      return new NodeDrainStarted(nodeId, accounts.size()).toJson();
    });
  }

  /**
   * Asks the session of the next held account to move it elsewhere, and waits until it has gone
   * (the session disconnects it here once the new connection is up) or {@link #MOVE_WAIT_MS} passed.
   */
  private void drainNext() {
    if (!draining || moving != null) {
      return;
    }
    accountEvents.keySet().retainAll(accounts.keySet());
    if (accounts.isEmpty()) {
      log.info("{} node {} is drained: it holds no account and may be stopped", network(), nodeId);
      status.changed();
      return;
    }
    askedThisRound.retainAll(accounts.keySet());
    String next = accounts.keySet().stream().filter(id -> !askedThisRound.contains(id)).findFirst().orElse(null);
    if (next == null) {
      // Every account was asked once and some did not move (their IM server refused the second
      // login, say): another round a little later.
      askedThisRound.clear();
      moving = "";
      movingTimer = vertx.setTimer(ROUND_PAUSE_MS, id -> {
        moving = null;
        drainNext();
      });
      return;
    }
    askedThisRound.add(next);
    moving = next;
    accounts.get(next).moving();
    accountEvents.get(next).send(new MoveAsked());
    movingTimer = vertx.setTimer(MOVE_WAIT_MS, id -> {
      log.info("Account {} did not move from draining node {} within {} ms; asking the next", next, nodeId, MOVE_WAIT_MS);
      moving = null;
      drainNext();
    });
  }

  /** An account left this node (moved, disconnected or failed for good): a drain goes on with the next. */
  private void gone(String accountId) {
    accountEvents.remove(accountId);
    if (draining) {
      status.changed();
      if (accountId.equals(moving)) {
        vertx.cancelTimer(movingTimer);
        moving = null;
        drainNext();
      }
    }
  }

  private static boolean isAccountCommand(String type) {
    return switch (type) {
      case NodeCommand.DISCONNECT, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING, NodeCommand.SET_PRESENCE,
          NodeCommand.ADD_CONTACT, NodeCommand.REMOVE_CONTACT, NodeCommand.ANSWER_SUBSCRIPTION,
          NodeCommand.ARCHIVE_QUERY, NodeCommand.RESYNC -> true;
      // Only a network that reports marker ids gets it; another answers UNKNOWN_TYPE.
      case NodeCommand.SEND_DISPLAYED, NodeCommand.SEND_CORRECTION, NodeCommand.SEND_RETRACTION -> true;
      // Only a network with a file upload service (XMPP: XEP-0363) answers it; another answers UNKNOWN_TYPE.
      case NodeCommand.UPLOAD_SLOT -> true;
      case NodeCommand.BLOCK, NodeCommand.UNBLOCK -> true;
      case NodeCommand.SET_AVATAR -> true;
      // Only a network with group chats (XMPP: XEP-0045) answers them; another answers UNKNOWN_TYPE.
      case NodeCommand.JOIN_ROOM, NodeCommand.LEAVE_ROOM, NodeCommand.SEND_ROOM_MESSAGE, NodeCommand.SET_ROOM_SUBJECT,
          NodeCommand.INVITE_TO_ROOM, NodeCommand.DECLINE_INVITATION, NodeCommand.SET_BOOKMARK, NodeCommand.REMOVE_BOOKMARK,
          NodeCommand.ROOM_ARCHIVE_QUERY -> true;
      default -> false;
    };
  }

  /** The account, or {@code NOT_CONNECTED} when this node does not hold it. */
  protected static <T> T held(T account) {
    if (account == null) {
      throw FailureCode.NOT_CONNECTED.exception(null);
    }
    return account;
  }

  private static void replyFailure(Message<?> message, Throwable cause) {
    if (!(cause instanceof ParleyException)) {
      log.warn("Command failed", cause);
    }
    FailureCode.replyTo(message, cause);
  }
}
