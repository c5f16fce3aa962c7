package parley.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the clustered event bus, from {@code cluster.tlsKey}, {@code cluster.tlsCertificate} and
 * {@code cluster.tlsTrust}: IM passwords and messages cross it between processes. Both ends
 * present a certificate the cluster's trust signed, so a process without one can neither send
 * nor receive. Hazelcast's own traffic (membership, maps) is not covered: see the README.
 */
public final class EventBusTls {
  private static final Logger log = LoggerFactory.getLogger(EventBusTls.class);

  static final String KEY = "cluster.tlsKey";
  static final String CERTIFICATE = "cluster.tlsCertificate";
  static final String TRUST = "cluster.tlsTrust";
  static final List<String> SETTINGS = List.of(KEY, CERTIFICATE, TRUST);

  static final String OPEN_WARNING = "The event bus between Parley processes is not encrypted and the cluster is not "
      + "on loopback: IM passwords and messages cross the network in clear. Set cluster.tlsKey, "
      + "cluster.tlsCertificate and cluster.tlsTrust (PARLEY_CLUSTER_TLS_KEY, PARLEY_CLUSTER_TLS_CERTIFICATE, "
      + "PARLEY_CLUSTER_TLS_TRUST) to PEM files of a cluster certificate, and keep the Hazelcast ports on a "
      + "private network (see README, \"Cluster traffic\").";

  private EventBusTls() {}

  /** Whether the three TLS settings are given (the configuration check refuses one or two of them). */
  public static boolean enabled(JsonObject config) {
    return SETTINGS.stream().allMatch(name -> Settings.value(config, name).isPresent());
  }

  /** The event bus options for this configuration: TLS with a required client certificate, or plain. */
  public static EventBusOptions options(JsonObject config) {
    EventBusOptions options = new EventBusOptions();
    if (!enabled(config)) {
      return options;
    }
    return options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setKeyPath(Settings.value(config, KEY).orElseThrow())
            .setCertPath(Settings.value(config, CERTIFICATE).orElseThrow()))
        .setTrustOptions(new PemTrustOptions().addCertPath(Settings.value(config, TRUST).orElseThrow()))
        // The event bus trusts every server certificate unless told not to.
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED);
  }

  /** The warning to log at start, when the cluster reaches past this machine and TLS is off. */
  public static Optional<String> warning(JsonObject config, Config hazelcast) {
    return enabled(config) || loopbackOnly(hazelcast) ? Optional.empty() : Optional.of(OPEN_WARNING);
  }

  public static void warnIfOpen(JsonObject config, Config hazelcast) {
    warning(config, hazelcast).ifPresent(log::warn);
  }

  /**
   * Whether Hazelcast binds only loopback interfaces and joins only loopback members: then the
   * event bus (which listens on Hazelcast's address) never leaves the machine.
   */
  static boolean loopbackOnly(Config hazelcast) {
    NetworkConfig network = hazelcast.getNetworkConfig();
    if (!network.getInterfaces().isEnabled() || network.getJoin().getMulticastConfig().isEnabled()) {
      return false;
    }
    List<String> hosts = new ArrayList<>(network.getInterfaces().getInterfaces());
    if (network.getPublicAddress() != null) {
      hosts.add(network.getPublicAddress());
    }
    if (network.getJoin().getTcpIpConfig().isEnabled()) {
      network.getJoin().getTcpIpConfig().getMembers().forEach(m -> hosts.add(hostOf(m)));
    }
    return !hosts.isEmpty() && hosts.stream().allMatch(EventBusTls::isLoopback);
  }

  /** The host of a member like {@code 10.0.0.5:5701}, {@code [::1]:5701} or {@code 127.0.0.1}. */
  private static String hostOf(String member) {
    String m = member.trim();
    if (m.startsWith("[")) {
      return m.substring(1, Math.max(1, m.indexOf(']')));
    }
    return m.indexOf(':') == m.lastIndexOf(':') && m.contains(":") ? m.substring(0, m.indexOf(':')) : m;
  }

  /** By the text alone: a name is not looked up, so anything but localhost counts as the network. */
  static boolean isLoopback(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }
}
