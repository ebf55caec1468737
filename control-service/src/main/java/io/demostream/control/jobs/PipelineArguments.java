package io.demostream.control.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's own options for one job, built in one place for every launcher: the project, the
 * source (the {@link PipelineTarget}'s subscription, or the synthetic source), the job's window and
 * worker {@link JobParameters}, and the warehouse sink. Never the JDBC password, which the pipeline
 * reads from its environment ({@link PipelineTarget#JDBC_PASSWORD_ENV}). Runner options (Flink
 * master, checkpointing, metrics file) stay with each launcher.
 */
public final class PipelineArguments {

  /** The pipeline's {@code --source} that reads the target's Pub/Sub subscription. */
  public static final String PUBSUB_SOURCE = "pubsub";

  /** The pipeline's {@code --source} of a backfill: files read in batch. */
  public static final String FILES_SOURCE = "files";

  /**
   * What a backfill reads: the files (a glob, local or {@code gs://}) and the event-time range
   * {@code [start, end)} it may write, passed as the pipeline's {@code --inputFiles}, {@code
   * --backfillStart} and {@code --backfillEnd}.
   */
  public record FileInput(String inputFiles, Instant start, Instant end) {

    /** The label, with value {@link #FILES_SOURCE}, that marks a backfill's job. */
    public static final String SOURCE_LABEL = "ds-source";

    /** Whether a job with these labels is a backfill. */
    public static boolean isBackfill(Map<String, String> labels) {
      return FILES_SOURCE.equals(labels.get(SOURCE_LABEL));
    }

    Map<String, String> options() {
      Map<String, String> options = new LinkedHashMap<>();
      options.put("source", FILES_SOURCE);
      options.put("inputFiles", inputFiles);
      options.put("backfillStart", start.toString());
      options.put("backfillEnd", end.toString());
      return options;
    }
  }

  private final PipelineTarget target;

  public PipelineArguments(PipelineTarget target) {
    this.target = target;
  }

  /**
   * The options in the pipeline's command-line order: {@code project} (when set), {@code source},
   * {@code inputSubscription} and {@code pubsubRootUrl} (Pub/Sub source, emulator only), the job's
   * parameters, the sink.
   *
   * @param source {@code pubsub} or {@code synthetic}
   */
  public Map<String, String> options(String source, JobParameters parameters) {
    Map<String, String> options = new LinkedHashMap<>();
    if (target.projectId() != null && !target.projectId().isBlank()) {
      options.put("project", target.projectId());
    }
    if ("synthetic".equals(source)) {
      options.put("source", "synthetic");
    } else {
      options.put("source", PUBSUB_SOURCE);
      options.put("inputSubscription", target.subscriptionPath());
      if (target.usesEmulator()) {
        options.put("pubsubRootUrl", "http://" + target.pubsubEmulatorHost());
      }
    }
    options.putAll(parameters.pipelineOptions());
    options.putAll(target.sinkOptions());
    // The alerts judge a stream's panes as they land; on the emulator, a synthetic job writes too.
    Map<String, String> panes = target.panesOptions();
    options.putAll(panes);
    if (!panes.isEmpty() && target.usesEmulator()) {
      options.putIfAbsent("pubsubRootUrl", "http://" + target.pubsubEmulatorHost());
    }
    return options;
  }

  /**
   * A backfill's options: {@code project} (when set), the files and range of {@code input}, the
   * job's window parameters, the sink. The pipeline runs in batch and finishes by itself.
   */
  public Map<String, String> options(FileInput input, JobParameters parameters) {
    Map<String, String> options = new LinkedHashMap<>();
    if (target.projectId() != null && !target.projectId().isBlank()) {
      options.put("project", target.projectId());
    }
    options.putAll(input.options());
    options.putAll(parameters.pipelineOptions());
    options.putAll(target.sinkOptions());
    return options;
  }

  /** {@link #options(FileInput, JobParameters)} as {@code --name=value} arguments. */
  public List<String> commandLine(FileInput input, JobParameters parameters) {
    return asArguments(options(input, parameters));
  }

  /** A backfill's Flex Template parameters: its options without the project. */
  public Map<String, String> templateParameters(FileInput input, JobParameters parameters) {
    Map<String, String> options = options(input, parameters);
    options.remove("project");
    return options;
  }

  /** {@link #options} as {@code --name=value} arguments. */
  public List<String> commandLine(String source, JobParameters parameters) {
    return asArguments(options(source, parameters));
  }

  private static List<String> asArguments(Map<String, String> options) {
    List<String> args = new ArrayList<>();
    options.forEach((option, value) -> args.add(option(option, value)));
    return args;
  }

  /**
   * The options a Dataflow Flex Template takes (the same names as the command line): the Pub/Sub
   * source without the emulator, whose host Dataflow's workers cannot reach, and without the
   * project, which the launch request itself names.
   */
  public Map<String, String> templateParameters(JobParameters parameters) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("source", PUBSUB_SOURCE);
    options.put("inputSubscription", target.subscriptionPath());
    options.putAll(parameters.pipelineOptions());
    options.putAll(target.sinkOptions());
    options.putAll(target.panesOptions());
    return options;
  }

  /** One {@code --name=value} argument. */
  public static String option(String name, String value) {
    return "--" + name + "=" + value;
  }
}
