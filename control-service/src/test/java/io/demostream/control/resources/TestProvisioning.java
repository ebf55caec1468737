package io.demostream.control.resources;

import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Small helpers shared by the provisioner tests. */
final class TestProvisioning {

  static final String PROJECT = "demo-project";

  private TestProvisioning() {}

  /** Three attempts, 10 ms apart then 20 ms: retries without slowing the tests. */
  static TransientFaultRetry fastRetry() {
    return new TransientFaultRetry(new ResourcesProperties(3, Duration.ofMillis(10)));
  }

  static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
    return new StaticListableBeanFactory(Map.of("bean", bean)).getBeanProvider(type);
  }
}
