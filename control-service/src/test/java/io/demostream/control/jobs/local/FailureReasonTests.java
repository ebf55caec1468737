package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureReasonTests {

  @TempDir Path dir;

  @Test
  void theInnermostCauseOfTheLastStackTraceIsTheReason() throws Exception {
    Path log =
        write(
            "INFO starting",
            "org.apache.beam.sdk.Pipeline$PipelineExecutionException: java.lang.IllegalStateException: old",
            "\tat org.apache.beam.Foo.bar(Foo.java:1)",
            "Exception in thread \"main\" org.apache.beam.sdk.Pipeline$PipelineExecutionException:"
                + " java.io.FileNotFoundException: No files matched spec: /data/x-*.jsonl",
            "\tat org.apache.beam.Foo.bar(Foo.java:1)",
            "Caused by: java.io.FileNotFoundException: No files matched spec: /data/x-*.jsonl",
            "\tat org.apache.beam.Baz.qux(Baz.java:2)");

    assertThat(FailureReason.fromLog(log))
        .contains("java.io.FileNotFoundException: No files matched spec: /data/x-*.jsonl");
  }

  @Test
  void aLineNamingAnExceptionWithoutCauseIsTheReason() throws Exception {
    Path log = write("INFO starting", "java.lang.IllegalArgumentException: --windowSize is bad");

    assertThat(FailureReason.fromLog(log))
        .contains("java.lang.IllegalArgumentException: --windowSize is bad");
  }

  @Test
  void aLogWithoutErrorsOrNoLogGivesNoReason() throws Exception {
    assertThat(FailureReason.fromLog(write("INFO all good"))).isEmpty();
    assertThat(FailureReason.fromLog(dir.resolve("missing.log"))).isEmpty();
  }

  @Test
  void onlyTheEndOfALongLogIsRead() throws Exception {
    StringBuilder early = new StringBuilder("java.lang.IllegalStateException: early\\n");
    early.append("x".repeat(FailureReason.TAIL_BYTES));
    Path log = write(early.toString(), "INFO still running");

    assertThat(FailureReason.fromLog(log)).isEmpty();
  }

  private Path write(String... lines) throws Exception {
    Path log = dir.resolve("job.log");
    Files.write(log, List.of(lines));
    return log;
  }
}
