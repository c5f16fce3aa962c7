package parley.boot;

import static parley.boot.Setting.integer;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a protocol node module: the ones every node has, declared here once (the
 * reconnect backoff and connect timeout of its connections, and the events node-kit holds for
 * session shards without an owner), around those only its network has. The backoff's start may
 * not exceed its cap: the configuration check refuses such a section with a sentence naming both.
 */
public abstract class NodeModuleSettings implements ModuleSettings {
  private static final long MAX_INT = Integer.MAX_VALUE;

  private final String section;

  /** {@code section}: the network's id, the name of its configuration section. */
  protected NodeModuleSettings(String section) {
    this.section = section;
  }

  /** The settings only this network has, named {@code <section>.<key>}. */
  protected abstract List<Setting> networkSettings();

  @Override
  public final List<Setting> settings() {
    List<Setting> all = new ArrayList<>(List.of(
        integer(section + ".reconnectMinSeconds", 1, MAX_INT).byDefault(1),
        integer(section + ".reconnectMaxSeconds", 1, MAX_INT).byDefault(60),
        integer(section + ".connectTimeoutSeconds", 1, MAX_INT).byDefault(15)));
    all.addAll(networkSettings());
    all.add(integer(section + ".shardBufferSize", 1, MAX_INT).byDefault(10_000));
    all.add(integer(section + ".shardBufferPerShard", 1, MAX_INT).byDefault(1_000));
    return List.copyOf(all);
  }

  /** The backoff's pair; a network with more pairs adds them to this list. */
  @Override
  public List<List<String>> notAbove() {
    return List.of(List.of(section + ".reconnectMinSeconds", section + ".reconnectMaxSeconds"));
  }
}
