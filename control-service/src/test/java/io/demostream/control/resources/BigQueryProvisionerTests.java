package io.demostream.control.resources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.demostream.control.resources.TestProvisioning.PROJECT;
import static io.demostream.control.resources.TestProvisioning.fastRetry;
import static io.demostream.control.resources.TestProvisioning.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import io.demostream.control.api.ApiExceptionHandler;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.jobs.ActiveJobCheck;
import io.demostream.control.jobs.LauncherProperties;
import io.demostream.control.testing.FakeGoogleApis;
import io.demostream.control.testing.TestWarehouses;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.ForecastTables;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The BigQuery dataset, tables and views through the real BigQuery client, whose REST calls
 * WireMock answers.
 */
class BigQueryProvisionerTests {

  static final String BASE = "/bigquery/v2/projects/demo-project/datasets";
  static final String DATASET = BASE + "/demostream";
  static final String TABLES = DATASET + "/tables";

  @RegisterExtension
  static WireMockExtension wireMock =
      WireMockExtension.newInstance().options(FakeGoogleApis.wireMock()).build();

  private final ObjectMapper json = new ObjectMapper();
  private BigQuery bigQuery;
  private BigQueryProvisioner provisioner;

  @BeforeEach
  void client() {
    bigQuery = FakeGoogleApis.bigQuery(wireMock.baseUrl());
    provisioner =
        new BigQueryProvisioner(
            provider(BigQuery.class, bigQuery),
            () -> PROJECT,
            new BigQueryProperties("demostream", "EU"),
            fastRetry());
  }

  @Test
  void ensureCreatesDatasetPartitionedClusteredTablesAndViews() {
    wireMock.stubFor(get(urlPathMatching(BASE + "/.*")).willReturn(notFound()));
    wireMock.stubFor(post(urlPathEqualTo(BASE)).willReturn(echo()));
    stubTableCreates();

    List<ResourceState> states = provisioner.ensure();

    assertThat(states).extracting(ResourceState::status).containsOnly(ResourceStatus.CREATED);
    assertThat(states)
        .extracting(ResourceState::name)
        .contains("demo-project.demostream", "demo-project.demostream.window_by_country_gender");
    wireMock.verify(
        postRequestedFor(urlPathEqualTo(BASE))
            .withRequestBody(matchingJsonPath("$.location", equalTo("EU")))
            .withRequestBody(
                matchingJsonPath("$.datasetReference.datasetId", equalTo("demostream"))));
    wireMock.verify(
        postRequestedFor(urlPathEqualTo(TABLES))
            .withRequestBody(
                matchingJsonPath("$.tableReference.tableId", equalTo("window_by_country_gender")))
            .withRequestBody(matchingJsonPath("$.timePartitioning.type", equalTo("DAY")))
            .withRequestBody(matchingJsonPath("$.timePartitioning.field", equalTo("window_start")))
            .withRequestBody(matchingJsonPath("$.clustering.fields[0]", equalTo("country")))
            .withRequestBody(matchingJsonPath("$.clustering.fields[1]", equalTo("gender")))
            .withRequestBody(matchingJsonPath("$.schema.fields[0].name", equalTo("window_start")))
            .withRequestBody(matchingJsonPath("$.schema.fields[0].type", equalTo("TIMESTAMP")))
            .withRequestBody(matchingJsonPath("$.schema.fields[0].mode", equalTo("REQUIRED"))));
    wireMock.verify(
        postRequestedFor(urlPathEqualTo(TABLES))
            .withRequestBody(
                matchingJsonPath("$.tableReference.tableId", equalTo("latest_window_summary")))
            .withRequestBody(matchingJsonPath("$.view.useLegacySql", equalTo("false")))
            .withRequestBody(
                matchingJsonPath(
                    "$.view.query",
                    com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "FROM `demo-project.demostream.window_summary`"))));
    // The forecast tables BigQuery ML's trainings write, for Tableau.
    wireMock.verify(
        postRequestedFor(urlPathEqualTo(TABLES))
            .withRequestBody(
                matchingJsonPath("$.tableReference.tableId", equalTo("forecast_points")))
            .withRequestBody(matchingJsonPath("$.timePartitioning.field", equalTo("window_start")))
            .withRequestBody(matchingJsonPath("$.clustering.fields[0]", equalTo("model")))
            .withRequestBody(matchingJsonPath("$.schema.fields[0].name", equalTo("trained_at"))));
    wireMock.verify(
        WarehouseTables.ALL.size() + ForecastTables.ALL.size() + WarehouseViews.ALL.size(),
        postRequestedFor(urlPathEqualTo(TABLES)));
  }

  @Test
  void everythingPresentIsReportedExistedWithoutWrites() throws Exception {
    stubExistingWarehouse();

    List<ResourceState> states = provisioner.ensure();

    assertThat(states).extracting(ResourceState::status).containsOnly(ResourceStatus.EXISTED);
    wireMock.verify(0, postRequestedFor(urlPathMatching(".*")));
    wireMock.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void alreadyExistsAnswerCountsAsExisted() {
    wireMock.stubFor(get(urlPathMatching(BASE + "/.*")).willReturn(notFound()));
    wireMock.stubFor(
        post(urlPathEqualTo(BASE))
            .willReturn(
                error(409, "duplicate", "Already Exists: Dataset demo-project:demostream")));
    wireMock.stubFor(
        post(urlPathEqualTo(TABLES))
            .willReturn(
                error(409, "duplicate", "Already Exists: Table demo-project:demostream.x")));

    List<ResourceState> states = provisioner.ensure();

    assertThat(states).extracting(ResourceState::status).containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void viewWithAnotherQueryIsUpdated() throws Exception {
    stubExistingWarehouse();
    WarehouseView view = WarehouseViews.LATEST_WINDOW_BY_AGE_BAND;
    wireMock.stubFor(
        get(urlPathEqualTo(TABLES + "/" + view.name()))
            .willReturn(okJson(viewJson(view, "SELECT 1"))));
    // The HTTP transport sends PATCH as POST with X-HTTP-Method-Override; accept either.
    String updated = viewJson(view, provisioner.viewQuery(view));
    wireMock.stubFor(patch(urlPathEqualTo(TABLES + "/" + view.name())).willReturn(okJson(updated)));
    wireMock.stubFor(post(urlPathEqualTo(TABLES + "/" + view.name())).willReturn(okJson(updated)));

    List<ResourceState> states = provisioner.ensure();

    assertThat(states)
        .filteredOn(state -> state.status() == ResourceStatus.UPDATED)
        .extracting(ResourceState::name)
        .containsExactly("demo-project.demostream." + view.name());
    wireMock.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                urlPathEqualTo(TABLES + "/" + view.name()))
            .withRequestBody(
                matchingJsonPath("$.view.query", equalTo(provisioner.viewQuery(view)))));
  }

  @Test
  void tableMadeBeforeJobIdGainsItAsNullableAndTheOldViewIsReplaced() throws Exception {
    stubExistingWarehouse();
    WarehouseTable table = WarehouseTables.WINDOW_SUMMARY;
    WarehouseView view = WarehouseViews.LATEST_WINDOW_SUMMARY;
    String previousQuery =
        "SELECT window_start FROM (SELECT window_start, ROW_NUMBER() OVER (PARTITION BY"
            + " window_start, window_end ORDER BY pane_index DESC) AS pane_rank FROM"
            + " `demo-project.demostream.window_summary`) ranked WHERE pane_rank = 1";
    wireMock.stubFor(
        get(urlPathEqualTo(TABLES + "/" + table.name()))
            .willReturn(okJson(tableJson(table, WarehouseTables.JOB_ID))));
    wireMock.stubFor(
        get(urlPathEqualTo(TABLES + "/" + view.name()))
            .willReturn(okJson(viewJson(view, previousQuery))));
    // The HTTP transport sends PATCH as POST with X-HTTP-Method-Override; accept either.
    for (String name : List.of(table.name(), view.name())) {
      String answer =
          name.equals(view.name()) ? viewJson(view, provisioner.viewQuery(view)) : tableJson(table);
      wireMock.stubFor(patch(urlPathEqualTo(TABLES + "/" + name)).willReturn(okJson(answer)));
      wireMock.stubFor(post(urlPathEqualTo(TABLES + "/" + name)).willReturn(okJson(answer)));
    }

    List<ResourceState> states = provisioner.ensure();

    assertThat(states)
        .filteredOn(state -> state.status() == ResourceStatus.UPDATED)
        .extracting(ResourceState::name, ResourceState::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "demo-project.demostream.window_summary", "added columns job_id"),
            org.assertj.core.groups.Tuple.tuple(
                "demo-project.demostream.latest_window_summary", "query differed"));
    // The schema update appends job_id as NULLABLE: BigQuery adds it in place, no rewrite.
    wireMock.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                urlPathEqualTo(TABLES + "/" + table.name()))
            .withRequestBody(
                matchingJsonPath(
                    "$.schema.fields[" + (table.columns().size() - 1) + "].name",
                    equalTo("job_id")))
            .withRequestBody(
                matchingJsonPath(
                    "$.schema.fields[" + (table.columns().size() - 1) + "].mode",
                    equalTo("NULLABLE"))));
    wireMock.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                urlPathEqualTo(TABLES + "/" + view.name()))
            .withRequestBody(
                matchingJsonPath(
                    "$.view.query",
                    com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "PARTITION BY job_id, window_start, window_end"))));
  }

  @Test
  void permissionDeniedBecomesA403ProblemNamingTheDataset() throws Exception {
    wireMock.stubFor(
        get(urlPathEqualTo(DATASET))
            .willReturn(
                error(403, "accessDenied", "Access Denied: Dataset demo-project:demostream")));
    try (FakePubSubAdmin pubSubFake = new FakePubSubAdmin().startInProcess();
        TopicAdminClient topicAdmin = pubSubFake.topicAdmin();
        SubscriptionAdminClient subscriptionAdmin = pubSubFake.subscriptionAdmin()) {
      ResourceService service =
          new ResourceService(
              new LauncherProperties(LauncherProperties.Launcher.LOCAL),
              new WarehouseProperties(WarehouseProperties.Type.BIGQUERY, "", "", "", 1),
              () -> PROJECT,
              new PubSubProvisioner(
                  provider(TopicAdminClient.class, topicAdmin),
                  provider(SubscriptionAdminClient.class, subscriptionAdmin),
                  () -> PROJECT,
                  new PubSubProperties(
                      "users", "users-pipeline", Duration.ofSeconds(60), Duration.ofDays(7)),
                  fastRetry()),
              provisioner,
              new JdbcWarehouseProvisioner(
                  TestWarehouses.warehouse(
                      WarehouseProperties.Type.BIGQUERY, "", Path.of("target/unused")),
                  fastRetry()),
              new StorageProvisioner(
                  new StaticListableBeanFactory()
                      .getBeanProvider(com.google.cloud.storage.Storage.class),
                  new StorageProperties("", "US", "temp/", Duration.ofDays(7), "staging/"),
                  fastRetry()),
              new StaticListableBeanFactory().getBeanProvider(ActiveJobCheck.class),
              new SimpleMeterRegistry());
      MockMvc mvc =
          MockMvcBuilders.standaloneSetup(new ResourcesController(service))
              .setControllerAdvice(new ApiExceptionHandler())
              .build();

      mvc.perform(put("/api/v1/resources"))
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-permission-denied"))
          .andExpect(jsonPath("$.resourceKind").value("bigquery-dataset"))
          .andExpect(jsonPath("$.resourceName").value("demo-project.demostream"))
          .andExpect(
              jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Access Denied")));
    }
  }

  private static List<WarehouseTable> allTables() {
    List<WarehouseTable> tables = new java.util.ArrayList<>(WarehouseTables.ALL);
    tables.addAll(ForecastTables.ALL);
    return tables;
  }

  /** Each create answers the table or view as BigQuery would, with its type. */
  private void stubTableCreates() {
    for (WarehouseTable table : allTables()) {
      wireMock.stubFor(
          post(urlPathEqualTo(TABLES))
              .withRequestBody(matchingJsonPath("$.tableReference.tableId", equalTo(table.name())))
              .willReturn(okJson(tableJson(table))));
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      wireMock.stubFor(
          post(urlPathEqualTo(TABLES))
              .withRequestBody(matchingJsonPath("$.tableReference.tableId", equalTo(view.name())))
              .willReturn(okJson(viewJson(view, provisioner.viewQuery(view)))));
    }
  }

  private void stubExistingWarehouse() throws Exception {
    ObjectNode dataset = json.createObjectNode();
    dataset.putObject("datasetReference").put("projectId", PROJECT).put("datasetId", "demostream");
    dataset.put("location", "EU");
    wireMock.stubFor(get(urlPathEqualTo(DATASET)).willReturn(okJson(dataset.toString())));
    for (WarehouseTable table : allTables()) {
      wireMock.stubFor(
          get(urlPathEqualTo(TABLES + "/" + table.name())).willReturn(okJson(tableJson(table))));
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      wireMock.stubFor(
          get(urlPathEqualTo(TABLES + "/" + view.name()))
              .willReturn(okJson(viewJson(view, provisioner.viewQuery(view)))));
    }
  }

  /** The table as BigQuery answers it, without the {@code missing} columns. */
  private String tableJson(WarehouseTable table, String... missing) {
    ObjectNode node = reference(table.name());
    node.put("type", "TABLE");
    ArrayNode fields = node.putObject("schema").putArray("fields");
    for (Column column : table.columns()) {
      if (List.of(missing).contains(column.name())) {
        continue;
      }
      fields
          .addObject()
          .put("name", column.name())
          .put("type", column.type().bigQueryType())
          .put("mode", column.required() ? "REQUIRED" : "NULLABLE");
    }
    return node.toString();
  }

  private String viewJson(WarehouseView view, String query) {
    ObjectNode node = reference(view.name());
    node.put("type", "VIEW");
    node.putObject("view").put("query", query).put("useLegacySql", false);
    return node.toString();
  }

  private ObjectNode reference(String table) {
    ObjectNode node = json.createObjectNode();
    node.putObject("tableReference")
        .put("projectId", PROJECT)
        .put("datasetId", "demostream")
        .put("tableId", table);
    return node;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** Answers the created resource as sent, as BigQuery does (plus server-side fields). */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder echo() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{{{request.body}}}")
        .withTransformers("response-template");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder notFound() {
    return error(404, "notFound", "Not found");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int code, String reason, String message) {
    return aResponse()
        .withStatus(code)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"error\":{\"code\":"
                + code
                + ",\"message\":\""
                + message
                + "\",\"errors\":[{\"reason\":\""
                + reason
                + "\",\"message\":\""
                + message
                + "\"}]}}");
  }
}
