package io.demostream.control.resources;

import static io.demostream.control.resources.TestProvisioning.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.google.cloud.bigquery.BigQueryException;
import io.demostream.control.api.ConflictException;
import io.demostream.control.jobs.ActiveJobCheck;
import io.demostream.control.jobs.LauncherProperties;
import io.demostream.control.jobs.LauncherProperties.Launcher;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.control.warehouse.WarehouseProperties.Type;
import io.demostream.support.problem.InvalidRequestException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Which provisioners run for which deployment, in which order, and how outcomes are counted. */
class ResourceServiceTests {

  private final PubSubProvisioner pubSub = mock(PubSubProvisioner.class);
  private final BigQueryProvisioner bigQuery = mock(BigQueryProvisioner.class);
  private final JdbcWarehouseProvisioner jdbc = mock(JdbcWarehouseProvisioner.class);
  private final StorageProvisioner storage = mock(StorageProvisioner.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private ResourceService service(Launcher launcher, Type warehouse, ActiveJobCheck... jobs) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    if (jobs.length > 0) {
      beans.addBean("jobs", jobs[0]);
    }
    return new ResourceService(
        new LauncherProperties(launcher),
        new WarehouseProperties(warehouse, "", "", "", 1),
        () -> PROJECT,
        pubSub,
        bigQuery,
        jdbc,
        storage,
        beans.getBeanProvider(ActiveJobCheck.class),
        meters);
  }

  private static ResourceState state(ResourceKind kind, String name, ResourceStatus status) {
    return ResourceState.of(kind, name, status);
  }

  @Test
  void localDeploymentUsesEmulatorAndJdbcAndMarksCloudResourcesNotApplicable() {
    given(pubSub.ensure())
        .willReturn(List.of(state(ResourceKind.PUBSUB_TOPIC, "t", ResourceStatus.CREATED)));
    given(jdbc.ensure())
        .willReturn(
            List.of(state(ResourceKind.JDBC_TABLE, "window_summary", ResourceStatus.CREATED)));
    given(bigQuery.notApplicable(anyString()))
        .willReturn(
            List.of(
                new ResourceState(
                    ResourceKind.BIGQUERY_DATASET, "d", ResourceStatus.NOT_APPLICABLE, "jdbc")));
    given(storage.notApplicable(anyString()))
        .willReturn(
            List.of(
                new ResourceState(
                    ResourceKind.STORAGE_BUCKET, "b", ResourceStatus.NOT_APPLICABLE, "local")));

    ResourceReport report = service(Launcher.LOCAL, Type.JDBC).ensure();

    assertThat(report.resources())
        .extracting(ResourceState::kind)
        .containsExactly(
            ResourceKind.PUBSUB_TOPIC,
            ResourceKind.JDBC_TABLE,
            ResourceKind.BIGQUERY_DATASET,
            ResourceKind.STORAGE_BUCKET);
    assertThat(report.launcher()).isEqualTo("local");
    assertThat(report.warehouse()).isEqualTo("jdbc");
    verify(bigQuery, never()).ensure();
    verify(storage, never()).ensure();
    assertThat(
            meters
                .get(ResourceService.METRIC)
                .tags("operation", "ensure", "kind", "storage-bucket", "outcome", "not-applicable")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void cloudDeploymentProvisionsInOrderAndDeletesInReverse() {
    given(pubSub.ensure()).willReturn(List.of());
    given(bigQuery.ensure()).willReturn(List.of());
    given(storage.ensure()).willReturn(List.of());
    ResourceService service = service(Launcher.DATAFLOW, Type.BIGQUERY);

    service.ensure();
    service.delete(PROJECT);

    InOrder order = inOrder(pubSub, bigQuery, storage);
    order.verify(pubSub).ensure();
    order.verify(bigQuery).ensure();
    order.verify(storage).ensure();
    order.verify(storage).delete();
    order.verify(bigQuery).delete();
    order.verify(pubSub).delete();
    verifyNoInteractions(jdbc);
  }

  @Test
  void failureIsCountedAndPropagated() {
    given(pubSub.ensure()).willReturn(List.of());
    given(bigQuery.ensure())
        .willThrow(
            new ResourceOperationException(
                ResourceKind.BIGQUERY_DATASET, "d", new BigQueryException(403, "denied")));

    assertThatThrownBy(service(Launcher.LOCAL, Type.BIGQUERY)::ensure)
        .isInstanceOf(ResourceOperationException.class);
    assertThat(
            meters
                .get(ResourceService.METRIC)
                .tags("operation", "ensure", "kind", "bigquery-dataset", "outcome", "failed")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void deleteWithoutOrWithWrongConfirmationChangesNothing() {
    ResourceService service = service(Launcher.LOCAL, Type.JDBC);

    assertThatThrownBy(() -> service.delete(null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("confirm"));
    assertThatThrownBy(() -> service.delete("someone-elses-project"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("confirm"));
    verify(pubSub, never()).delete();
    verify(jdbc, never()).delete();
  }

  @Test
  void deleteIsRefusedWhileAJobIsActive() {
    ResourceService service =
        service(Launcher.LOCAL, Type.JDBC, () -> Optional.of("demostream-job-1"));

    assertThatThrownBy(() -> service.delete(PROJECT))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> assertThat(e.properties()).isEqualTo(Map.of("jobId", "demostream-job-1")));
    verify(pubSub, never()).delete();
  }

  @Test
  void reportSaysWhetherAnythingChanged() {
    assertThat(
            new ResourceReport(
                    PROJECT,
                    "local",
                    "jdbc",
                    List.of(state(ResourceKind.JDBC_VIEW, "v", ResourceStatus.EXISTED)))
                .changedAnything())
        .isFalse();
    assertThat(
            new ResourceReport(
                    PROJECT,
                    "local",
                    "jdbc",
                    List.of(state(ResourceKind.JDBC_VIEW, "v", ResourceStatus.UPDATED)))
                .changedAnything())
        .isTrue();
  }
}
