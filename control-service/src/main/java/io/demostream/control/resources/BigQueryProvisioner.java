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
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.BigQueryStatement;
import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.ForecastTables;
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

/**
 * The BigQuery dataset with the warehouse tables (day-partitioned on their partition column,
 * clustered as defined), the forecast tables that BigQuery ML trainings write, and the latest-pane
 * views, all from {@link WarehouseTables}, {@link ForecastTables} and {@link WarehouseViews}. The
 * forecast models themselves are made by their first training ({@code CREATE OR REPLACE MODEL}),
 * not here, and go with the dataset on delete. A table missing columns of the definition gets them
 * added (as NULLABLE, which BigQuery allows in place without rewriting the table; this is how
 * tables made before {@code job_id} gain it, their old rows counting as one incarnation); a view
 * whose query differs is updated, so running {@code ensure} again after an upgrade replaces the
 * views idempotently. Public only for {@link #viewStatements}, the list of its SQL that a test
 * analyzes with ZetaSQL.
 */
public class BigQueryProvisioner implements Provisioner {

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
    for (WarehouseTable table : tables()) {
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
        describeOne(
            ResourceKind.BIGQUERY_DATASET,
            datasetName(),
            () -> retry.call("get-dataset", () -> client.getDataset(datasetId()))));
    for (String name : relationNames()) {
      TableId id = tableId(name);
      states.add(
          describeOne(
              kindOf(name), name(id), () -> retry.call("get-table", () -> client.getTable(id))));
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
      states.add(
          deleteOne(
              kindOf(name), name(id), () -> retry.call("delete-table", () -> client.delete(id))));
    }
    states.add(
        deleteOne(
            ResourceKind.BIGQUERY_DATASET,
            datasetName(),
            () ->
                retry.call(
                    "delete-dataset",
                    () ->
                        client.delete(
                            datasetId(), BigQuery.DatasetDeleteOption.deleteContents()))));
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
      return createOrExisted(
          ResourceKind.BIGQUERY_DATASET, datasetName(), () -> client.create(dataset));
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
      return createOrExisted(ResourceKind.BIGQUERY_TABLE, name(id), () -> client.create(info));
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
          TableInfo.newBuilder(id, viewDefinition(query))
              .setDescription(view.description())
              .build();
      return createOrExisted(ResourceKind.BIGQUERY_VIEW, name(id), () -> client.create(info));
    }
    if (existing.getDefinition() instanceof ViewDefinition definition
        && query.equals(definition.getQuery())) {
      return ResourceState.of(ResourceKind.BIGQUERY_VIEW, name(id), ResourceStatus.EXISTED);
    }
    Table updated = existing.toBuilder().setDefinition(viewDefinition(query)).build();
    retry.call("update-view", () -> client.update(updated));
    return new ResourceState(
        ResourceKind.BIGQUERY_VIEW, name(id), ResourceStatus.UPDATED, "query differed");
  }

  /** The view's query with fully qualified table references. */
  String viewQuery(WarehouseView view) {
    return viewStatement(view, projectIdProvider.getProjectId(), properties.dataset()).sql();
  }

  /** The query of every view, as created in a dataset. */
  public static List<BigQueryStatement> viewStatements(String project, String dataset) {
    return WarehouseViews.ALL.stream().map(view -> viewStatement(view, project, dataset)).toList();
  }

  private static BigQueryStatement viewStatement(
      WarehouseView view, String project, String dataset) {
    return BigQueryStatement.of(
        "view " + view.name(),
        view.bigQuerySelectSql(name -> "`" + project + "." + dataset + "." + name + "`"));
  }

  private static ViewDefinition viewDefinition(String query) {
    return BigQueryStatement.of("view", query).view();
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

  /** CREATED, or EXISTED when the create answers 409 (another caller raced us). */
  private ResourceState createOrExisted(ResourceKind kind, String name, Supplier<?> create) {
    try {
      retry.call("create", create);
      return ResourceState.of(kind, name, ResourceStatus.CREATED);
    } catch (BigQueryException e) {
      if (e.getCode() == CONFLICT) {
        return ResourceState.of(kind, name, ResourceStatus.EXISTED);
      }
      throw e;
    }
  }

  /** EXISTED or MISSING by a lookup that answers null for a missing resource. */
  private static ResourceState describeOne(ResourceKind kind, String name, Supplier<?> lookup) {
    return ResourceOperationException.guard(
        kind, name, () -> ResourceState.ofExistence(kind, name, lookup.get() != null));
  }

  /** DELETED or MISSING by a delete that answers false for a missing resource. */
  private static ResourceState deleteOne(ResourceKind kind, String name, Supplier<Boolean> delete) {
    return ResourceOperationException.guard(
        kind,
        name,
        () ->
            ResourceState.of(
                kind, name, delete.get() ? ResourceStatus.DELETED : ResourceStatus.MISSING));
  }

  /** The warehouse tables, then the forecast tables BigQuery ML's trainings write. */
  private static List<WarehouseTable> tables() {
    List<WarehouseTable> tables = new ArrayList<>(WarehouseTables.ALL);
    tables.addAll(ForecastTables.ALL);
    return tables;
  }

  private static List<String> relationNames() {
    List<String> names = new ArrayList<>();
    tables().forEach(table -> names.add(table.name()));
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
