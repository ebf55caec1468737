package io.demostream.control.resources;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.cloud.bigquery.ViewDefinition;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import io.demostream.control.config.BigQueryProperties;
import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The BigQuery dataset with the warehouse tables (day-partitioned on their partition column,
 * clustered as defined) and the latest-pane views, all from {@link WarehouseTables} and {@link
 * WarehouseViews}. A table missing columns of the definition gets them added (as NULLABLE, which
 * BigQuery allows in place); a view whose query differs is updated.
 */
@Component
class BigQueryProvisioner implements Provisioner {

  private static final int CONFLICT = 409;

  private final ObjectProvider<BigQuery> bigQuery;
  private final GcpProjectIdProvider projectIdProvider;
  private final BigQueryProperties properties;
  private final TransientFaultRetry retry;

  BigQueryProvisioner(
      ObjectProvider<BigQuery> bigQuery,
      GcpProjectIdProvider projectIdProvider,
      BigQueryProperties properties,
      TransientFaultRetry retry) {
    this.bigQuery = bigQuery;
    this.projectIdProvider = projectIdProvider;
    this.properties = properties;
    this.retry = retry;
  }

  @Override
  public List<ResourceState> ensure() {
    BigQuery client = bigQuery.getObject();
    List<ResourceState> states = new ArrayList<>();
    states.add(
        ResourceOperationException.guard(
            ResourceKind.BIGQUERY_DATASET, datasetName(), () -> ensureDataset(client)));
    for (WarehouseTable table : WarehouseTables.ALL) {
      TableId id = tableId(table.name());
      states.add(
          ResourceOperationException.guard(
              ResourceKind.BIGQUERY_TABLE, name(id), () -> ensureTable(client, table, id)));
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      TableId id = tableId(view.name());
      states.add(
          ResourceOperationException.guard(
              ResourceKind.BIGQUERY_VIEW, name(id), () -> ensureView(client, view, id)));
    }
    return states;
  }

  @Override
  public List<ResourceState> describe() {
    BigQuery client = bigQuery.getObject();
    List<ResourceState> states = new ArrayList<>();
    states.add(
        ResourceOperationException.guard(
            ResourceKind.BIGQUERY_DATASET,
            datasetName(),
            () ->
                exists(
                    ResourceKind.BIGQUERY_DATASET,
                    datasetName(),
                    retry.call("get-dataset", () -> client.getDataset(datasetId())) != null)));
    for (String name : relationNames()) {
      TableId id = tableId(name);
      ResourceKind kind = kindOf(name);
      states.add(
          ResourceOperationException.guard(
              kind,
              name(id),
              () ->
                  exists(
                      kind, name(id), retry.call("get-table", () -> client.getTable(id)) != null)));
    }
    return states;
  }

  @Override
  public List<ResourceState> delete() {
    BigQuery client = bigQuery.getObject();
    List<ResourceState> states = new ArrayList<>();
    // Views, then tables, then the (then empty) dataset.
    List<String> names = new ArrayList<>(relationNames());
    java.util.Collections.reverse(names);
    for (String name : names) {
      TableId id = tableId(name);
      ResourceKind kind = kindOf(name);
      states.add(
          ResourceOperationException.guard(
              kind,
              name(id),
              () -> deleted(kind, name(id), retry.call("delete-table", () -> client.delete(id)))));
    }
    states.add(
        ResourceOperationException.guard(
            ResourceKind.BIGQUERY_DATASET,
            datasetName(),
            () ->
                deleted(
                    ResourceKind.BIGQUERY_DATASET,
                    datasetName(),
                    retry.call(
                        "delete-dataset",
                        () ->
                            client.delete(
                                datasetId(), BigQuery.DatasetDeleteOption.deleteContents())))));
    return states;
  }

  @Override
  public List<ResourceState> notApplicable(String reason) {
    return List.of(
        new ResourceState(
            ResourceKind.BIGQUERY_DATASET, datasetName(), ResourceStatus.NOT_APPLICABLE, reason));
  }

  private ResourceState ensureDataset(BigQuery client) {
    Dataset existing = retry.call("get-dataset", () -> client.getDataset(datasetId()));
    if (existing == null) {
      DatasetInfo dataset =
          DatasetInfo.newBuilder(datasetId())
              .setLocation(properties.location())
              .setDescription("demostream warehouse: window aggregates, dead letters and views")
              .build();
      if (createOrConflict(() -> client.create(dataset))) {
        return ResourceState.of(
            ResourceKind.BIGQUERY_DATASET, datasetName(), ResourceStatus.CREATED);
      }
      return ResourceState.of(ResourceKind.BIGQUERY_DATASET, datasetName(), ResourceStatus.EXISTED);
    }
    if (existing.getLocation() != null
        && !existing.getLocation().equalsIgnoreCase(properties.location())) {
      // A dataset's location is fixed at creation; say so rather than fail.
      return new ResourceState(
          ResourceKind.BIGQUERY_DATASET,
          datasetName(),
          ResourceStatus.EXISTED,
          "location is "
              + existing.getLocation()
              + ", not the configured "
              + properties.location()
              + "; a dataset's location cannot change");
    }
    return ResourceState.of(ResourceKind.BIGQUERY_DATASET, datasetName(), ResourceStatus.EXISTED);
  }

  private ResourceState ensureTable(BigQuery client, WarehouseTable table, TableId id) {
    Table existing = retry.call("get-table", () -> client.getTable(id));
    if (existing == null) {
      TableInfo info =
          TableInfo.newBuilder(id, tableDefinition(table))
              .setDescription(table.description())
              .build();
      return ResourceState.of(
          ResourceKind.BIGQUERY_TABLE,
          name(id),
          createOrConflict(() -> client.create(info))
              ? ResourceStatus.CREATED
              : ResourceStatus.EXISTED);
    }
    StandardTableDefinition definition = existing.getDefinition();
    FieldList fields =
        definition.getSchema() == null ? FieldList.of() : definition.getSchema().getFields();
    Set<String> present = fields.stream().map(Field::getName).collect(Collectors.toSet());
    List<Field> added =
        table.columns().stream()
            .filter(column -> !present.contains(column.name()))
            .map(column -> field(column, Field.Mode.NULLABLE))
            .toList();
    if (added.isEmpty()) {
      return ResourceState.of(ResourceKind.BIGQUERY_TABLE, name(id), ResourceStatus.EXISTED);
    }
    List<Field> schema = new ArrayList<>(fields);
    schema.addAll(added);
    Table updated =
        existing.toBuilder()
            .setDefinition(definition.toBuilder().setSchema(Schema.of(schema)).build())
            .build();
    retry.call("update-table", () -> client.update(updated));
    return new ResourceState(
        ResourceKind.BIGQUERY_TABLE,
        name(id),
        ResourceStatus.UPDATED,
        "added columns " + added.stream().map(Field::getName).collect(Collectors.joining(", ")));
  }

  private ResourceState ensureView(BigQuery client, WarehouseView view, TableId id) {
    String query = viewQuery(view);
    Table existing = retry.call("get-view", () -> client.getTable(id));
    if (existing == null) {
      TableInfo info =
          TableInfo.newBuilder(id, ViewDefinition.newBuilder(query).setUseLegacySql(false).build())
              .setDescription(view.description())
              .build();
      return ResourceState.of(
          ResourceKind.BIGQUERY_VIEW,
          name(id),
          createOrConflict(() -> client.create(info))
              ? ResourceStatus.CREATED
              : ResourceStatus.EXISTED);
    }
    if (existing.getDefinition() instanceof ViewDefinition definition
        && query.equals(definition.getQuery())) {
      return ResourceState.of(ResourceKind.BIGQUERY_VIEW, name(id), ResourceStatus.EXISTED);
    }
    Table updated =
        existing.toBuilder()
            .setDefinition(ViewDefinition.newBuilder(query).setUseLegacySql(false).build())
            .build();
    retry.call("update-view", () -> client.update(updated));
    return new ResourceState(
        ResourceKind.BIGQUERY_VIEW, name(id), ResourceStatus.UPDATED, "query differed");
  }

  /** The view's query with fully qualified table references. */
  String viewQuery(WarehouseView view) {
    return view.selectSql(
        name ->
            "`" + projectIdProvider.getProjectId() + "." + properties.dataset() + "." + name + "`");
  }

  static StandardTableDefinition tableDefinition(WarehouseTable table) {
    List<Field> fields =
        table.columns().stream()
            .map(c -> field(c, c.required() ? Field.Mode.REQUIRED : Field.Mode.NULLABLE))
            .toList();
    StandardTableDefinition.Builder definition =
        StandardTableDefinition.newBuilder()
            .setSchema(Schema.of(fields))
            .setTimePartitioning(
                TimePartitioning.newBuilder(TimePartitioning.Type.DAY)
                    .setField(table.partitionColumn())
                    .build());
    if (!table.clusterColumns().isEmpty()) {
      definition.setClustering(Clustering.newBuilder().setFields(table.clusterColumns()).build());
    }
    return definition.build();
  }

  private static Field field(Column column, Field.Mode mode) {
    return Field.newBuilder(
            column.name(), StandardSQLTypeName.valueOf(column.type().bigQueryType()))
        .setMode(mode)
        .setDescription(column.description())
        .build();
  }

  /** True when created, false when it already existed (409: another caller raced us). */
  private boolean createOrConflict(Supplier<?> create) {
    try {
      retry.call("create", create);
      return true;
    } catch (BigQueryException e) {
      if (e.getCode() == CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  private static ResourceState exists(ResourceKind kind, String name, boolean exists) {
    return ResourceState.of(kind, name, exists ? ResourceStatus.EXISTED : ResourceStatus.MISSING);
  }

  private static ResourceState deleted(ResourceKind kind, String name, boolean deleted) {
    return ResourceState.of(kind, name, deleted ? ResourceStatus.DELETED : ResourceStatus.MISSING);
  }

  private static List<String> relationNames() {
    List<String> names = new ArrayList<>();
    WarehouseTables.ALL.forEach(table -> names.add(table.name()));
    WarehouseViews.ALL.forEach(view -> names.add(view.name()));
    return names;
  }

  private static ResourceKind kindOf(String name) {
    return WarehouseViews.ALL.stream().anyMatch(view -> view.name().equals(name))
        ? ResourceKind.BIGQUERY_VIEW
        : ResourceKind.BIGQUERY_TABLE;
  }

  private DatasetId datasetId() {
    return DatasetId.of(projectIdProvider.getProjectId(), properties.dataset());
  }

  private TableId tableId(String name) {
    return TableId.of(projectIdProvider.getProjectId(), properties.dataset(), name);
  }

  private String datasetName() {
    return projectIdProvider.getProjectId() + "." + properties.dataset();
  }

  private static String name(TableId id) {
    return id.getProject() + "." + id.getDataset() + "." + id.getTable();
  }
}
