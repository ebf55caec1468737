package io.demostream.control.resources;

import com.google.cloud.spring.core.GcpProjectIdProvider;
import io.demostream.control.api.ConflictException;
import io.demostream.control.jobs.ActiveJobCheck;
import io.demostream.control.jobs.LauncherProperties;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.support.problem.InvalidRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Ensures, describes and deletes the environment's resources. Which ones apply follows {@code
 * demostream.launcher} and {@code demostream.warehouse.type}: the topic and subscription always (on
 * the emulator locally); the BigQuery dataset, tables and views, or the same tables and views in
 * the JDBC warehouse; the Cloud Storage bucket only with Dataflow. Resources that do not apply are
 * reported {@code not-applicable}.
 *
 * <p>Every operation counts {@code demostream.control.resources.operations} by operation, kind and
 * outcome. Deletion refuses while {@link ActiveJobCheck} reports an active job.
 */
public class ResourceService {

  static final String METRIC = "demostream.control.resources.operations";

  private static final Logger log = LoggerFactory.getLogger(ResourceService.class);

  private final LauncherProperties launcher;
  private final WarehouseProperties warehouse;
  private final GcpProjectIdProvider projectIdProvider;
  private final PubSubProvisioner pubSub;
  private final BigQueryProvisioner bigQuery;
  private final JdbcWarehouseProvisioner jdbcWarehouse;
  private final StorageProvisioner storage;
  private final ObjectProvider<ActiveJobCheck> activeJobCheck;
  private final MeterRegistry meterRegistry;

  ResourceService(
      LauncherProperties launcher,
      WarehouseProperties warehouse,
      GcpProjectIdProvider projectIdProvider,
      PubSubProvisioner pubSub,
      BigQueryProvisioner bigQuery,
      JdbcWarehouseProvisioner jdbcWarehouse,
      StorageProvisioner storage,
      ObjectProvider<ActiveJobCheck> activeJobCheck,
      MeterRegistry meterRegistry) {
    this.launcher = launcher;
    this.warehouse = warehouse;
    this.projectIdProvider = projectIdProvider;
    this.pubSub = pubSub;
    this.bigQuery = bigQuery;
    this.jdbcWarehouse = jdbcWarehouse;
    this.storage = storage;
    this.activeJobCheck = activeJobCheck;
    this.meterRegistry = meterRegistry;
  }

  /** Creates what is missing and updates what differs; a second call reports only existed. */
  public ResourceReport ensure() {
    ResourceReport report = run("ensure", Provisioner::ensure);
    log.info(
        "Resources ensured: {}",
        report.resources().stream().map(r -> r.name() + "=" + r.status().json()).toList());
    return report;
  }

  /** Reports what exists, changing nothing. */
  public ResourceReport describe() {
    return run("describe", Provisioner::describe);
  }

  /**
   * Deletes every resource of the environment.
   *
   * @param confirmProjectId must equal the project id, so a teardown is never an accident
   * @throws InvalidRequestException (field {@code confirm}) when it is missing or another project
   * @throws ConflictException while a pipeline job is active
   */
  public ResourceReport delete(String confirmProjectId) {
    String projectId = projectId();
    if (confirmProjectId == null || confirmProjectId.isBlank()) {
      throw new InvalidRequestException(
          "confirm",
          "Deleting resources needs confirm=<project-id> (the project is " + projectId + ").");
    }
    if (!confirmProjectId.equals(projectId)) {
      throw new InvalidRequestException(
          "confirm", "confirm='" + confirmProjectId + "' is not this environment's project id.");
    }
    Optional<String> activeJob =
        Optional.ofNullable(activeJobCheck.getIfAvailable()).flatMap(ActiveJobCheck::activeJobId);
    if (activeJob.isPresent()) {
      throw new ConflictException(
          "A pipeline job is running (" + activeJob.get() + "); stop it before deleting resources.",
          Map.of("jobId", activeJob.get()));
    }
    ResourceReport report = run("delete", Provisioner::delete);
    log.info(
        "Resources deleted: {}",
        report.resources().stream().map(r -> r.name() + "=" + r.status().json()).toList());
    return report;
  }

  private ResourceReport run(String operation, Function<Provisioner, List<ResourceState>> action) {
    List<Provisioner> order = new ArrayList<>();
    List<ResourceState> states = new ArrayList<>();
    order.add(pubSub);
    order.add(warehouse.usesBigQuery() ? bigQuery : jdbcWarehouse);
    if (launcher.usesDataflow()) {
      order.add(storage);
    }
    // Deletion goes in reverse: nothing is removed while something that depends on it remains.
    if ("delete".equals(operation)) {
      java.util.Collections.reverse(order);
    }
    for (Provisioner provisioner : order) {
      try {
        states.addAll(action.apply(provisioner));
      } catch (ResourceOperationException e) {
        count(operation, e.kind().json(), "failed");
        throw e;
      }
    }
    if (!warehouse.usesBigQuery()) {
      states.addAll(bigQuery.notApplicable("demostream.warehouse.type is jdbc"));
    }
    if (!launcher.usesDataflow()) {
      states.addAll(storage.notApplicable("demostream.launcher is local"));
    }
    states.forEach(state -> count(operation, state.kind().json(), state.status().json()));
    return new ResourceReport(
        projectId(),
        launcher.launcher().configName(),
        warehouse.type().name().toLowerCase(Locale.ROOT),
        states);
  }

  private void count(String operation, String kind, String outcome) {
    Counter.builder(METRIC)
        .description("Resource provisioning operations by kind and outcome")
        .tag("operation", operation)
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(meterRegistry)
        .increment();
  }

  private String projectId() {
    String projectId = projectIdProvider.getProjectId();
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalStateException("spring.cloud.gcp.project-id is not set");
    }
    return projectId;
  }
}
