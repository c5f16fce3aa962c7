package parley.session;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import parley.contract.ConnectionState;
import parley.contract.browser.AccountView;
import parley.contract.browser.ContactView;
import parley.contract.browser.OccupantView;
import parley.contract.browser.PresenceView;
import parley.contract.browser.RoomView;
import parley.contract.node.Contact;
import parley.contract.node.Failure;
import parley.contract.node.NodeEventEnvelope;

/** The live side of one IM account: connection state, the node that holds it, roster and presence. */
final class AccountSession {
  ImAccount account;
  String state = ConnectionState.DISCONNECTED;
  Failure error;
  /** The protocol node holding the connection, once it has answered. */
  String nodeId;
  /**
   * The id the account's connection was opened with (its connect's {@code connectionId}, which its
   * events carry), null while unknown (a connection opened by another process before it reported).
   * A node may hold a later connection of the account, so its node alone does not tell them apart.
   */
  String connectionId;
  /**
   * Whether this process opened the connection (sent the connect). A connection it did not open
   * (loaded from the database, or another session process opened it) is adopted when its node
   * reports, instead of its events being ignored.
   */
  boolean opened;
  /**
   * A drain's move under way (docs/bus-contract.md, "Draining a node"): the old connection on
   * {@link #nodeId} still serves; {@link #movingTo} is the node making the new one, once it answered.
   */
  boolean moving;
  String movingTo;
  /**
   * After a move switched over, or a second connection was found (ImEvents#secondConnection): the
   * node whose connection is being closed, until it reports it closed.
   */
  String movedFrom;
  /**
   * A connect (a move's or any other) went unanswered and was asked again, or was answered after
   * it was no longer waited for: a node that took it holds a connection this process does not
   * count as the account's, closed when it reports connected (ImEvents). Cleared by the next
   * connect or disconnect.
   */
  boolean strayPossible;
  /** A lost-connection state the old node reported during the move: applied if the move fails. */
  NodeEventEnvelope heldBack;
  /** Commands waiting while {@link #heldBack} is set, until the move settles (NodeLink#command); null when none wait. */
  Promise<Void> moveSettles;
  /** The node last asked to {@code resync} this account, so it is asked once. */
  String resyncAsked;
  /** Counts connects and disconnects, so a late answer to an old connect is recognised. */
  int connectAttempt;
  /** The last archive id stored for the account (the IM server's archive, XEP-0313); the next connect carries it. */
  String archiveId;
  final Map<String, Contact> contacts = new LinkedHashMap<>();
  final Map<String, PresenceView> presence = new LinkedHashMap<>();
  /**
   * The optional features the account's IM server offers ({@code archive}, {@code carbons},
   * {@code blocking}, {@code rooms}, {@code upload}) as its node said at the last login; null until a node said.
   */
  List<String> features;
  /** The largest file the server's upload service takes, as said with {@link #features}; null when it named none. */
  Long uploadMaxBytes;
  /** Whom the account blocks on its IM server (XEP-0191), as its node said last: in memory, it comes again after each login. */
  final Set<String> blocked = new LinkedHashSet<>();
  /**
   * Roster contacts' avatars (the node's {@code avatar} event: hash, mediaType, data), kept in memory
   * only: the contact JSON names the hash, the page fetches the image by {@code avatar.get}.
   */
  final Map<String, JsonObject> avatars = new LinkedHashMap<>();
  /** The group chats the account is in or was put out of, by room address (RoomChats): state, nick, role, subject. */
  final Map<String, RoomView> rooms = new LinkedHashMap<>();
  /** Each room's occupants by nickname, while the account is in it. */
  final Map<String, Map<String, OccupantView>> occupants = new LinkedHashMap<>();
  /** Invitations to rooms not answered yet, by room address, in memory only. */
  final Map<String, JsonObject> invitations = new LinkedHashMap<>();

  AccountSession(ImAccount account) {
    this.account = account;
    this.archiveId = account.archiveId();
  }

  String id() {
    return account.id();
  }

  boolean connected() {
    return ConnectionState.CONNECTED.equals(state);
  }

  /** Whether the connection is up or on its way up on some node. */
  boolean active() {
    return ConnectionState.CONNECTED.equals(state) || ConnectionState.CONNECTING.equals(state)
        || ConnectionState.RECONNECTING.equals(state);
  }

  /** The account as the page sees it (never its password). */
  AccountView view() {
    return new AccountView(account.id(), account.network(), account.login(), account.host(), account.port(),
        account.tls(), state, error, features, List.copyOf(blocked), uploadMaxBytes);
  }

  PresenceView presenceOf(String jid) {
    return presence.getOrDefault(jid, PresenceView.OFFLINE);
  }

  ContactView contactView(String jid) {
    JsonObject avatar = avatars.get(jid);
    return new ContactView(contacts.get(jid), id(), presenceOf(jid), avatar == null ? null : avatar.getString("hash"));
  }

  List<ContactView> contactViews() {
    List<ContactView> out = new ArrayList<>(contacts.size());
    contacts.keySet().forEach(jid -> out.add(contactView(jid)));
    return out;
  }
}
