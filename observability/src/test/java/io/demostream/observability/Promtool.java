package io.demostream.observability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds Prometheus' binaries on the PATH and runs {@code promtool}. */
final class Promtool {

  static final Path OBSERVABILITY = locate();
  static final Path PROMETHEUS_DIR = OBSERVABILITY.resolve("prometheus");
  static final Path RULES_DIR = PROMETHEUS_DIR.resolve("rules");

  private Promtool() {}

  static Optional<Path> binary(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  record Result(int exitCode, String output) {}

  static Result run(Path workingDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary("promtool").orElseThrow().toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool did not finish: " + command);
    }
    return new Result(process.exitValue(), output);
  }

  private static Path locate() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("prometheus").resolve("rules"))) {
        return p;
      }
      if (Files.isDirectory(p.resolve("observability").resolve("prometheus"))) {
        return p.resolve("observability");
      }
    }
    throw new IllegalStateException("Cannot find observability/ from " + here);
  }
}
