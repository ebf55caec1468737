package io.demostream.control.backfills;

import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.jobs.JobNames;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.control.reconcile.WarehouseCounts;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires backfills: their repository on the control-service's database, the overlap check of the
 * configured warehouse, the service and the monitor that follows their jobs.
 */
@Configuration(proxyBeanMethods = false)
class BackfillsConfiguration {

  @Bean
  BackfillRepository backfillRepository(DataSource dataSource) {
    return new BackfillRepository(dataSource);
  }

  @Bean
  BackfillMetrics backfillMetrics(MeterRegistry registry) {
    return new BackfillMetrics(registry);
  }

  @Bean
  @ConditionalOnProperty(
      name = "demostream.warehouse.type",
      havingValue = "jdbc",
      matchIfMissing = true)
  CountedWindows jdbcCountedWindows(JdbcWarehouse jdbc) {
    return new JdbcCountedWindows(jdbc);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.warehouse.type", havingValue = "bigquery")
  CountedWindows bigQueryCountedWindows(
      ObjectProvider<BigQuery> bigQuery, BigQueryProperties properties) {
    // Resolved on first use, as every BigQuery reader: the client needs a project.
    return (start, end, except) -> {
      BigQuery client = bigQuery.getObject();
      return new BigQueryCountedWindows(
              client, client.getOptions().getProjectId(), properties.dataset())
          .intersecting(start, end, except);
    };
  }

  @Bean
  BackfillService backfillService(
      BackfillRepository repository,
      PipelineLauncher launcher,
      JobService jobs,
      CountedWindows counted,
      BackfillsProperties properties,
      JobsProperties jobsProperties,
      BackfillMetrics metrics) {
    String streams = JobNames.sanitize(jobsProperties.namePrefix());
    String backfills = JobNames.sanitize(properties.namePrefix());
    if (backfills.equals(streams) || backfills.startsWith(streams + "-")) {
      // The stream's active job is found by its prefix: a backfill's job must never match it.
      throw new IllegalStateException(
          "demostream.backfills.name-prefix ("
              + properties.namePrefix()
              + ") must not start with demostream.jobs.name-prefix ("
              + jobsProperties.namePrefix()
              + "): a backfill's job would be taken for the stream's active job");
    }
    return new BackfillService(
        repository, launcher, jobs, counted, properties, metrics, Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  BackfillMonitor backfillMonitor(
      BackfillRepository repository,
      PipelineLauncher launcher,
      ObjectProvider<PipelineFiguresReader> figures,
      WarehouseCounts counts,
      BackfillsProperties properties,
      BackfillMetrics metrics) {
    return new BackfillMonitor(
        repository,
        launcher,
        figures.getIfAvailable(),
        counts,
        properties,
        metrics,
        Clock.systemUTC());
  }

  /** Once the state database is migrated and the service is up, running backfills are followed. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> backfillMonitorStart(BackfillMonitor monitor) {
    return event -> monitor.start();
  }
}
