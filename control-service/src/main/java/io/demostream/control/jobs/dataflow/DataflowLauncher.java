package io.demostream.control.jobs.dataflow;

import com.google.dataflow.v1beta3.FlexTemplateRuntimeEnvironment;
import com.google.dataflow.v1beta3.FlexTemplatesServiceClient;
import com.google.dataflow.v1beta3.GetJobRequest;
import com.google.dataflow.v1beta3.Job;
import com.google.dataflow.v1beta3.JobView;
import com.google.dataflow.v1beta3.JobsV1Beta3Client;
import com.google.dataflow.v1beta3.LaunchFlexTemplateParameter;
import com.google.dataflow.v1beta3.LaunchFlexTemplateRequest;
import com.google.dataflow.v1beta3.ListJobsRequest;
import com.google.dataflow.v1beta3.UpdateJobRequest;
import com.google.dataflow.v1beta3.WorkerIPAddressConfiguration;
import com.google.protobuf.Timestamp;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Runs the pipeline on Dataflow from its Flex Template and controls it through the Jobs API. The
 * Jobs client retries its safe calls on transient faults ({@link DataflowRetries}); a launch is not
 * retried. Faults that remain reach the caller as {@link com.google.api.gax.rpc.ApiException},
 * which the API answers with their meaning (403, 429, 503).
 */
public class DataflowLauncher implements PipelineLauncher {

  private final FlexTemplatesServiceClient templates;
  private final JobsV1Beta3Client jobs;
  private final DataflowProperties properties;
  private final StorageProperties storage;
  private final PipelineTarget target;

  public DataflowLauncher(
      FlexTemplatesServiceClient templates,
      JobsV1Beta3Client jobs,
      DataflowProperties properties,
      StorageProperties storage,
      PipelineTarget target) {
    this.templates = templates;
    this.jobs = jobs;
    this.properties = properties;
    this.storage = storage;
    this.target = target;
  }

  @Override
  public String backend() {
    return "dataflow";
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    return launchTemplate(
        name, labels, parameters, templateParameters(parameters), properties.streamingEngine());
  }

  /**
   * A batch job of the same Flex Template ({@code source=files}); Streaming Engine is for streams.
   */
  @Override
  public LaunchedJob launchBackfill(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      PipelineArguments.FileInput input) {
    return launchTemplate(
        name,
        labels,
        parameters,
        new PipelineArguments(target).templateParameters(input, parameters),
        false);
  }

  private LaunchedJob launchTemplate(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      Map<String, String> templateParameters,
      boolean streamingEngine) {
    if (properties.templateSpecPath().isBlank()) {
      throw new IllegalStateException(
          "demostream.dataflow.template-spec-path is not set; cannot launch the Flex Template");
    }
    if (!storage.hasBucket()) {
      throw new IllegalStateException(
          "demostream.storage.bucket is not set; Dataflow needs it for temp files");
    }
    FlexTemplateRuntimeEnvironment.Builder environment =
        FlexTemplateRuntimeEnvironment.newBuilder()
            .setTempLocation(storage.tempLocation())
            // Outside the temp prefix: its lifecycle rule would delete the staged jars.
            .setStagingLocation(storage.stagingLocation())
            .setIpConfiguration(
                properties.ipConfiguration() == DataflowProperties.IpConfiguration.PRIVATE
                    ? WorkerIPAddressConfiguration.WORKER_IP_PRIVATE
                    : WorkerIPAddressConfiguration.WORKER_IP_PUBLIC)
            .setMaxWorkers(
                parameters.maxWorkers() != null ? parameters.maxWorkers() : properties.maxWorkers())
            .setEnableStreamingEngine(streamingEngine)
            .putAllAdditionalUserLabels(labels);
    if (!properties.serviceAccount().isBlank()) {
      environment.setServiceAccountEmail(properties.serviceAccount());
    }
    if (!properties.network().isBlank()) {
      environment.setNetwork(properties.network());
    }
    if (!properties.subnetwork().isBlank()) {
      environment.setSubnetwork(properties.subnetwork());
    }
    LaunchFlexTemplateRequest request =
        LaunchFlexTemplateRequest.newBuilder()
            .setProjectId(target.requireProjectId())
            .setLocation(properties.region())
            .setLaunchParameter(
                LaunchFlexTemplateParameter.newBuilder()
                    .setJobName(name)
                    .setContainerSpecGcsPath(properties.templateSpecPath())
                    .putAllParameters(templateParameters)
                    // The job's rows carry its name as job_id (the run summary reads them back).
                    .putParameters(JobParameters.INCARNATION_OPTION, name)
                    .setEnvironment(environment))
            .build();
    Job job = templates.launchFlexTemplate(request).getJob();
    // The launch answer carries little more than the id; the job starts out pending.
    return new LaunchedJob(
        job.getId(),
        job.getName().isEmpty() ? name : job.getName(),
        mapState(job),
        job.hasCreateTime() ? toInstant(job.getCreateTime()) : Instant.now(),
        job.getLabelsCount() > 0 ? job.getLabelsMap() : labels);
  }

  /** The template's parameters: the same names as the pipeline's command-line options. */
  Map<String, String> templateParameters(JobParameters parameters) {
    return new PipelineArguments(target).templateParameters(parameters);
  }

  @Override
  public Optional<LaunchedJob> find(String id) {
    try {
      Job job =
          jobs.getJob(
              GetJobRequest.newBuilder()
                  .setProjectId(target.requireProjectId())
                  .setLocation(properties.region())
                  .setJobId(id)
                  // The summary view has no labels: the job's parameters and owner live there.
                  .setView(JobView.JOB_VIEW_DESCRIPTION)
                  .build());
      return Optional.of(toLaunchedJob(job));
    } catch (com.google.api.gax.rpc.NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<LaunchedJob> list(String namePrefix) {
    return list(namePrefix, ListJobsRequest.Filter.ALL);
  }

  /** Asks Dataflow for active jobs only: the project's history of finished jobs can be long. */
  @Override
  public List<LaunchedJob> listActive(String namePrefix) {
    return list(namePrefix, ListJobsRequest.Filter.ACTIVE).stream()
        .filter(job -> !job.state().isTerminal())
        .toList();
  }

  private List<LaunchedJob> list(String namePrefix, ListJobsRequest.Filter filter) {
    ListJobsRequest request =
        ListJobsRequest.newBuilder()
            .setProjectId(target.requireProjectId())
            .setLocation(properties.region())
            .setFilter(filter)
            .setView(JobView.JOB_VIEW_SUMMARY)
            .build();
    List<LaunchedJob> found = new ArrayList<>();
    // ListJobs answers summaries without labels: each candidate is read again with its labels,
    // and only jobs this service labelled count (someone else's job may share the prefix).
    StreamSupport.stream(jobs.listJobs(request).iterateAll().spliterator(), false)
        .filter(job -> job.getName().startsWith(namePrefix))
        .map(job -> find(job.getId()))
        .flatMap(Optional::stream)
        .filter(
            job ->
                JobService.MANAGED_BY_VALUE.equals(job.labels().get(JobService.MANAGED_BY_LABEL)))
        .forEach(found::add);
    found.sort(Comparator.comparing(LaunchedJob::createdAt).reversed());
    return found;
  }

  @Override
  public void cancel(String id) {
    requestState(id, com.google.dataflow.v1beta3.JobState.JOB_STATE_CANCELLED);
  }

  @Override
  public void drain(String id) {
    requestState(id, com.google.dataflow.v1beta3.JobState.JOB_STATE_DRAINED);
  }

  private void requestState(String id, com.google.dataflow.v1beta3.JobState requested) {
    jobs.updateJob(
        UpdateJobRequest.newBuilder()
            .setProjectId(target.requireProjectId())
            .setLocation(properties.region())
            .setJobId(id)
            .setJob(Job.newBuilder().setRequestedState(requested))
            .build());
  }

  private static LaunchedJob toLaunchedJob(Job job) {
    return new LaunchedJob(
        job.getId(),
        job.getName(),
        mapState(job),
        job.hasCreateTime() ? toInstant(job.getCreateTime()) : Instant.EPOCH,
        job.getLabelsMap());
  }

  /**
   * Folds Dataflow's states into the API's: not yet running ones are {@code PENDING}, a job
   * replaced by an update is {@code DONE}, and resource clean-up after a stop request counts as
   * still stopping.
   */
  static JobState mapState(Job job) {
    return switch (job.getCurrentState()) {
      case JOB_STATE_RUNNING -> JobState.RUNNING;
      case JOB_STATE_DRAINING -> JobState.DRAINING;
      case JOB_STATE_DRAINED -> JobState.DRAINED;
      case JOB_STATE_CANCELLING -> JobState.CANCELLING;
      case JOB_STATE_CANCELLED -> JobState.CANCELLED;
      case JOB_STATE_FAILED -> JobState.FAILED;
      case JOB_STATE_DONE, JOB_STATE_UPDATED -> JobState.DONE;
      case JOB_STATE_RESOURCE_CLEANING_UP ->
          job.getRequestedState() == com.google.dataflow.v1beta3.JobState.JOB_STATE_DRAINED
              ? JobState.DRAINING
              : JobState.CANCELLING;
      default -> JobState.PENDING;
    };
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
