package io.demostream.control.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated parameters of one pipeline job, built by {@link StartJobRequest#toParameters}. They are
 * passed to the pipeline under its option names ({@link #pipelineOptions()}) and stored as job
 * labels ({@link #labels()}) so that a job found again after a restart still shows them.
 *
 * @param windowType fixed or sliding windows
 * @param windowSize length of a window, whole seconds
 * @param windowPeriod how often a sliding window starts; {@code null} for fixed windows
 * @param allowedLateness how long late users still update a window
 * @param earlyFiringInterval processing time between early panes
 * @param maxWorkers Dataflow autoscaling bound; {@code null} means the launcher's default
 */
public record JobParameters(
    WindowType windowType,
    Duration windowSize,
    Duration windowPeriod,
    Duration allowedLateness,
    Duration earlyFiringInterval,
    Integer maxWorkers) {

  /**
   * The pipeline option that names its incarnation, written to every warehouse row's {@code
   * job_id}. Launchers pass the job name, so a job's rows are found by its name.
   */
  public static final String INCARNATION_OPTION = "incarnationId";

  private static final String LABEL_PREFIX = "ds-";

  /** The values of the pipeline options the job's behaviour depends on, by option name. */
  public Map<String, String> pipelineOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("windowType", windowType.optionValue());
    options.put("windowSize", format(windowSize));
    if (windowPeriod != null) {
      options.put("windowPeriod", format(windowPeriod));
    }
    options.put("allowedLateness", format(allowedLateness));
    options.put("earlyFiringInterval", format(earlyFiringInterval));
    return options;
  }

  /** What the REST API shows: the pipeline options and, when set, the worker bound. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>(pipelineOptions());
    if (maxWorkers != null) {
      map.put("maxWorkers", maxWorkers);
    }
    return map;
  }

  /**
   * The parameters as job labels. Label keys and values allow only lower-case letters, digits,
   * {@code -} and {@code _}, which the option values here satisfy.
   */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    asMap().forEach((option, value) -> labels.put(labelKey(option), String.valueOf(value)));
    return labels;
  }

  /** The parameters read back from {@link #labels()}; {@code null} when they are not there. */
  public static JobParameters fromLabels(Map<String, String> labels) {
    String type = labels.get(labelKey("windowType"));
    String size = labels.get(labelKey("windowSize"));
    if (type == null || size == null) {
      return null;
    }
    try {
      String workers = labels.get(labelKey("maxWorkers"));
      return new JobParameters(
          WindowType.parse(type),
          parseSeconds(size),
          parseSeconds(labels.get(labelKey("windowPeriod"))),
          parseSeconds(labels.get(labelKey("allowedLateness"))),
          parseSeconds(labels.get(labelKey("earlyFiringInterval"))),
          workers == null ? null : Integer.valueOf(workers));
    } catch (IllegalArgumentException e) {
      // Labels edited by hand: show the job without parameters rather than fail.
      return null;
    }
  }

  /**
   * The labels {@link #fromLabels} reads, rebuilt from a job's pipeline options as a runner reports
   * them (Flink: the job's user configuration), for runners that keep no labels.
   */
  public static Map<String, String> labelsFromPipelineOptions(Map<String, String> options) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String option :
        java.util.List.of(
            "windowType", "windowSize", "windowPeriod", "allowedLateness", "earlyFiringInterval")) {
      String value = options.get(option);
      if (value != null && !value.isBlank()) {
        labels.put(labelKey(option), value);
      }
    }
    return labels;
  }

  static String format(Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static Duration parseSeconds(String value) {
    if (value == null) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
  }

  private static String labelKey(String option) {
    return LABEL_PREFIX + option.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }
}
