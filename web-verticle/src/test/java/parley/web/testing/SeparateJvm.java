package parley.web.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Parley process ({@code main} of one module) in a JVM of its own, on the test's classpath, to be killed for real. */
public final class SeparateJvm {
  private SeparateJvm() {}

  /** Starts {@code main} with the configuration file {@code config}; its output goes to {@code log}. */
  public static Process start(Class<?> main, Path config, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.add(config.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
