package io.demostream.control.resources;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a resource is; the JSON names are part of the API. */
public enum ResourceKind {
  PUBSUB_TOPIC("pubsub-topic"),
  PUBSUB_SUBSCRIPTION("pubsub-subscription"),
  BIGQUERY_DATASET("bigquery-dataset"),
  BIGQUERY_TABLE("bigquery-table"),
  BIGQUERY_VIEW("bigquery-view"),
  STORAGE_BUCKET("storage-bucket"),
  JDBC_TABLE("jdbc-table"),
  JDBC_VIEW("jdbc-view");

  private final String json;

  ResourceKind(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }
}
