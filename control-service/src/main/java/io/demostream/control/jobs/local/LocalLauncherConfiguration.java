package io.demostream.control.jobs.local;

import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local backend ({@code demostream.launcher=local}, the default): the {@link LocalLauncher} and
 * its reader of the job's figures (the metrics file, or the embedded Flink's REST API).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demostream.launcher", havingValue = "local", matchIfMissing = true)
class LocalLauncherConfiguration {

  @Bean(initMethod = "superviseRegisteredJobs", destroyMethod = "close")
  LocalLauncher localLauncher(
      LocalProperties properties, PipelineTarget target, MeterRegistry meterRegistry) {
    return new LocalLauncher(properties, target, Clock.systemUTC(), meterRegistry);
  }

  @Bean
  PipelineFiguresReader localFiguresReader(
      LocalProperties local, ObjectProvider<LocalLauncher> launcher) {
    LocalLauncher localLauncher = launcher.getIfAvailable();
    if (localLauncher == null) {
      // Another launcher stands in for the local one (tests): the metrics files stay readable.
      return new LocalFiguresReader(local.dataDir());
    }
    return new LocalFiguresReader(
        local.dataDir(), localLauncher::embeddedFlinkJob, Clock.systemUTC());
  }
}
