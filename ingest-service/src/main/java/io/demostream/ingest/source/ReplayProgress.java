package io.demostream.ingest.source;

import java.util.List;

/**
 * A replay's progress through its file, shown in the ingestion status ({@code replay}). Published
 * users are the status's {@code messagesPublished}.
 *
 * @param file the file being replayed
 * @param format {@code jsonl} or {@code csv}
 * @param linesRead lines read so far, the CSV header and blank lines included
 * @param usersRead valid users read (each handed to the publisher)
 * @param rejectedLines lines rejected so far
 * @param rejected the first {@value ReplaySource#MAX_REPORTED_REJECTIONS} rejections, with line
 *     numbers (from 1)
 * @param finished true once the whole file was read
 */
public record ReplayProgress(
    String file,
    String format,
    long linesRead,
    long usersRead,
    long rejectedLines,
    List<RejectedLine> rejected,
    boolean finished) {

  public ReplayProgress {
    rejected = List.copyOf(rejected);
  }

  /**
   * One fault of one line.
   *
   * @param line the line number, from 1
   * @param field the field at fault ({@code dob.age}, {@code attributes.event_time}, {@code $})
   * @param reason the kind of fault, as in the contract
   * @param message a plain sentence
   */
  public record RejectedLine(long line, String field, String reason, String message) {}
}
