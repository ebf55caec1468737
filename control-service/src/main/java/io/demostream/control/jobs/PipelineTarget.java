package io.demostream.control.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the pipeline reads and writes, as the rest of the configuration defines it: the project,
 * the subscription, and the warehouse sink. Built once by {@code JobsConfiguration}.
 *
 * @param projectId Google Cloud project of the subscription (and dataset); blank if unset
 * @param subscription the pipeline's subscription id
 * @param pubsubEmulatorHost {@code host:port} of the Pub/Sub emulator, or blank for the real one
 * @param bigQuerySink write to BigQuery rather than JDBC
 * @param bigQueryDataset dataset id of the BigQuery warehouse
 * @param jdbcUrl URL of the JDBC warehouse
 * @param jdbcUser JDBC user, may be blank
 * @param jdbcPassword JDBC password, may be blank; handed over through the environment only
 * @param panesTopic the topic id a stream job publishes its window panes to ({@code --panesTopic},
 *     read by the alerts); blank for none
 */
public record PipelineTarget(
    String projectId,
    String subscription,
    String pubsubEmulatorHost,
    boolean bigQuerySink,
    String bigQueryDataset,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String panesTopic) {

  /** A target whose jobs publish no panes. */
  public PipelineTarget(
      String projectId,
      String subscription,
      String pubsubEmulatorHost,
      boolean bigQuerySink,
      String bigQueryDataset,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword) {
    this(
        projectId,
        subscription,
        pubsubEmulatorHost,
        bigQuerySink,
        bigQueryDataset,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        "");
  }

  /** The environment variable the pipeline reads the JDBC password from. */
  public static final String JDBC_PASSWORD_ENV = "DEMOSTREAM_JDBC_PASSWORD";

  public String requireProjectId() {
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalStateException(
          "spring.cloud.gcp.project-id is not set; the pipeline needs a project");
    }
    return projectId;
  }

  String subscriptionPath() {
    return "projects/" + requireProjectId() + "/subscriptions/" + subscription;
  }

  /** The {@code --panesTopic} of a stream job, or empty when panes are not published. */
  Map<String, String> panesOptions() {
    if (panesTopic == null || panesTopic.isBlank()) {
      return Map.of();
    }
    return Map.of("panesTopic", "projects/" + requireProjectId() + "/topics/" + panesTopic);
  }

  boolean usesEmulator() {
    return pubsubEmulatorHost != null && !pubsubEmulatorHost.isBlank();
  }

  /** The {@code --sink} options; never the password. */
  Map<String, String> sinkOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    if (bigQuerySink) {
      options.put("sink", "bigquery");
      options.put("outputDataset", requireProjectId() + ":" + bigQueryDataset);
    } else {
      options.put("sink", "jdbc");
      options.put("jdbcUrl", jdbcUrl);
      if (jdbcUser != null && !jdbcUser.isBlank()) {
        options.put("jdbcUser", jdbcUser);
      }
    }
    return options;
  }

  @Override
  public String toString() {
    return "PipelineTarget[projectId="
        + projectId
        + ", subscription="
        + subscription
        + ", bigQuerySink="
        + bigQuerySink
        + ", jdbcPassword=***]";
  }
}
