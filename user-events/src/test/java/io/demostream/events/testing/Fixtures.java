package io.demostream.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The team's real randomuser.me responses in {@code shared/fixtures/randomuser/}, beside the
 * checkout. Found from any module's working directory by walking up to the folder that holds {@code
 * shared/}.
 */
public final class Fixtures {

  private Fixtures() {}

  /**
   * The fixtures folder; fails the test with a plain message when the checkout has no shared/
   * beside it.
   */
  public static Path randomUserDirectory() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/fixtures/randomuser");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "shared/fixtures/randomuser not found above " + Paths.get("").toAbsolutePath());
  }

  /** Every fixture file, sorted by name. */
  public static List<Path> randomUserResponses() {
    try (Stream<Path> files = Files.list(randomUserDirectory())) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One fixture's bytes, e.g. {@code results-1.json}. */
  public static byte[] randomUserResponse(String name) {
    try {
      return Files.readAllBytes(randomUserDirectory().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
