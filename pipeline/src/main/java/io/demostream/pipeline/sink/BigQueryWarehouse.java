package io.demostream.pipeline.sink;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.ViewDefinition;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.io.IOException;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices.DatasetService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the whole BigQuery warehouse in an existing dataset before the pipeline starts, through
 * the BigQuery client Beam's GCP IO brings ({@link BigQueryServices}): every table of {@link
 * WarehouseTables} that is missing (as the sink would create it: schema, day partitioning,
 * clustering), then every view of {@link WarehouseViews}, created, or replaced when its query
 * differs from the definition. A view needs its tables to exist, which is why the tables are not
 * left to the sink's first write. Idempotent; done once, at pipeline construction.
 */
public final class BigQueryWarehouse {

  private static final Logger LOG = LoggerFactory.getLogger(BigQueryWarehouse.class);

  private BigQueryWarehouse() {}

  /**
   * @param dataset {@code PROJECT:DATASET}
   */
  public static void createIfAbsent(
      BigQueryServices services, BigQueryOptions options, String dataset) {
    String[] parts = dataset.split(":", 2);
    String project = parts[0];
    String datasetId = parts[1];
    try (DatasetService datasets = services.getDatasetService(options)) {
      for (WarehouseTable table : WarehouseTables.ALL) {
        TableReference reference = reference(project, datasetId, table.name());
        if (datasets.getTable(reference) == null) {
          datasets.createTable(
              new Table()
                  .setTableReference(reference)
                  .setDescription(table.description())
                  .setSchema(BigQuerySchemas.tableSchema(table))
                  .setTimePartitioning(BigQuerySchemas.partitioning(table))
                  .setClustering(BigQuerySchemas.clustering(table)));
          LOG.info("Created table {}.{}", dataset, table.name());
        }
      }
      for (WarehouseView view : WarehouseViews.ALL) {
        ensureView(datasets, project, datasetId, view);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the BigQuery warehouse in " + dataset + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating the BigQuery warehouse", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create the BigQuery warehouse in " + dataset + ": " + e.getMessage(), e);
    }
  }

  /** The view's standard SQL, reading the tables of the same dataset. */
  static String viewQuery(WarehouseView view, String project, String datasetId) {
    return view.bigQuerySelectSql(table -> "`" + project + "." + datasetId + "." + table + "`");
  }

  private static void ensureView(
      DatasetService datasets, String project, String datasetId, WarehouseView view)
      throws IOException, InterruptedException {
    TableReference reference = reference(project, datasetId, view.name());
    String query = viewQuery(view, project, datasetId);
    Table existing = datasets.getTable(reference);
    if (existing != null
        && existing.getView() != null
        && query.equals(existing.getView().getQuery())) {
      return;
    }
    if (existing != null) {
      // The tables API has no "create or replace": a view of an older definition is replaced.
      datasets.deleteTable(reference);
    }
    datasets.createTable(
        new Table()
            .setTableReference(reference)
            .setDescription(view.description())
            .setView(new ViewDefinition().setQuery(query).setUseLegacySql(false)));
    LOG.info("{} view {}.{}", existing == null ? "Created" : "Replaced", datasetId, view.name());
  }

  private static TableReference reference(String project, String datasetId, String name) {
    return new TableReference().setProjectId(project).setDatasetId(datasetId).setTableId(name);
  }
}
