package io.demostream.control.jobs.local;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.local.LocalProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a local job's child JVM: the JVM and its options, the pipeline jar, the
 * pipeline's own options ({@link PipelineArguments}), the runner's, the job's incarnation id and
 * metrics file, then any extra ones.
 */
final class PipelineCommand {

  private final LocalProperties properties;
  private final PipelineArguments arguments;
  private final Path jobsDir;

  PipelineCommand(LocalProperties properties, PipelineTarget target, Path jobsDir) {
    this.properties = properties;
    this.arguments = new PipelineArguments(target);
    this.jobsDir = jobsDir;
  }

  /** The bundled pipeline jar, which must exist. */
  Path pipelineJar() {
    Path jar = properties.pipelineJar().toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The pipeline jar "
              + jar
              + " does not exist: build it with ./mvnw -pl pipeline package, or set"
              + " demostream.local.pipeline-jar");
    }
    return jar;
  }

  /**
   * The job name is the pipeline's incarnation id (its rows' {@code job_id}): a restart that
   * restores the pipeline's state passes it unchanged, and a new job has a new name.
   */
  List<String> command(String name, Path jar, JobParameters parameters, List<String> runnerArgs) {
    return command(name, jar, arguments.commandLine(properties.source(), parameters), runnerArgs);
  }

  /** A backfill's command: the pipeline in batch over {@code input}'s files. */
  List<String> backfillCommand(
      String name,
      Path jar,
      JobParameters parameters,
      PipelineArguments.FileInput input,
      List<String> runnerArgs) {
    return command(name, jar, arguments.commandLine(input, parameters), runnerArgs);
  }

  private List<String> command(
      String name, Path jar, List<String> pipelineArgs, List<String> runnerArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(properties.jvmOptions().stream().filter(s -> !s.isBlank()).toList());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(pipelineArgs);
    command.addAll(runnerArgs);
    command.add(PipelineArguments.option(JobParameters.INCARNATION_OPTION, name));
    // The pipeline rewrites its counters there every few seconds (LocalFiguresReader).
    command.add("--metricsFile=" + LocalFiguresReader.metricsFile(jobsDir, name));
    command.addAll(properties.extraArgs().stream().filter(s -> !s.isBlank()).toList());
    return command;
  }
}
