package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Capability;
import parley.contract.ParleyException;
import parley.contract.node.Connect;
import parley.contract.node.Connected;
import parley.contract.node.Disconnect;
import parley.contract.node.Failure;
import parley.contract.node.NodeCommandBody;
import parley.contract.node.Ping;
import parley.contract.node.Pong;
import parley.contract.node.Resync;
import parley.contract.browser.AccountStateEvent;
import parley.contract.browser.ArchiveGapEvent;

/**
 * The session's side of the protocol-node contract: asks a node to hold an account's
 * connection, sends it commands, and notices when a node has gone away.
 */
final class NodeLink {
  private static final Logger log = LoggerFactory.getLogger(NodeLink.class);

  private final Vertx vertx;
  private final EventBus bus;
  private final CredentialCipher cipher;
  private final DeliveryOptions requestOptions;
  /** A connect: answered at once by a node (before its login), so it waits less than other requests. */
  private final DeliveryOptions connectOptions;
  private final UserStateStore state;
  /** Commands sent and not answered yet, by node, with the account's login for the words. */
  private final Map<String, Map<Promise<JsonObject>, String>> inFlight = new ConcurrentHashMap<>();

  private final Networks networks;

  NodeLink(Vertx vertx, CredentialCipher cipher, UserStateStore state, long requestTimeoutMs, Networks networks) {
    this.networks = networks;
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.cipher = cipher;
    this.state = state;
    this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeoutMs);
    this.connectOptions = new DeliveryOptions().setSendTimeout(Math.min(requestTimeoutMs, CONNECT_ANSWER_TIMEOUT_MS));
  }

  /** Hands the account to one node of its network; progress arrives as connection-state events. */
  void connect(UserSession user, AccountSession a) {
    connect(user, a, ConnectionState.CONNECTING, null);
  }

  /**
   * The node holding the account was lost with its process: the account connects again through
   * another node (the usual connect, so the XMPP archive catch-up fills the gap), shown as
   * reconnecting meanwhile. Where no archive can fill it (OSCAR), the page says messages may
   * have been missed (a network without an ARCHIVE capability); an XMPP server without an archive makes the node's catch-up say so.
   */
  void reconnectLost(UserSession user, AccountSession a) {
    log.info("Node {} holding account {} was lost; reconnecting it through another node", a.nodeId, a.id());
    a.nodeId = null;
    connect(user, a, ConnectionState.RECONNECTING, Failure.of(FailureCode.IM_CONNECTION_LOST, NODE_LOST_TEXT));
    if (!networks.can(a, Capability.ARCHIVE)) {
      user.events.publish(new ArchiveGapEvent(a.id(), ArchiveGapEvent.NODE_LOST, NODE_LOST_GAP_TEXT.formatted(a.account.login())));
    }
  }

  static final String NODE_LOST_TEXT = "The Parley server holding this account stopped; reconnecting through another.";
  static final String NODE_LOST_GAP_TEXT = "The Parley server holding %s stopped; messages sent to you until it "
      + "reconnected may have been missed.";

  /**
   * The {@code lost} nodes' processes left the cluster: commands still waiting for their answer are
   * answered now ({@link FailureCode#NODE_LOST}), not after the request timeout. Each may have
   * reached the IM server before the node died, so the words say it may or may not have been done
   * and nothing is sent again.
   */
  void nodesGone(java.util.Collection<String> lost) {
    for (String nodeId : lost) {
      gone.put(nodeId, Boolean.TRUE);
      Map<Promise<JsonObject>, String> waiting = inFlight.remove(nodeId);
      if (waiting != null) {
        waiting.forEach((answer, login) -> answer.tryFail(FailureCode.NODE_LOST.exception(NODE_GONE_TEXT.formatted(login))));
      }
    }
  }

  /**
   * Nodes whose process left the cluster (the latest {@value #GONE_KEPT}): until their accounts
   * reconnect elsewhere, a command for one is refused at once instead of being sent to the dead
   * node, where the bus would drop it and the request wait its whole timeout.
   */
  private final Map<String, Boolean> gone = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > GONE_KEPT;
        }
      });
  private static final int GONE_KEPT = 1_000;

  static final String NODE_REPLACED_TEXT = "The Parley server holding %s stopped; the account reconnects through another server.";

  static final String NODE_GONE_TEXT = "The Parley server holding %s stopped before it answered, so this may or may not have"
      + " been done; the account reconnects through another server.";

  /** Accounts of loaded users held by any of the {@code lost} nodes reconnect through other nodes. */
  void nodesLost(java.util.Collection<String> lost, Iterable<UserSession> users) {
    if (lost.isEmpty()) {
      return;
    }
    users.forEach(u -> u.accounts.values().forEach(a -> {
      if (a.nodeId != null && lost.contains(a.nodeId) && a.active()) {
        reconnectLost(u, a);
      }
    }));
  }

  private void connect(UserSession user, AccountSession a, String shownState, Failure shownError) {
    JsonObject command = connectCommand(user, a);
    if (command == null) {
      return;
    }
    dropMove(a);
    a.nodeId = null;
    a.opened = true;
    a.connectionId = command.getString("connectionId");
    int attempt = ++a.connectAttempt;
    setState(user, a, shownState, shownError);
    requestConnect(user, a, command, attempt);
    moveSettled(a);
  }

  private void requestConnect(UserSession user, AccountSession a, JsonObject command, int attempt) {
    ImAccount acc = a.account;
    // No node holds the account yet: a node that took an unanswered try may have reported already (ImEvents).
    BooleanSupplier waiting = () -> attempt == a.connectAttempt && a.active() && a.nodeId == null && user.accounts.get(acc.id()) == a;
    askNode(a, command, waiting)
        .onSuccess(nodeId -> {
          if (waiting.getAsBoolean()) {
            a.nodeId = nodeId;
            recordNode(user, a);
          } else {
            // Disconnected or replaced while the node was answering, or another connection holds the account.
            letGoUnlessHeld(a, nodeId);
          }
        })
        .onFailure(err -> {
          if (!waiting.getAsBoolean()) {
            return;
          }
          if (err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
            setState(user, a, ConnectionState.FAILED, Failure.of(FailureCode.NO_PROTOCOL_NODE,
                "No " + acc.network().toUpperCase() + " server node is running right now. Parley will try again when you reconnect."));
          } else if (unanswered(err)) {
            setState(user, a, ConnectionState.FAILED, Failure.of(FailureCode.IM_UNREACHABLE, UNANSWERED_TEXT.formatted(
                acc.network().toUpperCase(), UNANSWERED_RETRIES + 1)));
          } else {
            setState(user, a, ConnectionState.FAILED, connectFailure(err));
          }
        });
  }

  static final String UNANSWERED_TEXT = "No %s server node answered Parley's %d requests to connect this account."
      + " Parley will try again when you reconnect.";

  /**
   * A node answered a connect the account does not wait for any more. A node holds one connection
   * per account, so the account's own node keeps it (a later try that reached the same node
   * replaced the earlier one there). While a try is still out and no node is known yet, the
   * connection is judged when it reports (ImEvents closes one reporting connected from a node that
   * is not the account's): closed now, it might be where that try lands.
   */
  private void letGoUnlessHeld(AccountSession a, String nodeId) {
    if (nodeId.equals(a.nodeId)) {
      return;
    }
    if (a.nodeId == null && a.active()) {
      a.strayPossible = true;
      return;
    }
    sendDisconnect(nodeId, a.id());
  }

  /**
   * Sends the account's connect to its network's address and answers the reply of the node that
   * took it (its id). The one rule for asking again, for a connect and a move's alike, while
   * {@code wanted} still holds: a draining node's refusal (it let go of the address a moment ago)
   * and a connect nobody answered (dropped by a process the bus still lists for the address but
   * that has no consumer for it, such as a node that died or let go a moment ago; none listed; or
   * too slow) are asked again, and the bus picks again. A node that took an unanswered try after
   * all holds a connection this process never heard of: it is closed when it reports
   * ({@link AccountSession#strayPossible}).
   */
  private Future<String> askNode(AccountSession a, JsonObject command, BooleanSupplier wanted) {
    Promise<Message<JsonObject>> answered = Promise.promise();
    askNode(a, command, wanted, 0, 0, answered);
    return answered.future().map(reply -> Connected.fromJson(reply.body()).nodeId());
  }

  private void askNode(AccountSession a, JsonObject command, BooleanSupplier wanted, int drainingRefusals,
      int unanswered, Promise<Message<JsonObject>> answered) {
    bus.<JsonObject>request(Addresses.nodeConnect(a.account.network()), command, connectOptions)
        .onSuccess(answered::complete)
        .onFailure(err -> {
          if (!wanted.getAsBoolean()) {
            answered.fail(err);
          } else if (drainingNode(err) && drainingRefusals < DRAINING_RETRIES) {
            vertx.setTimer(DRAINING_RETRY_MS, t -> askNode(a, command, wanted, drainingRefusals + 1, unanswered, answered));
          } else if (unanswered(err) && unanswered < UNANSWERED_RETRIES) {
            log.info("Account {}: no node answered its connect ({}); asking again", a.id(), err.getMessage());
            a.strayPossible = true;
            vertx.setTimer(DRAINING_RETRY_MS, t -> askNode(a, command, wanted, drainingRefusals, unanswered + 1, answered));
          } else {
            answered.fail(err);
          }
        });
  }

  /** A node refused a connect because it is draining (it may still be listed on the bus for a moment). */
  private static boolean drainingNode(Throwable err) {
    return err instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && r.failureCode() == FailureCode.NODE_DRAINING.code();
  }

  static final int DRAINING_RETRIES = 10;
  static final long DRAINING_RETRY_MS = 300;

  /**
   * A connect not answered within this is taken as dropped and asked again: a node answers at once,
   * before it logs in, so this is short, and a lost node's accounts are asked for again elsewhere
   * within seconds (issue 11's goal: back within 5 s).
   */
  static final long CONNECT_ANSWER_TIMEOUT_MS = 3_000;
  /** How many times an unanswered connect is asked again before the account fails (a move: is given up, the old connection stays). */
  static final int UNANSWERED_RETRIES = 3;

  /** No answer: dropped by a process without a consumer for the address, none listed, or too slow. */
  private static boolean unanswered(Throwable err) {
    return err instanceof ReplyException r
        && (r.failureType() == ReplyFailure.TIMEOUT || r.failureType() == ReplyFailure.NO_HANDLERS);
  }

  /** The connect command for the account, naming a new connection, or null (and the account failed, in words) when its password cannot be read. */
  private JsonObject connectCommand(UserSession user, AccountSession a) {
    ImAccount acc = a.account;
    String password;
    try {
      password = cipher.decrypt(acc.secret(), acc.id());
    } catch (GeneralSecurityException e) {
      log.error("Stored IM password of account {} cannot be decrypted (was the credential key changed?)", acc.id());
      setState(user, a, ConnectionState.FAILED, Failure.of(FailureCode.INTERNAL,
          "The stored password of this account cannot be read. Edit the account and enter the password again."));
      return null;
    }
    return message(new Connect(acc.login(), password, acc.host(), acc.port(), acc.tls(), user.ownPresence, a.archiveId),
        acc.id()).put("userId", user.userId).put("connectionId", UUID.randomUUID().toString());
  }

  /**
   * A draining node asked to move the account: a second connection is made through another node
   * while this one stays up and keeps serving (the page sees no change of state). {@link ImEvents}
   * switches over when the new one reports connected; {@code failed} runs when no new one comes.
   */
  void move(UserSession user, AccountSession a, Runnable failed) {
    String from = a.nodeId;
    // Not asking a.active(): a user loaded by this very event has not heard its node's state yet.
    if (from == null || a.moving || user.gone) {
      return;
    }
    JsonObject command = connectCommand(user, a);
    if (command == null) {
      return;
    }
    log.info("Moving account {} from draining node {} to another node", a.id(), from);
    a.moving = true;
    a.movingTo = null;
    requestMove(user, a, command, a.connectAttempt, from, failed);
  }

  private void requestMove(UserSession user, AccountSession a, JsonObject command, int attempt, String from, Runnable failed) {
    // Not asked again once the user's shard went to another process (or the user was unloaded): the move is theirs now.
    BooleanSupplier wanted = () -> !user.gone && attempt == a.connectAttempt && a.moving && from.equals(a.nodeId);
    askNode(a, command, wanted)
        .onSuccess(to -> {
          if (user.gone) {
            // Made after the shard went to another process: the new owner hears from this connection
            // and keeps it (the draining node's is closed), as a move it did not know of.
            return;
          }
          if (wanted.getAsBoolean() && !from.equals(to)) {
            a.movingTo = to;
          } else {
            // Not the connection the account was switched to already (ImEvents#secondConnection): let go of it.
            letGoUnlessHeld(a, to);
          }
        })
        .onFailure(err -> {
          if (wanted.getAsBoolean()) {
            log.warn("Account {} could not move from node {}: {}", a.id(), from, err.getMessage());
            failed.run();
          }
        });
  }

  /** Lets go of a move under way (the new connection, if any), as when the account is disconnected or reconnected. */
  void dropMove(AccountSession a) {
    if (a.movingTo != null) {
      sendDisconnect(a.movingTo, a.id());
    }
    if (a.movedFrom != null) {
      sendDisconnect(a.movedFrom, a.id());
    }
    a.moving = false;
    a.movingTo = null;
    a.movedFrom = null;
    a.heldBack = null;
    a.strayPossible = false;
  }

  /** After a move: closes the connection on the node the account moved from. */
  void letGo(String nodeId, AccountSession a) {
    sendDisconnect(nodeId, a.id());
  }

  /** Closes the connection (if a node holds it) and marks the account disconnected. */
  void disconnect(UserSession user, AccountSession a) {
    dropMove(a);
    boolean held = a.nodeId != null;
    if (held) {
      sendDisconnect(a.nodeId, a.id());
    }
    // A connect still waiting for its reply is let go when the reply comes (see connect).
    a.connectAttempt++;
    a.nodeId = null;
    if (held) {
      recordNode(user, a);
    }
    a.presence.clear();
    setState(user, a, ConnectionState.DISCONNECTED, null);
    moveSettled(a);
  }

  private void sendDisconnect(String nodeId, String accountId) {
    bus.request(Addresses.node(nodeId), message(new Disconnect(), accountId),
        requestOptions).onFailure(err -> log.debug("Disconnect of {} not confirmed: {}", accountId, err.getMessage()));
  }

  /**
   * Stores which node holds the account now ({@code a.nodeId}, null for none), in the user's
   * order, so a later owner of the user's shard knows where the connection is.
   */
  void recordNode(UserSession user, AccountSession a) {
    if (user.fence == null) {
      return;
    }
    String nodeId = a.nodeId;
    user.inOrder(() -> state.setNode(user.fence, a.id(), nodeId))
        .onFailure(err -> log.warn("Node of account {} not recorded: {}", a.id(), err.getMessage()));
  }

  /**
   * Asks the node holding a connection this process did not open to report it again (its state,
   * roster and presence), once per node.
   */
  void resync(UserSession user, AccountSession a) {
    String nodeId = a.nodeId;
    if (nodeId == null || nodeId.equals(a.resyncAsked)) {
      return;
    }
    a.resyncAsked = nodeId;
    bus.request(Addresses.node(nodeId), message(new Resync(), a.id()),
        requestOptions).onFailure(err -> {
          if (err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
              && nodeId.equals(a.nodeId) && a.active() && !user.gone) {
            // Nobody in the cluster answers for that node any more (lost before this process knew of it).
            reconnectLost(user, a);
            return;
          }
          log.debug("Node {} did not answer the resync of account {} ({}); the node check reconnects it if the node is gone",
              nodeId, a.id(), err.getMessage());
        });
  }

  /** A typed command to the node holding the account. */
  Future<JsonObject> command(AccountSession a, NodeCommandBody command) {
    return command(a, command.type(), command.toJson());
  }

  /** A command as it goes on the bus: its body with the envelope, {@code type} and (for an account's) {@code accountId}. */
  static JsonObject message(NodeCommandBody command, String accountId) {
    JsonObject json = command.toJson().put("type", command.type());
    return accountId == null ? json : json.put("accountId", accountId);
  }

  Future<JsonObject> command(AccountSession a, String type, JsonObject body) {
    if (a.moving && a.heldBack != null) {
      // A move's new sign-on ended the old connection (OSCAR: one at a time) and the new one is not
      // up yet: the old node no longer holds the account, so the command waits for the switch.
      return moveSettles(a).compose(v -> send(a, type, body));
    }
    return send(a, type, body);
  }

  /**
   * Completes when the move under way settles ({@link #moveSettled}: switched over, failed or
   * dropped), or after {@value #MOVE_WAIT_MS} ms; the commands waiting go on in the order they came.
   */
  private Future<Void> moveSettles(AccountSession a) {
    if (a.moveSettles == null) {
      Promise<Void> settles = Promise.promise();
      a.moveSettles = settles;
      long timer = vertx.setTimer(MOVE_WAIT_MS, t -> {
        if (a.moveSettles == settles) {
          log.info("Account {}: its move did not settle within {} ms; the waiting commands go on", a.id(), MOVE_WAIT_MS);
          moveSettled(a);
        }
      });
      settles.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
    return a.moveSettles.future();
  }

  /** The account's move settled: the commands waiting for it go to the account's node as it is now. */
  void moveSettled(AccountSession a) {
    Promise<Void> settles = a.moveSettles;
    a.moveSettles = null;
    if (settles != null) {
      settles.complete();
    }
  }

  /** How long a command waits for a move whose old connection already ended (the new one signs on within a second). */
  static final long MOVE_WAIT_MS = 3_000;

  private Future<JsonObject> send(AccountSession a, String type, JsonObject body) {
    ParleyException notConnected = notConnected(a);
    if (notConnected != null) {
      return Future.failedFuture(notConnected);
    }
    JsonObject command = body.copy().put("type", type).put("accountId", a.id());
    String nodeId = a.nodeId;
    if (gone.containsKey(nodeId)) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(NODE_REPLACED_TEXT.formatted(a.account.login())));
    }
    Promise<JsonObject> answer = Promise.promise();
    // Kept until answered, so that the node's loss can answer it at once (nodesGone).
    Map<Promise<JsonObject>, String> waiting = inFlight.computeIfAbsent(nodeId, k -> new ConcurrentHashMap<>());
    waiting.put(answer, a.account.login());
    bus.<JsonObject>request(Addresses.node(nodeId), command, requestOptions)
        .map(Message::body)
        .recover(err -> Future.failedFuture(err instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? FailureCode.of(r.failureCode()).exception(r.getMessage())
            : FailureCode.NOT_CONNECTED.exception("The server holding " + a.account.login() + " did not answer; try again.")))
        .onComplete(ar -> {
          waiting.remove(answer);
          inFlight.computeIfPresent(nodeId, (k, m) -> m.isEmpty() ? null : m);
          // Already answered when the node was lost: a late answer changes nothing.
          if (ar.succeeded()) {
            answer.tryComplete(ar.result());
          } else {
            answer.tryFail(ar.cause());
          }
        });
    return answer.future();
  }

  /** Why a command cannot go to the account's node now, or null when it can. */
  static ParleyException notConnected(AccountSession a) {
    if (a.connected() && a.nodeId != null) {
      return null;
    }
    return FailureCode.NOT_CONNECTED.exception(
        "The account " + a.account.login() + " is not connected" + (a.active() ? " yet." : "."));
  }

  /** A failed command's reason, as it appears inside an event. */
  static Failure failure(Throwable err) {
    if (err instanceof ParleyException p) {
      return Failure.of(p.code(), p.getMessage());
    }
    if (err instanceof ReplyException r && r.failureCode() > 0) {
      return Failure.of(FailureCode.of(r.failureCode()), r.getMessage());
    }
    return Failure.of(FailureCode.INTERNAL, null);
  }

  /**
   * Pings every node that holds a connection of a loaded user; accounts on a node that does not
   * answer, or no longer holds them, are handed to another node.
   */
  void checkNodes(Iterable<UserSession> users) {
    Set<String> nodes = new HashSet<>();
    users.forEach(u -> u.accounts.values().forEach(a -> {
      if (a.nodeId != null) {
        nodes.add(a.nodeId);
      }
    }));
    for (String nodeId : nodes) {
      bus.<JsonObject>request(Addresses.node(nodeId), message(new Ping(), null), requestOptions)
          .map(reply -> Pong.fromJson(reply.body()))
          .onComplete(ar -> {
            // A node that did not answer, or answered nothing readable, holds none of them.
            Set<String> held = ar.succeeded() ? Set.copyOf(ar.result().accounts()) : Set.of();
            users.forEach(u -> u.accounts.values().forEach(a -> {
              if (nodeId.equals(a.nodeId) && a.active() && !held.contains(a.id())) {
                log.info("Node {} no longer holds account {}; reconnecting it", nodeId, a.id());
                connect(u, a);
              }
            }));
          });
    }
  }

  static void setState(UserSession user, AccountSession a, String state, Failure error) {
    setState(user, a, state, error, a.nodeId);
  }

  /** The account's state as the page shows it; a change is logged (at INFO: a chaos run's recoveries are read from the log). */
  static void setState(UserSession user, AccountSession a, String state, Failure error, String nodeId) {
    if (!state.equals(a.state)) {
      log.info("Account {}: {} -> {} (node {}){}", a.id(), a.state, state, nodeId,
          error == null ? "" : ": " + error.code() + " " + error.text());
    }
    a.state = state;
    a.error = error;
    user.events.publish(new AccountStateEvent(a.id(), state, error, a.features, a.uploadMaxBytes));
  }

  private static Failure connectFailure(Throwable err) {
    if (err instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return Failure.of(FailureCode.of(r.failureCode()), r.getMessage());
    }
    return Failure.of(FailureCode.IM_UNREACHABLE, "The server node did not answer in time; Parley will try again when you reconnect.");
  }
}
