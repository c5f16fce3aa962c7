package parley.session;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.Capability;
import parley.contract.FailureCode;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;

/**
 * The networks the protocol nodes describe (docs/bus-contract.md, "Network descriptors"): the one
 * place the session learns what a network is, what its addresses look like and what it can do.
 * Filled from {@link Addresses#NETWORKS}; a descriptor stays known once heard (an account on a
 * network whose nodes are all gone fails to connect in words, NO_PROTOCOL_NODE), and is replaced
 * when a node describes its network differently (a newer node).
 */
final class Networks {
  private static final Logger log = LoggerFactory.getLogger(Networks.class);
  /** Looking up stored history needs no rules: a peer no node checked finds nothing, and changes nothing. */
  private static final AddressRule LOOKUP = new AddressRule("Address", null, "[\\s\\S]+", "an address",
      NetworkDescriptor.NORMALIZE_NONE);

  private final Map<String, NetworkDescriptor> known = new ConcurrentHashMap<>();
  /** Told the whole list when it changed. */
  private final Consumer<List<NetworkDescriptor>> changed;
  /** The network of an {@code account.add} that names none (setting {@code session.defaultNetwork}). */
  private final String defaultNetwork;

  Networks(String defaultNetwork, Consumer<List<NetworkDescriptor>> changed) {
    this.defaultNetwork = defaultNetwork;
    this.changed = changed;
  }

  String defaultNetwork() {
    return defaultNetwork;
  }

  /** A message published to NETWORKS; a malformed descriptor is logged and ignored. */
  void apply(Object message) {
    if (!(message instanceof JsonObject body) || !NetworkDescriptor.TYPE.equals(body.getValue("type"))) {
      return;
    }
    NetworkDescriptor d;
    try {
      d = NetworkDescriptor.fromJson(body);
    } catch (IllegalArgumentException e) {
      log.warn("Ignored a network descriptor: {} {}", e.getMessage(), abbreviate(body.encode()));
      return;
    }
    NetworkDescriptor before = known.put(d.network(), d);
    if (!d.equals(before)) {
      log.info("Network {} ({}) described: {}", d.network(), d.label(), d.capabilities());
      changed.accept(all());
    }
  }

  /**
   * The descriptors a running session process knows ({@link #toJson()}), asked by this one as it
   * starts. What a node told this process itself stays; a malformed descriptor is logged and ignored.
   */
  void fromPeer(JsonArray descriptors) {
    boolean learned = false;
    for (Object o : descriptors) {
      try {
        NetworkDescriptor d = NetworkDescriptor.fromJson(o);
        if (known.putIfAbsent(d.network(), d) == null) {
          log.info("Network {} ({}) described by a running session process: {}", d.network(), d.label(), d.capabilities());
          learned = true;
        }
      } catch (IllegalArgumentException e) {
        log.warn("Ignored a network descriptor from a session process: {} {}", e.getMessage(), abbreviate(String.valueOf(o)));
      }
    }
    if (learned) {
      changed.accept(all());
    }
  }

  /** Every known descriptor, by network id. */
  List<NetworkDescriptor> all() {
    return List.copyOf(new TreeMap<>(known).values());
  }

  /** Every known descriptor, by network id: the page's {@code networks}. */
  JsonArray toJson() {
    return NetworkDescriptor.toJson(all());
  }

  /** The networks' connect addresses, for a lost node's consumers to be forgotten first. */
  List<String> connectAddresses() {
    return known.keySet().stream().sorted().map(Addresses::nodeConnect).toList();
  }

  /** The descriptor of {@code network}, or null when no node has described it. */
  NetworkDescriptor get(String network) {
    return network == null ? null : known.get(network);
  }

  /** The descriptor of {@code network}; UNKNOWN_NETWORK in words when no node has described it. */
  NetworkDescriptor describe(String network) {
    NetworkDescriptor d = get(network);
    if (d == null) {
      String offered = known.isEmpty() ? "none right now"
          : String.join(", ", new TreeMap<>(known).values().stream().map(n -> n.label() + " (" + n.network() + ")").toList());
      throw FailureCode.UNKNOWN_NETWORK.exception("No protocol node offers the network \"" + abbreviate(String.valueOf(network))
          + "\" right now, so Parley cannot check or connect its accounts. Networks offered: " + offered + ".");
    }
    return d;
  }

  NetworkDescriptor describe(AccountSession a) {
    return describe(a.account.network());
  }

  /** The rule of a contact's address on the account's network (a peer, a room, an invitee). */
  AddressRule contact(AccountSession a) {
    return describe(a).contact();
  }

  /** The rule of a group chat's address on the account's network: its descriptor's room rule, else its contact rule. */
  AddressRule room(AccountSession a) {
    return describe(a).roomRule();
  }

  /** Whether the account's network takes the node command {@code type} (false while no node described it). */
  boolean takes(AccountSession a, String type) {
    NetworkDescriptor d = get(a.account.network());
    return d != null && d.commands().contains(type);
  }

  /** The contact rule for looking stored history up: the network's, or none when no node described it yet. */
  AddressRule lookup(AccountSession a) {
    NetworkDescriptor d = get(a.account.network());
    return d == null ? LOOKUP : d.contact();
  }

  /** The account's network can do {@code capability}; NOT_SUPPORTED naming the network otherwise. */
  NetworkDescriptor require(AccountSession a, String capability) {
    NetworkDescriptor d = describe(a);
    if (!d.can(capability)) {
      throw FailureCode.NOT_SUPPORTED.exception(Capability.notSupported(capability, d.label()));
    }
    return d;
  }

  /** Whether the account's network is known to do {@code capability} (false while no node described it). */
  boolean can(AccountSession a, String capability) {
    NetworkDescriptor d = get(a.account.network());
    return d != null && d.can(capability);
  }

  /** Whether the account's network is known NOT to do {@code capability} (false while no node described it). */
  boolean cannot(AccountSession a, String capability) {
    NetworkDescriptor d = get(a.account.network());
    return d != null && !d.can(capability);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
