package io.demostream.pipeline.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint Flink retained under a local checkpoint directory, laid out
 * by Flink as {@code DIR/<job id>/chk-<n>/_metadata}. The {@code _metadata} file is written last,
 * so a directory without it (a checkpoint cut short by a kill) is never chosen.
 */
public final class RetainedCheckpoints {

  private static final Pattern CHECKPOINT = Pattern.compile("chk-\\d+");
  static final String METADATA = "_metadata";

  private RetainedCheckpoints() {}

  /**
   * @param directory a local path or {@code file:} URI; other schemes are not searched
   * @return the newest complete checkpoint's directory, empty when there is none
   */
  public static Optional<Path> latest(String directory) {
    Optional<Path> root = localPath(directory);
    if (root.isEmpty() || !Files.isDirectory(root.get())) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(root.get())) {
      return jobs.filter(Files::isDirectory)
          .flatMap(RetainedCheckpoints::checkpointsOf)
          .filter(checkpoint -> Files.isRegularFile(checkpoint.resolve(METADATA)))
          .max(
              Comparator.comparing(RetainedCheckpoints::metadataTime)
                  .thenComparing(RetainedCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + root.get(), e);
    }
  }

  /** The local path of {@code directory}: a plain path or a {@code file:} URI. */
  static Optional<Path> localPath(String directory) {
    if (directory.startsWith("file:")) {
      return Optional.of(Paths.get(URI.create(directory)));
    }
    if (directory.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return Optional.empty();
    }
    return Optional.of(Paths.get(directory));
  }

  private static Stream<Path> checkpointsOf(Path job) {
    try (Stream<Path> children = Files.list(job)) {
      return children
          .filter(child -> CHECKPOINT.matcher(child.getFileName().toString()).matches())
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + job, e);
    }
  }

  private static long number(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
  }

  private static long metadataTime(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve(METADATA)).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }
}
