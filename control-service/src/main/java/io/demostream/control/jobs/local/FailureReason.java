package io.demostream.control.jobs.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a local pipeline process failed, in one line, from the end of its log: the innermost {@code
 * Caused by:} of the last stack trace, or else the last line naming an exception or an error. Only
 * the last {@link #TAIL_BYTES} are read, however long the job ran.
 */
final class FailureReason {

  static final int TAIL_BYTES = 64 * 1024;
  private static final int MAX_LENGTH = 500;

  private FailureReason() {}

  static Optional<String> fromLog(Path log) {
    String tail;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, file.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      tail = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    String causedBy = null;
    String named = null;
    for (String line : tail.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("Caused by: ")) {
        causedBy = trimmed.substring("Caused by: ".length());
      } else if (!trimmed.startsWith("at ")
          && (trimmed.contains("Exception: ") || trimmed.startsWith("Error: "))) {
        named = trimmed;
        causedBy = null;
      }
    }
    String reason = causedBy != null ? causedBy : named;
    if (reason == null) {
      return Optional.empty();
    }
    return Optional.of(reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH));
  }
}
