package io.demostream.support.startup;

import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * A service's check of its own configuration, run as the first bean factory post-processor: after
 * every property source is in place and before any bean is created, so a configuration that cannot
 * work fails before a Google client is built (and before building it fails for a reason the
 * configuration would have named). Subclasses read the environment (binding their properties with
 * {@link org.springframework.boot.context.properties.bind.Binder} where records help) and return
 * every problem at once; any problem stops the start with a {@link StartupConfigurationException}.
 * Declare the subclass as a {@code @Component} or a {@code static @Bean}.
 */
public abstract class StartupConfigurationCheck
    implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

  private final String service;
  private Environment environment;

  protected StartupConfigurationCheck(String service) {
    this.service = service;
  }

  /** Every problem of the configuration, each a sentence saying what to set; empty if none. */
  protected abstract List<String> problems(Environment environment);

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    List<String> problems = problems(environment);
    if (!problems.isEmpty()) {
      throw new StartupConfigurationException(service, problems);
    }
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }
}
