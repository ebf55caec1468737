package io.demostream.control.runs;

import io.demostream.control.ingest.IngestClient;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresLookup;
import io.demostream.control.reconcile.SubscriptionBacklog;
import io.demostream.control.reconcile.WarehouseCounts;
import io.demostream.control.resources.ResourceService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires runs: the {@link RunRepository} on Spring Boot's DataSource (the control-service's own
 * state, its schema migrated by Flyway), the steps of a run in order, the {@link RunExecutor} with
 * its {@link RunLeases}, and the {@link RunService}; once the application has started, the executor
 * resumes unfinished runs that no other replica holds.
 */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

  @Bean
  RunRepository runRepository(DataSource dataSource) {
    return new RunRepository(dataSource);
  }

  @Bean
  RunLeases runLeases(DataSource dataSource) {
    return new RunLeases(dataSource);
  }

  @Bean(destroyMethod = "shutdown")
  RunExecutor runExecutor(
      RunRepository repository,
      RunLeases leases,
      ResourceService resources,
      JobService jobs,
      IngestClient ingest,
      SubscriptionBacklog backlog,
      WarehouseCounts counts,
      PipelineFiguresLookup figures,
      RunsProperties properties,
      MeterRegistry meters) {
    return new RunExecutor(
        repository,
        leases,
        steps(
            repository,
            resources,
            jobs,
            ingest,
            new RunReconciliation(
                ingest,
                jobs,
                repository,
                backlog,
                counts,
                jobId -> figures.figures(jobId).map(PipelineFigures::droppedLate),
                properties.drainBacklogTimeout(),
                meters,
                Clock.systemUTC()),
            properties),
        properties,
        meters,
        Clock.systemUTC());
  }

  @Bean
  RunService runService(IngestClient ingest, RunRepository repository, RunExecutor executor) {
    return new RunService(new RunValidator(ingest), repository, executor, Clock.systemUTC());
  }

  /** Once started: resume unfinished runs, then keep leases renewed and take over expired ones. */
  @Bean
  ApplicationRunner resumeUnfinishedRuns(RunExecutor executor) {
    return arguments -> executor.start();
  }

  /** A run's steps, in the order they execute. */
  static List<Step> steps(
      RunRepository repository,
      ResourceService resources,
      JobService jobs,
      IngestClient ingest,
      RunReconciliation reconciliation,
      RunsProperties properties) {
    return List.of(
        new EnsureResourcesStep(resources),
        new StartJobStep(jobs, repository),
        new AwaitJobRunningStep(jobs, properties),
        new StartIngestionStep(ingest, repository),
        new RunForDurationStep(),
        new StopIngestionStep(ingest, repository),
        new DrainJobStep(jobs, reconciliation));
  }
}
