package io.demostream.control.resources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.demostream.control.resources.TestProvisioning.PROJECT;
import static io.demostream.control.resources.TestProvisioning.fastRetry;
import static io.demostream.control.resources.TestProvisioning.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.testing.FakeGoogleApis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The staging and temp bucket through the real Cloud Storage client, whose JSON API calls WireMock
 * answers, and teardown through {@code LocalStorageHelper} (google-cloud-nio's fake fakes objects
 * only: it cannot create a bucket nor keep its IAM and lifecycle settings).
 */
class StorageProvisionerTests {

  static final String BUCKET = "demo-project-demostream";
  static final String BUCKET_PATH = "/storage/v1/b/" + BUCKET;

  static final String CONFIGURED_BUCKET =
      "{\"name\":\""
          + BUCKET
          + "\",\"location\":\"EU\","
          + "\"iamConfiguration\":{\"uniformBucketLevelAccess\":{\"enabled\":true}},"
          + "\"lifecycle\":{\"rule\":[{\"action\":{\"type\":\"Delete\"},"
          + "\"condition\":{\"age\":3,\"matchesPrefix\":[\"temp/\"]}}]}}";

  @RegisterExtension
  static WireMockExtension wireMock =
      WireMockExtension.newInstance().options(FakeGoogleApis.wireMock()).build();

  private StorageProvisioner provisioner;

  @BeforeEach
  void client() {
    Storage storage = FakeGoogleApis.storage(wireMock.baseUrl());
    provisioner =
        new StorageProvisioner(
            provider(Storage.class, storage),
            new StorageProperties(BUCKET, "EU", "temp/", Duration.ofDays(3), "staging/"),
            fastRetry());
  }

  @Test
  void ensureCreatesBucketWithUniformAccessAndTempLifecycleRule() {
    wireMock.stubFor(get(urlPathEqualTo(BUCKET_PATH)).willReturn(error(404, "Not Found")));
    wireMock.stubFor(post(urlPathEqualTo("/storage/v1/b")).willReturn(okJson(CONFIGURED_BUCKET)));

    List<ResourceState> states = provisioner.ensure();

    assertThat(states)
        .extracting(ResourceState::kind, ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.STORAGE_BUCKET, BUCKET, ResourceStatus.CREATED));
    wireMock.verify(
        postRequestedFor(urlPathEqualTo("/storage/v1/b"))
            .withQueryParam("project", equalTo(PROJECT))
            .withRequestBody(matchingJsonPath("$.name", equalTo(BUCKET)))
            .withRequestBody(matchingJsonPath("$.location", equalTo("EU")))
            .withRequestBody(
                matchingJsonPath(
                    "$.iamConfiguration.uniformBucketLevelAccess.enabled", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.lifecycle.rule[0].action.type", equalTo("Delete")))
            .withRequestBody(matchingJsonPath("$.lifecycle.rule[0].condition.age", equalTo("3")))
            .withRequestBody(
                matchingJsonPath(
                    "$.lifecycle.rule[0].condition.matchesPrefix[0]", equalTo("temp/"))));
  }

  @Test
  void configuredBucketIsReportedExistedWithoutWrites() {
    wireMock.stubFor(get(urlPathEqualTo(BUCKET_PATH)).willReturn(okJson(CONFIGURED_BUCKET)));

    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsExactly(ResourceStatus.EXISTED);
    wireMock.verify(0, postRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void bucketWithoutTheSettingsIsUpdatedKeepingOtherRules() {
    String legacy =
        "{\"name\":\""
            + BUCKET
            + "\",\"location\":\"EU\","
            + "\"lifecycle\":{\"rule\":[{\"action\":{\"type\":\"Delete\"},"
            + "\"condition\":{\"age\":365}}]}}";
    wireMock.stubFor(get(urlPathEqualTo(BUCKET_PATH)).willReturn(okJson(legacy)));
    // PATCH travels as POST with X-HTTP-Method-Override on this transport; accept both.
    wireMock.stubFor(
        any(urlPathEqualTo(BUCKET_PATH)).atPriority(10).willReturn(okJson(CONFIGURED_BUCKET)));

    List<ResourceState> states = provisioner.ensure();

    assertThat(states.get(0).status()).isEqualTo(ResourceStatus.UPDATED);
    assertThat(states.get(0).detail()).contains("uniform bucket-level access", "temp/");
    wireMock.verify(
        1,
        anyRequestedFor(urlPathEqualTo(BUCKET_PATH))
            .withRequestBody(
                matchingJsonPath(
                    "$.iamConfiguration.uniformBucketLevelAccess.enabled", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.lifecycle.rule[0].condition.age", equalTo("365")))
            .withRequestBody(
                matchingJsonPath(
                    "$.lifecycle.rule[1].condition.matchesPrefix[0]", equalTo("temp/"))));
  }

  @Test
  void nameTakenInAnotherProjectFails() {
    wireMock.stubFor(get(urlPathEqualTo(BUCKET_PATH)).willReturn(error(404, "Not Found")));
    wireMock.stubFor(
        post(urlPathEqualTo("/storage/v1/b"))
            .willReturn(error(409, "The requested bucket name is not available.")));

    assertThatThrownBy(provisioner::ensure)
        .isInstanceOf(ResourceOperationException.class)
        .hasCauseInstanceOf(StorageException.class)
        .hasMessageContaining(BUCKET);
  }

  @Test
  void deleteRemovesEveryObjectFirst() {
    Storage local = LocalStorageHelper.getOptions().getService();
    local.create(BlobInfo.newBuilder(BUCKET, "temp/part-0").build(), new byte[] {1});
    local.create(BlobInfo.newBuilder(BUCKET, "staging/pipeline.jar").build(), new byte[] {2});
    StorageProvisioner onLocal =
        new StorageProvisioner(
            provider(Storage.class, local),
            new StorageProperties(BUCKET, "EU", "temp/", Duration.ofDays(3), "staging/"),
            fastRetry());

    onLocal.delete();

    assertThat(local.list(BUCKET).iterateAll()).isEmpty();
  }

  @Test
  void deleteOfAMissingBucketReportsMissing() {
    wireMock.stubFor(get(urlPathEqualTo(BUCKET_PATH + "/o")).willReturn(error(404, "Not Found")));

    assertThat(provisioner.delete())
        .extracting(ResourceState::status)
        .containsExactly(ResourceStatus.MISSING);
    wireMock.verify(0, deleteRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void deleteEmptiesTheBucketThenDeletesIt() {
    wireMock.stubFor(
        get(urlPathEqualTo(BUCKET_PATH + "/o"))
            .willReturn(
                okJson(
                    "{\"items\":[{\"bucket\":\""
                        + BUCKET
                        + "\",\"name\":\"temp/part-0\",\"generation\":\"1\"}]}")));
    wireMock.stubFor(
        delete(urlPathMatching(BUCKET_PATH + "/o/.*")).willReturn(aResponse().withStatus(204)));
    wireMock.stubFor(delete(urlPathEqualTo(BUCKET_PATH)).willReturn(aResponse().withStatus(204)));

    assertThat(provisioner.delete())
        .extracting(ResourceState::status)
        .containsExactly(ResourceStatus.DELETED);
    wireMock.verify(deleteRequestedFor(urlPathMatching(BUCKET_PATH + "/o/temp(/|%2F)part-0")));
    wireMock.verify(deleteRequestedFor(urlPathEqualTo(BUCKET_PATH)));
  }

  @Test
  void withoutABucketNameTheDataflowSetupFailsClearly() {
    StorageProvisioner unnamed =
        new StorageProvisioner(
            provider(Storage.class, StorageOptions.getUnauthenticatedInstance().getService()),
            new StorageProperties("", "US", "temp/", Duration.ofDays(7), "staging/"),
            fastRetry());

    assertThatThrownBy(unnamed::ensure).hasMessageContaining("demostream.storage.bucket");
  }

  private static ResponseDefinitionBuilder okJson(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder error(int code, String message) {
    return aResponse()
        .withStatus(code)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"errors\":[]}}");
  }
}
