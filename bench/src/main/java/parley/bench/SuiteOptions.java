package parley.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The suite's parameters, from {@code --name value} arguments; {@code --quick} starts from small
 * defaults that finish within two minutes. {@code --warmup S} warms Parley's path up for S seconds, then for
 * S more at a time while its JIT compiler still takes more than a twentieth of its CPU, to {@code
 * --warmup-max} seconds in all (300; with {@code --quick} S: one round). {@code --async-commit} is a diagnostic (see {@link Suite});
 * {@code --profile} records Parley's JVM and the node-capacity JVM with Java Flight Recorder ({@code parley-N.jfr},
 * {@code node-capacity-N.jfr} in the output folder); {@code --parley-jvm "OPTIONS"} adds JVM options to
 * Parley's JVM (e.g. to compare garbage collectors). {@code --capacity-only} skips the rate steps and the
 * backlog; {@code --tls off,on} says against which Prosody the capacity runs go (without TLS, with STARTTLS;
 * {@code on-jdk}: with STARTTLS, the node on the JDK's TLS engine instead of BoringSSL);
 * {@code --no-direct} leaves out the plain Smack clients' capacity runs (e.g. for more sessions than
 * threads allow). {@code --session name=value,…} sets Parley's session settings (without their
 * {@code session.} prefix, e.g. {@code messageWritesInFlight=2}) to compare them; {@code --event-loops N}
 * its {@code vertx.eventLoops} (Vert.x's default: twice the cores).
 */
record SuiteOptions(int runs, int users, int[] rates, double warmUpSeconds, double warmUpMaxSeconds, double seconds, double rampUpSeconds, int size, int sessions,
    int backlog, Path out, boolean asyncCommit, boolean profile, List<String> parleyJvmOptions, boolean capacityOnly,
    List<String> tls, boolean direct, JsonObject sessionSettings, Integer eventLoops) {
  private static final List<String> SWITCHES = List.of("--quick", "--async-commit", "--profile", "--capacity-only",
      "--no-direct");

  static SuiteOptions parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    int users = quick ? 10 : 50;
    int[] rates = quick ? new int[] {50, 100, 200} : new int[] {100, 250, 500, 1000, 1500};
    double seconds = quick ? 5 : 10;
    double warmUp = quick ? 3 : 30;
    Double warmUpMax = null;
    double rampUp = quick ? 1 : 2;
    int size = 100;
    int sessions = quick ? 200 : 2000;
    int backlog = quick ? 100 : 1000;
    Path out = Path.of("bench/target/suite");
    boolean asyncCommit = false;
    boolean profile = false;
    int runs = 1;
    List<String> parleyJvm = List.of();
    boolean capacityOnly = false;
    List<String> tls = List.of("off", "on");
    boolean direct = true;
    JsonObject sessionSettings = new JsonObject();
    Integer eventLoops = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--quick" -> { }
        case "--async-commit" -> asyncCommit = true;
        case "--profile" -> profile = true;
        case "--capacity-only" -> capacityOnly = true;
        case "--no-direct" -> direct = false;
        case "--tls" -> tls = List.of(value.split(","));
        case "--runs" -> runs = Integer.parseInt(value);
        case "--users" -> users = Integer.parseInt(value);
        case "--rates" -> rates = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--duration" -> seconds = Double.parseDouble(value);
        case "--warmup" -> warmUp = Double.parseDouble(value);
        case "--warmup-max" -> warmUpMax = Double.parseDouble(value);
        case "--rampup" -> rampUp = Double.parseDouble(value);
        case "--size" -> size = Integer.parseInt(value);
        case "--sessions" -> sessions = Integer.parseInt(value);
        case "--backlog" -> backlog = Integer.parseInt(value);
        case "--out" -> out = Path.of(value);
        case "--parley-jvm" -> parleyJvm = List.of(value.trim().split("\\s+"));
        case "--session" -> sessionSettings = sessionSettings(value);
        case "--event-loops" -> eventLoops = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick --users N"
            + " --runs N --rates R1,R2,… (messages/s) --warmup S --warmup-max S --duration S --rampup S --size BYTES"
            + " --sessions N --backlog N"
            + " --out DIR --async-commit --profile --parley-jvm \"JVM OPTIONS\" --capacity-only --tls off,on --no-direct"
            + " --session name=value,… --event-loops N");
      }
      if (!SWITCHES.contains(args[i])) {
        i++;
      }
    }
    if (users < 2) {
      throw new IllegalArgumentException("--users must be at least 2 (users chat in pairs)");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    if (tls.isEmpty() || !List.of("off", "on", "on-jdk").containsAll(tls)) {
      throw new IllegalArgumentException("--tls takes off, on, on-jdk or a list of them such as off,on (the capacity runs"
          + " without TLS, with STARTTLS, with STARTTLS and the node on the JDK's TLS engine instead of BoringSSL)");
    }
    // A quick run is a smoke run: one round of warm-up, however busy the compiler still is.
    double maxWarmUp = warmUpMax != null ? warmUpMax : quick ? warmUp : 300;
    if (maxWarmUp < warmUp) {
      throw new IllegalArgumentException("--warmup-max must be at least --warmup");
    }
    return new SuiteOptions(runs, users, rates, warmUp, maxWarmUp, seconds, rampUp, size, sessions, backlog, out, asyncCommit, profile,
        parleyJvm, capacityOnly, tls, direct, sessionSettings, eventLoops);
  }

  /** {@code name=value,…}: a whole number as a number, anything else as text. */
  private static JsonObject sessionSettings(String list) {
    JsonObject settings = new JsonObject();
    for (String pair : list.split(",")) {
      String[] nameValue = pair.split("=", 2);
      if (nameValue.length != 2 || nameValue[0].isBlank()) {
        throw new IllegalArgumentException("--session takes name=value,… (e.g. messageWritesInFlight=2), not " + list);
      }
      String value = nameValue[1].trim();
      settings.put(nameValue[0].trim(), value.matches("-?\\d+") ? (Object) Long.parseLong(value) : value);
    }
    return settings;
  }
}
