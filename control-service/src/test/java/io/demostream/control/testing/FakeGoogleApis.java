package io.demostream.control.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/**
 * Google's REST APIs played by WireMock: the server configuration (every method it receives checked
 * against {@code deploy/iam/api-methods.yaml} by {@link GoogleApiMethods}), the real BigQuery and
 * Cloud Storage clients pointed at it (no credentials, one attempt, project {@link #PROJECT}), and
 * the answers BigQuery gives to a query.
 */
public final class FakeGoogleApis {

  /** The project every fake answers for. */
  public static final String PROJECT = "demo-project";

  /** The path of BigQuery's {@code jobs.query}. */
  public static final String QUERIES = "/bigquery/v2/projects/" + PROJECT + "/queries";

  private FakeGoogleApis() {}

  /** A WireMock server on a free port that refuses any method control-service is not granted. */
  public static WireMockConfiguration wireMock() {
    return wireMockConfig()
        .dynamicPort()
        .extensions(GoogleApiMethods.wireMockFilter(GoogleApiMethods.CONTROL));
  }

  /** The BigQuery client of {@link #PROJECT} at {@code baseUrl}. */
  public static BigQuery bigQuery(String baseUrl) {
    return BigQueryOptions.newBuilder()
        .setProjectId(PROJECT)
        .setHost(baseUrl)
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
        .build()
        .getService();
  }

  /** The Cloud Storage client of {@link #PROJECT} at {@code baseUrl}. */
  public static Storage storage(String baseUrl) {
    return StorageOptions.newBuilder()
        .setProjectId(PROJECT)
        .setHost(baseUrl)
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
        .build()
        .getService();
  }

  /**
   * A complete {@code jobs.query} answer with all its rows; TIMESTAMP cells are seconds since the
   * epoch in floating point, as the REST API writes them.
   *
   * @param fields the schema's fields, a JSON array
   * @param rows the rows, a JSON array of {@code {"f":[{"v":...}]}}, or {@code null} for none
   */
  public static String queryAnswer(String fields, String rows) {
    int count = rows == null ? 0 : rows.split("\"f\"").length - 1;
    return """
        {"kind":"bigquery#queryResponse",
         "jobReference":{"projectId":"demo-project","jobId":"job-1","location":"US"},
         "jobComplete":true,
         "schema":{"fields":%s},
         "totalRows":"%d"%s}"""
        .formatted(fields, count, rows == null ? "" : ",\"rows\":" + rows);
  }
}
