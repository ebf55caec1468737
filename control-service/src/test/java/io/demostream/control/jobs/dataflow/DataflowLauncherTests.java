package io.demostream.control.jobs.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.dataflow.v1beta3.FlexTemplateRuntimeEnvironment;
import com.google.dataflow.v1beta3.LaunchFlexTemplateParameter;
import com.google.dataflow.v1beta3.LaunchFlexTemplateRequest;
import com.google.dataflow.v1beta3.ListJobsRequest;
import com.google.dataflow.v1beta3.UpdateJobRequest;
import io.demostream.control.api.ConflictException;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.jobs.JobLaunchException;
import io.demostream.control.jobs.JobNames;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.StartJobRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Dataflow launcher driven through the real {@code google-cloud-dataflow} clients against
 * in-process fakes of the Flex Templates and Jobs services.
 */
class DataflowLauncherTests {

  private static final DataflowProperties DATAFLOW =
      new DataflowProperties(
          "europe-west1",
          "gs://templates/demostream.json",
          "pipeline@demo.iam",
          5,
          true,
          "demostream-vpc",
          "regions/europe-west1/subnetworks/demostream",
          DataflowProperties.IpConfiguration.PRIVATE);
  private static final StorageProperties STORAGE =
      new StorageProperties("demo-bucket", "EU", "temp/", Duration.ofDays(7), "staging/");
  private static final PipelineTarget TARGET =
      new PipelineTarget(
          "demo-project", "users-pipeline", "", true, "demostream", "jdbc:h2:mem:x", "", "");
  private static final JobsProperties JOBS =
      new JobsProperties(
          "demostream", Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(10));

  private FakeDataflow fake;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void startFake() throws Exception {
    fake = new FakeDataflow();
  }

  @AfterEach
  void stopFake() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    fake.close();
  }

  private DataflowLauncher launcher() throws Exception {
    var templates = fake.templatesClient();
    var jobs = fake.jobsClient();
    clients.add(templates);
    clients.add(jobs);
    return new DataflowLauncher(templates, jobs, DATAFLOW, STORAGE, TARGET);
  }

  private JobService jobService(DataflowLauncher launcher) {
    return new JobService(launcher, JOBS, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  @Test
  void launchSendsTheFlexTemplateWithParametersAndEnvironment() throws Exception {
    JobView job =
        jobService(launcher())
            .start(new StartJobRequest("sliding", "2m", "30s", "1m", "15s", 7, false));

    assertThat(fake.launches).hasSize(1);
    LaunchFlexTemplateRequest request = fake.launches.get(0);
    assertThat(request.getProjectId()).isEqualTo("demo-project");
    assertThat(request.getLocation()).isEqualTo("europe-west1");
    LaunchFlexTemplateParameter parameter = request.getLaunchParameter();
    assertThat(parameter.getContainerSpecGcsPath()).isEqualTo("gs://templates/demostream.json");
    assertThat(parameter.getJobName()).isEqualTo(job.name()).matches(JobNames.VALID);
    assertThat(parameter.getParametersMap())
        .containsEntry("source", "pubsub")
        .containsEntry("inputSubscription", "projects/demo-project/subscriptions/users-pipeline")
        .containsEntry("windowType", "sliding")
        .containsEntry("windowSize", "120s")
        .containsEntry("windowPeriod", "30s")
        .containsEntry("allowedLateness", "60s")
        .containsEntry("earlyFiringInterval", "15s")
        .containsEntry("sink", "bigquery")
        .containsEntry("outputDataset", "demo-project:demostream")
        .containsEntry("incarnationId", job.name())
        .doesNotContainKeys("runner", "jdbcUrl", "drainSignalFile");
    FlexTemplateRuntimeEnvironment environment = parameter.getEnvironment();
    assertThat(environment.getServiceAccountEmail()).isEqualTo("pipeline@demo.iam");
    assertThat(environment.getTempLocation()).isEqualTo("gs://demo-bucket/temp/");
    // Staged jars outside temp/, whose lifecycle rule would delete them under the running job.
    assertThat(environment.getStagingLocation()).isEqualTo("gs://demo-bucket/staging/");
    assertThat(environment.getNetwork()).isEqualTo("demostream-vpc");
    assertThat(environment.getSubnetwork())
        .isEqualTo("regions/europe-west1/subnetworks/demostream");
    assertThat(environment.getIpConfiguration())
        .isEqualTo(com.google.dataflow.v1beta3.WorkerIPAddressConfiguration.WORKER_IP_PRIVATE);
    assertThat(environment.getMaxWorkers()).isEqualTo(7);
    assertThat(environment.getEnableStreamingEngine()).isTrue();
    assertThat(environment.getAdditionalUserLabelsMap())
        .containsEntry("managed-by", "demostream-control")
        .containsEntry("ds-window-type", "sliding")
        .containsEntry("ds-window-size", "120s")
        .containsEntry("ds-max-workers", "7");

    assertThat(job.id()).isEqualTo(fake.jobs.keySet().iterator().next());
    assertThat(job.state()).isEqualTo(JobState.PENDING);
    assertThat(job.launcher()).isEqualTo("dataflow");
    assertThat(job.parameters()).containsEntry("windowSize", "120s").containsEntry("maxWorkers", 7);
  }

  @Test
  void aBackfillIsTheSameTemplateInBatchOverItsFiles() throws Exception {
    JobParameters parameters =
        new StartJobRequest(null, "10m", null, null, null, null, null).toParameters();
    LaunchedJob job =
        launcher()
            .launchBackfill(
                "backfill-20260302-000000-abcdef",
                Map.of("managed-by", "demostream-control", "ds-source", "files"),
                parameters,
                new PipelineArguments.FileInput(
                    "gs://demo-bucket/history/2026-03-01/*.jsonl",
                    Instant.parse("2026-03-01T00:00:00Z"),
                    Instant.parse("2026-03-02T00:00:00Z")));

    LaunchFlexTemplateParameter parameter = fake.launches.get(0).getLaunchParameter();
    assertThat(parameter.getJobName()).isEqualTo("backfill-20260302-000000-abcdef");
    assertThat(parameter.getParametersMap())
        .containsEntry("source", "files")
        .containsEntry("inputFiles", "gs://demo-bucket/history/2026-03-01/*.jsonl")
        .containsEntry("backfillStart", "2026-03-01T00:00:00Z")
        .containsEntry("backfillEnd", "2026-03-02T00:00:00Z")
        .containsEntry("windowSize", "600s")
        .containsEntry("sink", "bigquery")
        .containsEntry("incarnationId", "backfill-20260302-000000-abcdef")
        .doesNotContainKeys("inputSubscription", "project", "runner");
    // A batch job: Streaming Engine is for streams.
    assertThat(parameter.getEnvironment().getEnableStreamingEngine()).isFalse();
    assertThat(parameter.getEnvironment().getAdditionalUserLabelsMap())
        .containsEntry("ds-source", "files");
    assertThat(job.id()).isEqualTo(fake.jobs.keySet().iterator().next());
  }

  @Test
  void launchWithoutWorkerCountUsesTheConfiguredMaximum() throws Exception {
    jobService(launcher()).start(StartJobRequest.defaults());

    assertThat(fake.launches.get(0).getLaunchParameter().getEnvironment().getMaxWorkers())
        .isEqualTo(5);
  }

  @ParameterizedTest
  @CsvSource({
    "JOB_STATE_QUEUED, JOB_STATE_UNKNOWN, PENDING",
    "JOB_STATE_PENDING, JOB_STATE_UNKNOWN, PENDING",
    "JOB_STATE_RUNNING, JOB_STATE_UNKNOWN, RUNNING",
    "JOB_STATE_DRAINING, JOB_STATE_DRAINED, DRAINING",
    "JOB_STATE_DRAINED, JOB_STATE_DRAINED, DRAINED",
    "JOB_STATE_CANCELLING, JOB_STATE_CANCELLED, CANCELLING",
    "JOB_STATE_CANCELLED, JOB_STATE_CANCELLED, CANCELLED",
    "JOB_STATE_FAILED, JOB_STATE_UNKNOWN, FAILED",
    "JOB_STATE_DONE, JOB_STATE_UNKNOWN, DONE",
    "JOB_STATE_UPDATED, JOB_STATE_UNKNOWN, DONE",
    "JOB_STATE_RESOURCE_CLEANING_UP, JOB_STATE_DRAINED, DRAINING",
    "JOB_STATE_RESOURCE_CLEANING_UP, JOB_STATE_CANCELLED, CANCELLING"
  })
  void dataflowStatesAreReportedWithoutThePrefix(
      com.google.dataflow.v1beta3.JobState current,
      com.google.dataflow.v1beta3.JobState requested,
      JobState expected)
      throws Exception {
    DataflowLauncher launcher = launcher();
    LaunchedJob launched = launcher.launch("demostream-x", Map.of(), defaults());
    fake.jobs.computeIfPresent(
        launched.id(),
        (id, job) -> job.toBuilder().setCurrentState(current).setRequestedState(requested).build());

    assertThat(launcher.find(launched.id()))
        .get()
        .extracting(LaunchedJob::state)
        .isEqualTo(expected);
  }

  /**
   * Starts a job on a fresh service, lets it run, and cancels or drains it; Dataflow finishes the
   * stop a while after the request, in {@code finalState}.
   */
  private JobView stopRunningJob(boolean drain, com.google.dataflow.v1beta3.JobState finalState)
      throws Exception {
    JobService jobs = jobService(launcher());
    JobView job = jobs.start(StartJobRequest.defaults());
    fake.setState(job.id(), com.google.dataflow.v1beta3.JobState.JOB_STATE_RUNNING);
    Thread finisher = finishWhenRequested(job.id(), finalState);

    JobView stopped = drain ? jobs.drain(job.id()) : jobs.cancel(job.id());
    finisher.join();
    return stopped;
  }

  @Test
  void cancelRequestsTheCancelledStateAndWaitsForIt() throws Exception {
    JobView cancelled =
        stopRunningJob(false, com.google.dataflow.v1beta3.JobState.JOB_STATE_CANCELLED);

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    UpdateJobRequest update = fake.updates.get(0);
    assertThat(update.getJobId()).isEqualTo(cancelled.id());
    assertThat(update.getProjectId()).isEqualTo("demo-project");
    assertThat(update.getLocation()).isEqualTo("europe-west1");
    assertThat(update.getJob().getRequestedState())
        .isEqualTo(com.google.dataflow.v1beta3.JobState.JOB_STATE_CANCELLED);
  }

  @Test
  void drainRequestsTheDrainedStateAndWaitsForIt() throws Exception {
    JobView drained = stopRunningJob(true, com.google.dataflow.v1beta3.JobState.JOB_STATE_DRAINED);

    assertThat(drained.state()).isEqualTo(JobState.DRAINED);
    assertThat(fake.updates)
        .singleElement()
        .extracting(update -> update.getJob().getRequestedState())
        .isEqualTo(com.google.dataflow.v1beta3.JobState.JOB_STATE_DRAINED);
  }

  @Test
  void stoppingAStoppedJobSendsNoRequest() throws Exception {
    JobService jobs = jobService(launcher());
    JobView job = jobs.start(StartJobRequest.defaults());
    fake.setState(job.id(), com.google.dataflow.v1beta3.JobState.JOB_STATE_CANCELLED);

    assertThat(jobs.drain(job.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs.cancel(job.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(fake.updates).isEmpty();
  }

  @Test
  void aRestartedServiceFindsItsActiveJobByPrefixAndRefusesASecond() throws Exception {
    JobView job =
        jobService(launcher()).start(new StartJobRequest(null, "5m", null, null, null, null, null));
    fake.setState(job.id(), com.google.dataflow.v1beta3.JobState.JOB_STATE_RUNNING);
    fake.addJob(
        "someone-elses-job", com.google.dataflow.v1beta3.JobState.JOB_STATE_RUNNING, Instant.now());
    fake.addJob(
        "demostream-20250101-000000-abcdef",
        com.google.dataflow.v1beta3.JobState.JOB_STATE_DONE,
        Instant.parse("2025-01-01T00:00:00Z"),
        Map.of(JobService.MANAGED_BY_LABEL, JobService.MANAGED_BY_VALUE));
    // Same prefix, but not labelled by this service: someone else's, never ours.
    fake.addJob(
        "demostream-20250102-000000-fedcba",
        com.google.dataflow.v1beta3.JobState.JOB_STATE_RUNNING,
        Instant.parse("2025-01-02T00:00:00Z"));

    // New clients and a new service: nothing is remembered but what Dataflow returns.
    JobService restarted = jobService(launcher());

    assertThat(restarted.activeJobId()).contains(job.id());
    assertThat(restarted.list())
        .extracting(JobView::name)
        .containsExactly(job.name(), "demostream-20250101-000000-abcdef");
    assertThat(restarted.get(job.id()).parameters()).containsEntry("windowSize", "300s");
    assertThatThrownBy(() -> restarted.start(StartJobRequest.defaults()))
        .isInstanceOf(ConflictException.class)
        .satisfies(
            e ->
                assertThat(((ConflictException) e).properties().get("job"))
                    .isInstanceOf(JobView.class)
                    .extracting("id")
                    .isEqualTo(job.id()));
    assertThat(fake.launches).hasSize(1);
    // The active-job check asks Dataflow for active jobs only.
    assertThat(fake.listings)
        .extracting(ListJobsRequest::getFilter)
        .contains(ListJobsRequest.Filter.ACTIVE, ListJobsRequest.Filter.ALL);
    assertThat(fake.listings)
        .allSatisfy(
            listing -> {
              assertThat(listing.getProjectId()).isEqualTo("demo-project");
              assertThat(listing.getLocation()).isEqualTo("europe-west1");
            });
  }

  @Test
  void passingFaultsOfTheJobsApiAreRetried() throws Exception {
    DataflowLauncher launcher = launcher();
    LaunchedJob launched = launcher.launch("demostream-x", Map.of(), defaults());
    fake.failNextGetJobs(2, Status.UNAVAILABLE.withDescription("backend restarting"));

    assertThat(launcher.find(launched.id())).isPresent();
    assertThat(fake.getJobCalls).hasValue(3);
  }

  @Test
  void permissionDeniedIsNotRetried() throws Exception {
    DataflowLauncher launcher = launcher();
    LaunchedJob launched = launcher.launch("demostream-x", Map.of(), defaults());
    fake.failNextGetJobs(1, Status.PERMISSION_DENIED);

    assertThatThrownBy(() -> launcher.find(launched.id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(fake.getJobCalls).hasValue(1);
  }

  @Test
  void unknownJobIsNotFound() throws Exception {
    assertThat(launcher().find("no-such-job")).isEmpty();
  }

  @Test
  void permissionDeniedOnLaunchReachesTheCaller() throws Exception {
    fake.failNextLaunchesWith(Status.PERMISSION_DENIED.withDescription("dataflow.jobs.create"));

    assertThatThrownBy(() -> jobService(launcher()).start(StartJobRequest.defaults()))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void launchWithoutTemplateSpecPathSaysWhatToConfigure() throws Exception {
    var templates = fake.templatesClient();
    var jobs = fake.jobsClient();
    clients.add(templates);
    clients.add(jobs);
    DataflowLauncher unconfigured =
        new DataflowLauncher(
            templates,
            jobs,
            new DataflowProperties(
                "europe-west1", "", "", 3, true, "", "", DataflowProperties.IpConfiguration.PUBLIC),
            STORAGE,
            TARGET);

    assertThatThrownBy(() -> jobService(unconfigured).start(StartJobRequest.defaults()))
        .isInstanceOf(JobLaunchException.class)
        .hasMessageContaining("demostream.dataflow.template-spec-path");
    assertThat(fake.launches).isEmpty();
  }

  private static JobParameters defaults() {
    return StartJobRequest.defaults().toParameters();
  }

  /** Moves the job to {@code terminal} once a stop was requested, as Dataflow does eventually. */
  private Thread finishWhenRequested(String id, com.google.dataflow.v1beta3.JobState terminal) {
    Thread finisher =
        new Thread(
            () -> {
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> fake.jobs.get(id).getRequestedState() == terminal);
              fake.setState(id, terminal);
            });
    finisher.start();
    return finisher;
  }
}
