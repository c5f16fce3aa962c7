package parley.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The suite's parameters, from {@code --name value} arguments; {@code --quick} starts from small
 * defaults that finish within two minutes. {@code --async-commit} is a diagnostic (see {@link Suite}).
 */
record SuiteOptions(int users, int[] rates, double seconds, double rampUpSeconds, int size, int sessions,
    int backlog, Path out, boolean asyncCommit) {

  static SuiteOptions parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    int users = quick ? 10 : 50;
    int[] rates = quick ? new int[] {50, 100, 200} : new int[] {100, 250, 500, 1000, 1500};
    double seconds = quick ? 5 : 10;
    double rampUp = quick ? 1 : 2;
    int size = 100;
    int sessions = quick ? 200 : 2000;
    int backlog = quick ? 100 : 1000;
    Path out = Path.of("bench/target/suite");
    boolean asyncCommit = false;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--quick" -> { }
        case "--async-commit" -> asyncCommit = true;
        case "--users" -> users = Integer.parseInt(value);
        case "--rates" -> rates = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--duration" -> seconds = Double.parseDouble(value);
        case "--rampup" -> rampUp = Double.parseDouble(value);
        case "--size" -> size = Integer.parseInt(value);
        case "--sessions" -> sessions = Integer.parseInt(value);
        case "--backlog" -> backlog = Integer.parseInt(value);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick --users N"
            + " --rates R1,R2,… (messages/s) --duration S --rampup S --size BYTES --sessions N --backlog N --out DIR --async-commit");
      }
      if (!args[i].equals("--quick") && !args[i].equals("--async-commit")) {
        i++;
      }
    }
    if (users < 2) {
      throw new IllegalArgumentException("--users must be at least 2 (users chat in pairs)");
    }
    return new SuiteOptions(users, rates, seconds, rampUp, size, sessions, backlog, out, asyncCommit);
  }
}
