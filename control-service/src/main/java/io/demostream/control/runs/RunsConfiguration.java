package io.demostream.control.runs;

import io.demostream.control.ingest.IngestClient;
import io.demostream.control.jobs.JobService;
import io.demostream.control.resources.ResourceService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires runs: the {@link RunService} on Spring Boot's DataSource (the control-service's own state),
 * and resumes unfinished runs once the application has started.
 */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

  @Bean(destroyMethod = "shutdown")
  RunService runService(
      DataSource dataSource,
      ResourceService resources,
      JobService jobs,
      IngestClient ingest,
      RunsProperties properties,
      MeterRegistry meters) {
    return new RunService(
        dataSource, resources, jobs, ingest, properties, meters, Clock.systemUTC());
  }

  @Bean
  ApplicationRunner resumeUnfinishedRuns(RunService runs) {
    return arguments -> runs.resumeUnfinished();
  }
}
