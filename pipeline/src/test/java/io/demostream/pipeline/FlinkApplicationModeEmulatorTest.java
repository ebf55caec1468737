package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.pipeline.testing.EmbeddedFlink;
import io.demostream.pipeline.testing.EmulatorRun;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.HeldBackUsers;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The pipeline as the Flink Kubernetes Operator runs it, locally: Flink's application mode calls
 * the jar's entry class ({@code job.entryClass}, else the jar's {@code Main-Class}) with the
 * FlinkDeployment's {@code job.args}, in a JVM whose {@code FLINK_CONF_DIR} holds the deployment's
 * {@code flinkConfiguration}. This test does the same with the FlinkDeployment control-service's
 * {@code FlinkDeploymentFactory} renders for the gke-flink overlay's job ({@code
 * flink-operator/flink-deployment-job.json}, kept current by control-service's {@code
 * FlinkDeploymentJobFixtureTests}): {@code --flinkMaster=[auto]} as written, which outside a
 * cluster is a local Flink MiniCluster, detached ({@code --attachedMode=false}) so the entry point
 * returns once the job is submitted, as in application mode. The {@link HeldBackUsers} go in and
 * the job is stopped with a drain (what the operator's suspend with drain does); the same exact
 * figures as on the DirectRunner and embedded Flink ({@code DemographicsPipelineEmulatorTest}) must
 * come out.
 *
 * <p>Substituted, because it cannot exist here, and nothing else: the subscription and panes topic
 * (a subscription and topic with random names on the Pub/Sub emulator, with {@code
 * --pubsubRootUrl}); the BigQuery sink ({@code --sink=bigquery --outputDataset}) by the H2 JDBC
 * sink the other end-to-end tests use; in the configuration, {@code gs://} checkpoint and savepoint
 * directories by local ones, Kubernetes HA and the Prometheus reporter (a plugin of the Flink
 * image) left out, and a fixed REST port added ({@code --flinkConfDir} stands for the pod's {@code
 * FLINK_CONF_DIR}). {@code --maxEventAge=0s} is added as in the other runners' test: the users are
 * stamped in March 2026, a replay of old data. Skipped, with the reason, without an emulator.
 */
public class FlinkApplicationModeEmulatorTest {

  static final String FIXTURE = "/flink-operator/flink-deployment-job.json";

  /** Keys of the deployment's Flink configuration that need a Kubernetes cluster or the image. */
  private static final Pattern LEFT_OUT =
      Pattern.compile("high-availability\\..*|metrics\\.reporter\\..*|kubernetes\\..*");

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private EmulatorTopic users;
  private EmulatorTopic panes;

  @Before
  public void createTopics() throws Exception {
    Assume.assumeTrue(PubSubEmulator.skipReason(), PubSubEmulator.isAvailable());
    users = EmulatorTopic.create();
    panes = EmulatorTopic.create();
  }

  @After
  public void closeTopics() throws InterruptedException {
    for (EmulatorTopic topic : new EmulatorTopic[] {users, panes}) {
      if (topic != null) {
        topic.close();
      }
    }
  }

  static JsonNode fixture() throws IOException {
    try (InputStream in = FlinkApplicationModeEmulatorTest.class.getResourceAsStream(FIXTURE)) {
      assertThat(in).as(FIXTURE).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  /**
   * The class application mode runs: the FlinkDeployment's {@code entryClass}, else the {@code
   * Main-Class} the shade plugin writes into {@code pipeline-bundled.jar} (from this module's pom).
   */
  static String entryClass(JsonNode job) throws IOException {
    String entryClass = job.path("entryClass").asText("");
    if (!entryClass.isBlank()) {
      return entryClass;
    }
    Matcher main =
        Pattern.compile("<mainClass>([^<]+)</mainClass>")
            .matcher(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8));
    assertThat(main.find()).as("the bundled jar's Main-Class in pipeline/pom.xml").isTrue();
    return main.group(1).trim();
  }

  /** The operator's arguments with the Pub/Sub and BigQuery endpoints of this test. */
  private List<String> localArgs(JsonNode job, String jdbcUrl, Path confDir) {
    List<String> args = new ArrayList<>();
    for (JsonNode node : job.path("args")) {
      String arg = node.asText();
      if (arg.startsWith("--inputSubscription=")) {
        args.add("--inputSubscription=" + users.subscriptionPath());
      } else if (arg.startsWith("--panesTopic=")) {
        args.add("--panesTopic=" + panes.topicPath());
      } else if (arg.equals("--sink=bigquery")) {
        args.add("--sink=jdbc");
      } else if (arg.startsWith("--outputDataset=")) {
        args.add("--jdbcUrl=" + jdbcUrl);
      } else {
        args.add(arg);
      }
    }
    args.add("--pubsubRootUrl=" + EmulatorTopic.rootUrl());
    args.add("--flinkConfDir=" + confDir);
    args.add("--maxEventAge=0s");
    return args;
  }

  /** The deployment's Flink configuration with local directories, without what is left out. */
  private Map<String, String> localConfiguration(JsonNode job) throws IOException {
    Map<String, String> configuration = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry :
        (Iterable<Map.Entry<String, JsonNode>>) () -> job.path("flinkConfiguration").fields()) {
      String key = entry.getKey();
      String value = entry.getValue().asText();
      if (LEFT_OUT.matcher(key).matches()) {
        continue;
      }
      if (value.startsWith("gs://")) {
        value = folder.newFolder(key).toPath().toUri().toString();
      }
      configuration.put(key, value);
    }
    return configuration;
  }

  @Test
  public void theOperatorsJobArgumentsGiveTheSameExactFiguresAsTheOtherRunners() throws Exception {
    JsonNode job = fixture();
    assertThat(job.path("args").toString())
        .as("the fixture is the application cluster's own environment, detached")
        .contains("\"--flinkMaster=[auto]\"", "\"--attachedMode=false\"");
    users.publish(HeldBackUsers.messages());

    EmulatorRun run = EmulatorRun.of(users, folder.getRoot().toPath());
    EmbeddedFlink flink =
        EmbeddedFlink.in(folder.newFolder("flink").toPath(), localConfiguration(job));
    List<String> args = localArgs(job, run.jdbcUrl(), flink.confDir());
    // Invalid arguments would end this JVM in main (System.exit(2)): check them first.
    assertThat(EmulatorRun.options(args).getJobName()).isEqualTo(job.path("name").asText());

    Method main = Class.forName(entryClass(job)).getMethod("main", String[].class);
    // Returns once the job is submitted; the local cluster runs it on, as in application mode.
    main.invoke(null, (Object) args.toArray(String[]::new));
    String jobId = flink.awaitRunningJob(Duration.ofSeconds(120));
    String state = null;
    try {
      EmulatorRun.awaitUntil(() -> HeldBackUsers.allSeen(run));
      flink.stopWithDrain(jobId);
      state = flink.awaitTerminated(jobId, Duration.ofSeconds(120));
    } finally {
      if (state == null) {
        flink.cancelQuietly(jobId);
      }
    }
    // The local cluster shuts down with its job: GONE is a finished job's cluster gone already.
    assertThat(state).isIn("FINISHED", "GONE");

    HeldBackUsers.assertExactFigures(run);
  }
}
