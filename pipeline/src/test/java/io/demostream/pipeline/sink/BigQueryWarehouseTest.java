package io.demostream.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.ViewDefinition;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The BigQuery warehouse the pipeline creates at construction, against Beam's in-memory {@link
 * FakeDatasetService}. The fake stores views without running their SQL, so it proves what is
 * created and replaced, not that BigQuery accepts the query; that the SQL is valid BigQuery is only
 * checked against a real dataset (none is reachable here).
 */
@RunWith(JUnit4.class)
public class BigQueryWarehouseTest {

  private static final String PROJECT = "demo-project";
  private static final String DATASET = "demostream";

  private FakeDatasetService datasets;
  private FakeBigQueryServices services;
  private final BigQueryOptions options = PipelineOptionsFactory.as(BigQueryOptions.class);

  @Before
  public void setUpFakes() throws Exception {
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
    services = new FakeBigQueryServices().withDatasetService(datasets);
  }

  @Test
  public void aWarehouseThePipelineMadeAloneHasEveryTableAndView() throws Exception {
    BigQueryWarehouse.createIfAbsent(services, options, PROJECT + ":" + DATASET);

    for (WarehouseTable table : WarehouseTables.ALL) {
      Table created = datasets.getTable(reference(table.name()));
      assertThat(created).as(table.name()).isNotNull();
      assertThat(created.getSchema().getFields())
          .extracting(field -> field.getName())
          .containsExactlyElementsOf(table.columnNames());
      assertThat(created.getTimePartitioning().getField()).isEqualTo(table.partitionColumn());
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      Table created = datasets.getTable(reference(view.name()));
      assertThat(created).as(view.name()).isNotNull();
      assertThat(created.getView().getUseLegacySql()).isFalse();
      assertThat(created.getView().getQuery())
          .isEqualTo(
              view.bigQuerySelectSql(table -> "`" + PROJECT + "." + DATASET + "." + table + "`"))
          .contains("`" + PROJECT + "." + DATASET + "." + view.source().name() + "`");
    }
  }

  @Test
  public void existingTablesAreKeptAndASecondCreationChangesNothing() throws Exception {
    WarehouseTable summary = WarehouseTables.WINDOW_SUMMARY;
    datasets.createTable(
        new Table()
            .setTableReference(reference(summary.name()))
            .setDescription("created earlier")
            .setSchema(BigQuerySchemas.tableSchema(summary)));

    BigQueryWarehouse.createIfAbsent(services, options, PROJECT + ":" + DATASET);
    String viewQuery =
        datasets
            .getTable(reference(WarehouseViews.LATEST_WINDOW_SUMMARY.name()))
            .getView()
            .getQuery();
    BigQueryWarehouse.createIfAbsent(services, options, PROJECT + ":" + DATASET);

    assertThat(datasets.getTable(reference(summary.name())).getDescription())
        .isEqualTo("created earlier");
    assertThat(
            datasets
                .getTable(reference(WarehouseViews.LATEST_WINDOW_SUMMARY.name()))
                .getView()
                .getQuery())
        .isEqualTo(viewQuery);
  }

  @Test
  public void aViewOfAnOlderDefinitionIsReplaced() throws Exception {
    WarehouseView view = WarehouseViews.LATEST_WINDOW_SUMMARY;
    datasets.createTable(
        new Table()
            .setTableReference(reference(view.name()))
            .setView(new ViewDefinition().setQuery("SELECT 1 AS outdated").setUseLegacySql(false)));

    BigQueryWarehouse.createIfAbsent(services, options, PROJECT + ":" + DATASET);

    assertThat(datasets.getTable(reference(view.name())).getView().getQuery())
        .isEqualTo(BigQueryWarehouse.viewQuery(view, PROJECT, DATASET));
  }

  private static TableReference reference(String name) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(DATASET).setTableId(name);
  }
}
