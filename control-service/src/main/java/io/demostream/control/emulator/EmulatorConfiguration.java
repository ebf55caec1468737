package io.demostream.control.emulator;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import com.google.pubsub.v1.SubscriptionName;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.jobs.ActiveJobCheck;
import io.demostream.control.resources.ResourceService;
import io.demostream.control.runs.RunService;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The emulator's watch and its health component ({@link EmulatorController} answers 204 without
 * them), only when the service talks to the Pub/Sub emulator ({@code
 * spring.cloud.gcp.pubsub.emulator-host}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.cloud.gcp.pubsub.emulator-host:}' != ''")
@EnableConfigurationProperties(EmulatorProperties.class)
class EmulatorConfiguration {

  @Bean
  EmulatorWatch emulatorWatch(
      IngestClient ingest,
      ObjectProvider<ActiveJobCheck> activeJob,
      RunService runs,
      ObjectProvider<SubscriptionAdminClient> admin,
      GcpProjectIdProvider projectId,
      PubSubProperties pubSub,
      ResourceService resources,
      EmulatorProperties properties) {
    SubscriptionRecycler recycler =
        new SubscriptionRecycler(
            admin::getObject,
            () -> SubscriptionName.of(projectId.getProjectId(), pubSub.subscription()),
            resources);
    EmulatorWatch.Sources sources =
        new EmulatorWatch.Sources(
            ingest::status,
            () -> {
              ActiveJobCheck check = activeJob.getIfAvailable();
              return check == null ? Optional.<String>empty() : check.activeJobId();
            },
            runs::list);
    return new EmulatorWatch(sources, recycler, properties, Clock.systemUTC());
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService emulatorWatchSchedule(
      EmulatorWatch watch, EmulatorProperties properties) {
    ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "emulator-watch");
              thread.setDaemon(true);
              return thread;
            });
    long interval = properties.checkInterval().toMillis();
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            watch.check();
          } catch (RuntimeException e) {
            // The next check tries again; the schedule must not die with one failed check.
          }
        },
        interval,
        interval,
        TimeUnit.MILLISECONDS);
    return schedule;
  }

  @Bean
  EmulatorHealthIndicator pubSubEmulatorHealthIndicator(EmulatorWatch watch) {
    return new EmulatorHealthIndicator(watch);
  }
}
