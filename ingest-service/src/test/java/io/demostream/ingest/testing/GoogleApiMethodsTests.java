package io.demostream.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoogleApiMethodsTests {

  @Test
  void theIngestAccountPublishesAndNothingElse() {
    assertThat(GoogleApiMethods.listed("grpc google.pubsub.v1.Publisher/Publish")).isTrue();
    // The control-service's call, not the ingest-service's.
    assertThat(GoogleApiMethods.listed("grpc google.pubsub.v1.Publisher/CreateTopic")).isFalse();
  }
}
