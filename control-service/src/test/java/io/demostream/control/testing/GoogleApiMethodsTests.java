package io.demostream.control.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoogleApiMethodsTests {

  @Test
  void callsMatchTheListedMethodsSegmentBySegment() {
    String control = GoogleApiMethods.CONTROL;
    assertThat(GoogleApiMethods.listed(control, "grpc google.pubsub.v1.Publisher/GetTopic"))
        .isTrue();
    assertThat(
            GoogleApiMethods.listed(control, "GET /bigquery/v2/projects/demo-project/datasets/ds"))
        .isTrue();
    assertThat(GoogleApiMethods.listed(control, "DELETE /storage/v1/b/bucket/o/temp/part-0"))
        .isTrue();
    // One segment per *: a table is not a dataset.
    assertThat(
            GoogleApiMethods.listed(
                control, "POST /bigquery/v2/projects/demo-project/datasets/ds/tables/t"))
        .isFalse();
    // Listed for another account only: the Dataflow worker pulls the users, control-service never.
    String pull = "POST /v1/projects/demo-project/subscriptions/users-pipeline:pull";
    assertThat(GoogleApiMethods.listed(control, pull)).isFalse();
    assertThat(GoogleApiMethods.listed("demostream-dataflow", pull)).isTrue();
  }
}
