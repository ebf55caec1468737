package io.demostream.control.jobs.flinkoperator;

import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Flink Kubernetes Operator backend ({@code demostream.launcher=flink-operator}): the {@link
 * FlinkOperatorLauncher} over a fabric8 {@link KubernetesClient} (in a pod: its service account;
 * elsewhere: the kubeconfig), the follower of its drains, and the reader of its jobs' figures.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demostream.launcher", havingValue = "flink-operator")
class FlinkOperatorConfiguration {

  @Bean(destroyMethod = "close")
  KubernetesClient flinkOperatorKubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  PipelineLauncher flinkOperatorLauncher(
      KubernetesClient flinkOperatorKubernetesClient,
      FlinkOperatorProperties properties,
      PipelineTarget target) {
    return new FlinkOperatorLauncher(
        flinkOperatorKubernetesClient, properties, target, Clock.systemUTC());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  PendingDrains flinkOperatorPendingDrains(
      KubernetesClient flinkOperatorKubernetesClient, FlinkOperatorProperties properties) {
    return new PendingDrains(
        flinkOperatorKubernetesClient, properties.namespace(), properties.drainPollInterval());
  }

  @Bean
  PipelineFiguresReader flinkOperatorFiguresReader(
      KubernetesClient flinkOperatorKubernetesClient, FlinkOperatorProperties properties) {
    return new FlinkOperatorFiguresReader(
        flinkOperatorKubernetesClient, properties, Duration.ofSeconds(5), Clock.systemUTC());
  }
}
