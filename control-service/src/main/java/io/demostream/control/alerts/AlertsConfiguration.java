package io.demostream.control.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherTemplate;
import com.google.cloud.spring.pubsub.core.subscriber.PubSubSubscriberTemplate;
import io.demostream.control.alerts.evaluation.AlertEvaluator;
import io.demostream.control.alerts.evaluation.AlertStateStore;
import io.demostream.control.alerts.evaluation.BigQueryStoredPanes;
import io.demostream.control.alerts.evaluation.DryRun;
import io.demostream.control.alerts.evaluation.ForecastExpectations;
import io.demostream.control.alerts.evaluation.JdbcStoredPanes;
import io.demostream.control.alerts.evaluation.PaneSubscriber;
import io.demostream.control.alerts.evaluation.RunActivity;
import io.demostream.control.alerts.evaluation.StoredPanes;
import io.demostream.control.alerts.evaluation.TransitionHistory;
import io.demostream.control.alerts.notify.AlertChannel;
import io.demostream.control.alerts.notify.AlertMetrics;
import io.demostream.control.alerts.notify.Outbox;
import io.demostream.control.alerts.notify.OutboxDispatcher;
import io.demostream.control.alerts.notify.PubSubAlertChannel;
import io.demostream.control.alerts.notify.WebhookChannel;
import io.demostream.control.alerts.rules.AlertRuleRepository;
import io.demostream.control.alerts.rules.AlertRuleService;
import io.demostream.control.alerts.silences.SilenceRepository;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.insights.forecast.ForecastEngine;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires alerts on the state database (Spring Boot's DataSource, schema {@code V5__alerts.sql}):
 * rules, the evaluator and its panes subscriber, the outbox and its dispatcher with the {@code
 * pubsub} and {@code webhook} channels, silences, and their schedules.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertsProperties.class)
class AlertsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AlertsConfiguration.class);

  /** Identifies this replica's outbox leases. */
  private static final String REPLICA = "control-" + UUID.randomUUID();

  @Bean
  AlertRuleRepository alertRuleRepository(DataSource dataSource, ObjectMapper json) {
    return new AlertRuleRepository(dataSource, json);
  }

  @Bean
  AlertRuleService alertRuleService(AlertRuleRepository rules) {
    return new AlertRuleService(rules, Clock.systemUTC());
  }

  @Bean
  SilenceRepository silenceRepository(DataSource dataSource) {
    return new SilenceRepository(dataSource);
  }

  @Bean
  Outbox alertOutbox(DataSource dataSource) {
    return new Outbox(dataSource);
  }

  @Bean
  AlertMetrics alertMetrics(MeterRegistry registry) {
    return new AlertMetrics(registry);
  }

  @Bean
  AlertStateStore alertStateStore(DataSource dataSource, ObjectMapper json, Outbox outbox) {
    return new AlertStateStore(dataSource, json, outbox);
  }

  @Bean
  TransitionHistory transitionHistory(DataSource dataSource) {
    return new TransitionHistory(dataSource);
  }

  @Bean
  AlertEvaluator alertEvaluator(
      AlertRuleRepository rules,
      AlertStateStore states,
      DataSource dataSource,
      AlertMetrics metrics,
      AlertsProperties properties,
      ObjectProvider<ForecastEngine> forecasts) {
    ForecastEngine forecast = forecasts.getIfAvailable();
    return new AlertEvaluator(
        rules,
        states,
        new RunActivity(dataSource),
        metrics,
        Clock.systemUTC(),
        properties.gapGrace(),
        forecast == null ? null : new ForecastExpectations(forecast));
  }

  @Bean
  @ConditionalOnProperty(
      name = "demostream.warehouse.type",
      havingValue = "jdbc",
      matchIfMissing = true)
  StoredPanes jdbcStoredPanes(JdbcWarehouse warehouse) {
    return new JdbcStoredPanes(warehouse::jdbcTemplate);
  }

  /** The dry run's one query on BigQuery; evaluation itself never reads the warehouse. */
  @Bean
  @ConditionalOnProperty(name = "demostream.warehouse.type", havingValue = "bigquery")
  StoredPanes bigQueryStoredPanes(
      ObjectProvider<BigQuery> bigQuery, BigQueryProperties properties) {
    return new BigQueryStoredPanes(bigQuery::getObject, properties.dataset());
  }

  @Bean
  DryRun alertDryRun(StoredPanes panes) {
    return new DryRun(panes);
  }

  @Bean
  OutboxDispatcher outboxDispatcher(
      Outbox outbox,
      SilenceRepository silences,
      AlertMetrics metrics,
      AlertRuleRepository rules,
      ObjectMapper json,
      ObjectProvider<PubSubPublisherTemplate> publisher,
      AlertsProperties properties,
      PubSubProperties pubSub) {
    List<AlertChannel> channels = new ArrayList<>();
    channels.add(new PubSubAlertChannel(publisher, pubSub.alertsTopic(), Duration.ofSeconds(30)));
    if (!properties.webhook().url().isBlank()) {
      channels.add(
          new WebhookChannel(
              URI.create(properties.webhook().url()),
              properties.webhook().secret(),
              properties.webhook().timeout()));
    }
    return new OutboxDispatcher(
        outbox,
        channels,
        silences,
        metrics,
        rules::recordNotification,
        json,
        Clock.systemUTC(),
        REPLICA,
        properties.leaseDuration(),
        properties.maxAttempts(),
        properties.initialBackoff(),
        properties.maxBackoff());
  }

  @Bean
  PaneSubscriber paneSubscriber(
      ObjectProvider<PubSubSubscriberTemplate> subscriber,
      AlertEvaluator evaluator,
      PubSubProperties pubSub) {
    return new PaneSubscriber(subscriber, pubSub.panesSubscription(), evaluator);
  }

  @Bean
  AlertsScheduler alertsScheduler(
      OutboxDispatcher dispatcher,
      AlertEvaluator evaluator,
      PaneSubscriber subscriber,
      AlertsProperties properties,
      Environment environment,
      GcpProjectIdProvider project,
      PubSubProperties pubSub) {
    boolean emulator =
        !environment.getProperty("spring.cloud.gcp.pubsub.emulator-host", "").isBlank();
    boolean evaluate = properties.evaluate();
    if (evaluate && pubSub.panesSubscription().isBlank()) {
      log.info("Alert rules are not evaluated: demostream.pubsub.panes-subscription is blank");
      evaluate = false;
    }
    if (evaluate && !emulator && "demo-project".equals(project.getProjectId())) {
      // The local default project without an emulator reaches no Pub/Sub at all.
      log.info(
          "Alert rules are not evaluated: no Pub/Sub emulator and the local default project;"
              + " set spring.cloud.gcp.pubsub.emulator-host or a project to read {}",
          pubSub.panesSubscription());
      evaluate = false;
    }
    return new AlertsScheduler(dispatcher, evaluator, subscriber, properties, evaluate);
  }
}
