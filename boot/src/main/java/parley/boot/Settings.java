package parley.boot;


import static parley.boot.Setting.flag;
import static parley.boot.Setting.integer;
import static parley.boot.Setting.number;
import static parley.boot.Setting.numberAbove;
import static parley.boot.Setting.object;
import static parley.boot.Setting.oneOf;
import static parley.boot.Setting.text;
import static parley.boot.Setting.texts;
import static parley.boot.Setting.whole;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import parley.contract.Shards;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Every setting Parley knows, in one place: {@link ConfigCheck} refuses a configuration with any
 * other key, a value out of these bounds, or a rule below broken. A new setting is one line in
 * {@link #ALL} (and a line in the README's table); the verticles read their sections as before.
 * A protocol node module declares its own section through {@link ModuleSettings} instead (and its
 * README's table), so adding a network changes nothing here.
 */
public final class Settings {
  private Settings() {}

  private static final long MAX_INT = Integer.MAX_VALUE;
  private static final long MAX_LONG = Long.MAX_VALUE;

  public static final List<Setting> ALL = List.of(
      text("web.host").byDefault("0.0.0.0"),
      integer("web.port", 0, 65535).byDefault(8080),
      flag("web.secureCookies").byDefault(false),
      whole("web.sessionTimeoutHours", 1, MAX_INT).byDefault(168),
      numberAbove("web.commandsPerSecond", 0).byDefault(20),
      number("web.commandBurst", 1, Double.MAX_VALUE).byDefault(40),
      numberAbove("web.userCommandsPerSecond", 0).byDefault(40),
      number("web.userCommandBurst", 1, Double.MAX_VALUE).byDefault(80),
      integer("web.maxSocketsPerUser", 1, MAX_INT).byDefault(20),
      whole("web.socketQueueBytes", 1, MAX_LONG).byDefault(1_048_576),
      numberAbove("web.slowSocketSeconds", 0).byDefault(15),
      texts("web.publicOrigins"),
      flag("web.trustProxy").byDefault(false),
      flag("web.uploadToPrivateAddresses").byDefault(false),
      text("web.uploadTrustedCertificate"),

      whole("session.idleTimeoutSeconds", 1, MAX_INT).byDefault(300),
      integer("session.eventWindow", 1, MAX_INT).byDefault(5000),
      whole("session.storageRetryMs", 1, MAX_LONG).byDefault(1000),
      text("session.defaultNetwork").byDefault("xmpp"),
      whole("session.storageRetryMaxMs", 1, MAX_LONG).byDefault(15_000),
      integer("session.storageBufferSize", 1, MAX_INT).byDefault(10_000),
      integer("session.messageWritesInFlight", 1, MAX_INT),
      whole("session.maxWriteDelayMs", 1, MAX_LONG).byDefault(2000),
      whole("session.maxLoopLagMs", 1, MAX_LONG).byDefault(2000),
      text("session.credentialKey"),
      text("session.credentialKeyFile").byDefault("data/credential.key"),
      whole("session.nodeCheckSeconds", 1, MAX_INT).byDefault(15),
      whole("session.webNodeCheckSeconds", 1, MAX_INT).byDefault(5),
      whole("session.nodeRequestTimeoutMs", 1, MAX_LONG).byDefault(10_000),
      whole("session.onlineMinuteMs", 1, MAX_LONG).byDefault(60_000),
      whole("session.usageRetryMs", 1, MAX_LONG).byDefault(2000),
      whole("session.queueVacuumMs", 0, MAX_LONG).byDefault(2000),
      whole("session.usageRetryMaxMs", 1, MAX_LONG).byDefault(60_000),
      whole("session.usageBehindLogMs", 1, MAX_LONG).byDefault(60_000),
      whole("session.usageLingerMs", 0, MAX_LONG).byDefault(25),
      integer("session.usageBatchSize", 1, MAX_INT).byDefault(1000),
      integer("session.usageBatchesInFlight", 1, 64).byDefault(2),
      whole("session.usageReplyTimeoutMs", 1, MAX_LONG).byDefault(10_000),
      integer("session.bcryptCost", 4, 31).byDefault(10),
      integer("session.bcryptThreads", 1, MAX_INT),
      integer("session.bcryptMaxJobs", 1, MAX_INT).byDefault(64),
      whole("session.maxUploadBytes", 1, MAX_LONG).byDefault(10_485_760),
      numberAbove("session.searchesPerMinute", 0).byDefault(60),
      numberAbove("session.exportsPerHour", 0).byDefault(10),
      numberAbove("session.roomArchivePagesPerMinute", 0).byDefault(30),
      integer("session.maxContactsPerPerson", 2, 1000).byDefault(20),
      numberAbove("session.personMergesPerMinute", 0).byDefault(20),
      numberAbove("session.recentChatsPerMinute", 0).byDefault(60),
      integer("session.signInFreeFailures", 0, MAX_INT).byDefault(5),
      integer("session.signInAddressFreeFailures", 0, MAX_INT).byDefault(20),
      whole("session.signInDelayMs", 1, MAX_LONG).byDefault(1000),
      whole("session.signInMaxDelayMs", 1, MAX_LONG).byDefault(60_000),
      integer("session.signInTrackedKeys", 1, MAX_INT).byDefault(100_000),
      texts("session.admins"),
      whole("session.metricsRefreshMs", 1, MAX_LONG).byDefault(5000),
      whole("session.shardLeaseMs", 100, MAX_LONG).byDefault(8000),
      whole("session.shardRenewMs", 10, MAX_LONG).byDefault(2000),

      text("db.url").requiredBy(ParleyProcess.BILLING),
      text("db.embeddedDataDir").byDefault("data/postgres"),
      integer("db.poolSize", 1, MAX_INT).byDefault(8),

      integer("xmpp.reconnectMinSeconds", 1, MAX_INT).byDefault(1),
      integer("xmpp.reconnectMaxSeconds", 1, MAX_INT).byDefault(60),
      integer("xmpp.connectTimeoutSeconds", 1, MAX_INT).byDefault(15),
      integer("xmpp.pingIntervalSeconds", 10, MAX_INT).byDefault(60),
      text("xmpp.trustedCertificate"),
      text("xmpp.dnsServer"),
      integer("xmpp.maxLoginsInProgress", 1, MAX_INT).byDefault(32),
      integer("xmpp.archiveFirstPage", 0, 1000).byDefault(50),
      integer("xmpp.archiveMaxCatchUp", 1, MAX_INT).byDefault(1000),
      integer("xmpp.archiveCatchUpSeconds", 1, MAX_INT).byDefault(60),
      integer("xmpp.shardBufferSize", 1, MAX_INT).byDefault(10_000),
      integer("xmpp.shardBufferPerShard", 1, MAX_INT).byDefault(1_000),
      integer("xmpp.maxQueuedBytes", 4096, MAX_INT).byDefault(65536),
      integer("xmpp.maxAvatarBytes", 1024, 128 * 1024).byDefault(65536),
      oneOf("xmpp.tlsEngine", "openssl", "jdk"),

      integer("oscar.reconnectMinSeconds", 1, MAX_INT).byDefault(1),
      integer("oscar.reconnectMaxSeconds", 1, MAX_INT).byDefault(60),
      integer("oscar.connectTimeoutSeconds", 1, MAX_INT).byDefault(15),
      integer("oscar.keepaliveSeconds", 5, MAX_INT).byDefault(60),
      oneOf("oscar.aimLogin", "md5-strong", "md5", "roasted"),
      integer("oscar.maxSendHoldSeconds", 1, MAX_INT).byDefault(8),
      integer("oscar.answerTimeoutSeconds", 1, MAX_INT).byDefault(8),
      integer("oscar.shardBufferSize", 1, MAX_INT).byDefault(10_000),
      integer("oscar.shardBufferPerShard", 1, MAX_INT).byDefault(1_000),

      text("billing.currency").byDefault("EUR"),
      text("billing.defaultPlan").byDefault("free"),
      object("billing.plans"),

      text("cluster.configFile").byDefault("conf/cluster.xml"),
      text("cluster.name").byDefault("parley"),
      integer("cluster.port", 1, 65535).byDefault(5701),
      text("cluster.interface"),
      texts("cluster.members"),
      integer("cluster.joinWaitSeconds", 0, MAX_INT),
      text("cluster.tlsKey"),
      text("cluster.tlsCertificate"),
      text("cluster.tlsTrust"),
      integer("cluster.shards", 1, 4096).byDefault(Shards.DEFAULT_COUNT),

      flag("management.enabled").byDefault(true),
      text("management.host").byDefault("127.0.0.1"),
      integer("management.port", 0, 65535),

      integer("vertx.eventLoops", 1, 1024),

      oneOf("log.format", "plain", "json").fromEnvironmentOnly());

  /** Pairs whose first may not exceed the second: a backoff's start and its cap. */
  public static final List<List<String>> NOT_ABOVE = List.of(
      List.of("xmpp.reconnectMinSeconds", "xmpp.reconnectMaxSeconds"),
      List.of("oscar.reconnectMinSeconds", "oscar.reconnectMaxSeconds"),
      List.of("session.storageRetryMs", "session.storageRetryMaxMs"),
      List.of("session.usageRetryMs", "session.usageRetryMaxMs"),
      List.of("session.signInDelayMs", "session.signInMaxDelayMs"),
      List.of("session.shardRenewMs", "session.shardLeaseMs"));

  /** {@link #NOT_ABOVE} and the pairs of the modules on the class path ({@link ModuleSettings#notAbove()}). */
  public static List<List<String>> notAbove() {
    return NOT_ABOVE_ALL;
  }

  private static final List<List<String>> NOT_ABOVE_ALL = java.util.stream.Stream.concat(NOT_ABOVE.stream(),
      ServiceLoader.load(ModuleSettings.class, Settings.class.getClassLoader()).stream()
          .sorted(Comparator.comparing(p -> p.type().getName()))
          .flatMap(p -> p.get().notAbove().stream())).toList();

  /** A rule about the whole configuration: the sentence when it is broken, else empty. */
  public interface Rule extends BiFunction<JsonObject, ParleyProcess, Optional<String>> {}

  private static final Set<ParleyProcess> KEEPS_CREDENTIALS = Set.of(ParleyProcess.SESSION, ParleyProcess.ALL_IN_ONE);

  public static final List<Rule> RULES = List.of(
      (config, process) -> value(config, "db.url").filter(url -> !url.startsWith("postgresql://") && !url.startsWith("postgres://"))
          .map(url -> "db.url (PARLEY_DB_URL) must be a PostgreSQL address like postgresql://user:password@host:5432/db"),
      (config, process) -> value(config, "session.credentialKey").filter(key -> !isKey(key))
          .map(key -> "session.credentialKey (PARLEY_SESSION_CREDENTIAL_KEY) must be base64 of 32 random bytes, "
              + "as `openssl rand -base64 32` prints"),
      (config, process) -> KEEPS_CREDENTIALS.contains(process) && value(config, "session.credentialKey").isEmpty()
          ? writableFile(config, "session.credentialKeyFile", "the credential key file, needed because session.credentialKey is not set")
          : Optional.empty(),
      (config, process) -> KEEPS_CREDENTIALS.contains(process) && value(config, "db.url").isEmpty()
          ? writableFile(config, "db.embeddedDataDir", "the embedded PostgreSQL's data folder, needed because db.url is not set")
          : Optional.empty(),
      (config, process) -> clusterTlsIncomplete(config),
      (config, process) -> readableFiles().stream().flatMap(name -> value(config, name)
          .filter(f -> !Files.isReadable(Path.of(f))).map(f -> name + " must be a readable PEM file; " + f + " cannot be read")
          .stream()).findFirst());

  /** Settings naming a PEM file the process reads: the XMPP node's, the upload PUTs', the event bus's, and the modules' ({@link ModuleSettings#readableFiles()}). */
  static List<String> readableFiles() {
    return READABLE_FILES;
  }

  private static final List<String> READABLE_FILES = java.util.stream.Stream.of(
      java.util.stream.Stream.of("xmpp.trustedCertificate", "web.uploadTrustedCertificate"), EventBusTls.SETTINGS.stream(),
      ServiceLoader.load(ModuleSettings.class, Settings.class.getClassLoader()).stream()
          .sorted(Comparator.comparing(p -> p.type().getName()))
          .flatMap(p -> p.get().readableFiles().stream())).flatMap(x -> x).toList();

  /** The settings by name, in the order above, then those of the modules on the class path ({@link ModuleSettings}). */
  public static Map<String, Setting> byName() {
    return BY_NAME;
  }

  private static final Map<String, Setting> BY_NAME = collect();

  private static Map<String, Setting> collect() {
    Map<String, Setting> map = new LinkedHashMap<>();
    ALL.forEach(s -> map.put(s.name(), s));
    ServiceLoader.load(ModuleSettings.class, Settings.class.getClassLoader()).stream()
        .sorted(Comparator.comparing(p -> p.type().getName()))
        .flatMap(p -> p.get().settings().stream())
        .forEach(s -> {
          if (map.putIfAbsent(s.name(), s) != null) {
            throw new IllegalStateException("two modules declare the setting " + s.name());
          }
        });
    return Collections.unmodifiableMap(map);
  }

  /** A text setting's value, when set and not blank. */
  static Optional<String> value(JsonObject config, String name) {
    Setting s = byName().get(name);
    JsonObject section = config.getJsonObject(s.section());
    Object v = section == null ? null : section.getValue(s.key());
    return v instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
  }

  /** The event bus's TLS needs its key, certificate and trust together: one or two of them is a mistake. */
  private static Optional<String> clusterTlsIncomplete(JsonObject config) {
    List<String> missing = EventBusTls.SETTINGS.stream().filter(name -> value(config, name).isEmpty()).toList();
    return missing.isEmpty() || missing.size() == EventBusTls.SETTINGS.size() ? Optional.empty()
        : Optional.of("cluster.tlsKey, cluster.tlsCertificate and cluster.tlsTrust turn on TLS on the event bus together; "
            + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing");
  }

  private static boolean isKey(String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim()).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Empty when the path can be read if it exists, or created if it does not. */
  private static Optional<String> writableFile(JsonObject config, String name, String what) {
    Path path = Path.of(value(config, name).orElse((String) byName().get(name).defaultValue())).toAbsolutePath();
    if (Files.exists(path)) {
      return Files.isReadable(path) ? Optional.empty()
          : Optional.of(name + " is " + what + "; " + path + " exists but cannot be read");
    }
    Path parent = path.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      return Optional.of(name + " is " + what + "; " + path + " cannot be created"
          + (parent == null ? "" : " because " + parent + (Files.isDirectory(parent) ? " is not writable" : " is not a folder")));
    }
    return Optional.empty();
  }
}
