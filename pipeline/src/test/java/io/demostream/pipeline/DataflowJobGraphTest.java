package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.dataflow.model.DataflowPackage;
import io.demostream.events.UserEventAttributes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.PackageUtil;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.construction.PTransformTranslation;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The pipeline translated for Dataflow offline, as the Flex Template launcher's {@code main()}
 * would submit it, with nothing sent anywhere: Beam's own {@link DataflowRunner} writes the job
 * specification to a local file ({@code --templateLocation}) and a recording {@link Stager} keeps
 * the portable pipeline proto it would stage, with no credentials and no path checks.
 *
 * <p>Both are checked because both reach the service: a job without Runner v2 runs the job graph,
 * where the runner has replaced {@code PubsubUnboundedSource} with its native read (a {@code
 * ParallelRead} step of format {@code pubsub}); a Runner v2 job runs the portable proto, where the
 * service replaces the {@code beam:transform:pubsub_read:v1} transform with the same reader. The
 * read must carry the {@code event_id} id attribute and no timestamp attribute (one broken {@code
 * event_time} would stop the pipeline), and no custom source may read Pub/Sub.
 *
 * <p>Run once per setting the control-service can launch the Flex Template with: Streaming Engine
 * on (the default of {@code demostream.dataflow.streaming-engine}) or off, and Runner v2 (which the
 * service may choose on its own for a Streaming Engine job, or an operator asks for).
 */
@RunWith(Parameterized.class)
public class DataflowJobGraphTest {

  private static final String SUBSCRIPTION = "projects/demo-project/subscriptions/pipeline";

  @Parameters(name = "{0}")
  public static List<Object[]> settings() {
    return List.of(
        new Object[] {"streaming engine", new String[] {"--enableStreamingEngine=true"}, false},
        // Without Streaming Engine the Storage Write API cannot auto-shard (the runner refuses
        // the job): such a launch must fix the number of streams.
        new Object[] {
          "streaming appliance",
          new String[] {"--enableStreamingEngine=false", "--numStorageWriteApiStreams=4"},
          false
        },
        new Object[] {
          "streaming engine, runner v2",
          new String[] {"--enableStreamingEngine=true", "--experiments=use_runner_v2"},
          true
        });
  }

  @Parameter(0)
  public String setting;

  @Parameter(1)
  public String[] settingArgs;

  @Parameter(2)
  public boolean runnerV2;

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void readsPubsubNativelyWithTheIdAttributeAndNoTimestampAttribute() throws Exception {
    Translation translation = translate(SUBSCRIPTION_ARG);

    RunnerApi.PTransform read = onlyPubsubRead(translation.pipelineProto());
    assertThat(read.getUniqueName()).startsWith("ReadUserEvents/ReadPubsubMessages/");
    RunnerApi.PubSubReadPayload payload =
        RunnerApi.PubSubReadPayload.parseFrom(read.getSpec().getPayload());
    assertThat(payload.getSubscription()).isEqualTo("/subscriptions/demo-project/pipeline");
    assertThat(payload.getIdAttribute()).isEqualTo(UserEventAttributes.EVENT_ID);
    assertThat(payload.getTimestampAttribute()).isEmpty();
    assertThat(payload.getWithAttributes()).isTrue();
    assertThat(customSourceReads(translation.pipelineProto()))
        .as("no custom source in the portable pipeline")
        .isEmpty();

    if (!runnerV2) {
      JsonNode step = onlyParallelRead(translation.job());
      assertThat(property(step, "format")).isEqualTo("pubsub");
      assertThat(property(step, "pubsub_subscription"))
          .isEqualTo("/subscriptions/demo-project/pipeline");
      assertThat(property(step, "pubsub_id_label")).isEqualTo(UserEventAttributes.EVENT_ID);
      assertThat(step.path("properties").has("pubsub_timestamp_label")).isFalse();
      assertThat(property(step, "user_name")).startsWith("ReadUserEvents/ReadPubsubMessages");
    }
    assertThat(translation.stepNames())
        .as("event time assigned after the read, its dead letters joined to the parser's")
        .anyMatch(name -> name.startsWith("AssignEventTimes/StampEventTimes"))
        .anyMatch(name -> name.startsWith("FlattenDeadLetters"));
  }

  @Test
  public void aTopicIsReadNativelyToo() throws Exception {
    Translation translation = translate("--inputTopic=projects/demo-project/topics/users");

    RunnerApi.PubSubReadPayload payload =
        RunnerApi.PubSubReadPayload.parseFrom(
            onlyPubsubRead(translation.pipelineProto()).getSpec().getPayload());
    assertThat(payload.getTopic()).isEqualTo("/topics/demo-project/users");
    assertThat(payload.getIdAttribute()).isEqualTo(UserEventAttributes.EVENT_ID);
    assertThat(payload.getTimestampAttribute()).isEmpty();
    if (!runnerV2) {
      JsonNode step = onlyParallelRead(translation.job());
      assertThat(property(step, "pubsub_topic")).isEqualTo("/topics/demo-project/users");
      assertThat(step.path("properties").has("pubsub_timestamp_label")).isFalse();
    }
  }

  private static final String SUBSCRIPTION_ARG = "--inputSubscription=" + SUBSCRIPTION;

  /** The job specification and the portable proto of one offline launch. */
  private record Translation(JsonNode job, RunnerApi.Pipeline pipelineProto) {
    List<String> stepNames() {
      List<String> names = new ArrayList<>();
      pipelineProto.getComponents().getTransformsMap().values().stream()
          .map(RunnerApi.PTransform::getUniqueName)
          .forEach(names::add);
      return names;
    }
  }

  private Translation translate(String input) throws IOException {
    Path jobFile = folder.getRoot().toPath().resolve("job.json");
    Path staged = folder.newFile("staged.jar").toPath();
    String[] args =
        Stream.concat(
                Stream.of(
                    "--runner=DataflowRunner",
                    "--project=demo-project",
                    "--region=europe-west1",
                    "--jobName=demographics-offline",
                    "--tempLocation=gs://demo-bucket/temp",
                    "--gcpTempLocation=gs://demo-bucket/temp",
                    "--stagingLocation=gs://demo-bucket/staging",
                    "--templateLocation=" + jobFile,
                    "--filesToStage=" + staged,
                    "--source=pubsub",
                    input,
                    "--sink=bigquery",
                    "--outputDataset=demo-project:demostream",
                    "--writeMode=exactly-once"),
                Arrays.stream(settingArgs))
            .toArray(String[]::new);
    PipelineOptionsFactory.register(DemographicsOptions.class);
    DemographicsOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(DemographicsOptions.class);
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    // Offline: no Google credentials, no bucket checks, nothing uploaded.
    dataflow.setCredentialFactoryClass(NoopCredentialFactory.class);
    dataflow.setPathValidatorClass(NoopPathValidator.class);
    RecordingStager stager = new RecordingStager();
    dataflow.setStager(stager);

    DemographicsPipeline.assemble(options, PipelineConfig.from(options)).run();

    assertThat(stager.files).containsKey("pipeline.pb");
    return new Translation(
        new ObjectMapper().readTree(jobFile.toFile()),
        RunnerApi.Pipeline.parseFrom(stager.files.get("pipeline.pb")));
  }

  private static RunnerApi.PTransform onlyPubsubRead(RunnerApi.Pipeline pipeline) {
    List<RunnerApi.PTransform> reads =
        pipeline.getComponents().getTransformsMap().values().stream()
            .filter(t -> PTransformTranslation.PUBSUB_READ.equals(t.getSpec().getUrn()))
            .toList();
    assertThat(reads).as("Pub/Sub reads in the portable pipeline").hasSize(1);
    return reads.get(0);
  }

  /** Reads of an {@code UnboundedSource} the SDK would run itself, e.g. a wrapped Pub/Sub one. */
  private static List<String> customSourceReads(RunnerApi.Pipeline pipeline) {
    return pipeline.getComponents().getTransformsMap().values().stream()
        .filter(t -> PTransformTranslation.READ_TRANSFORM_URN.equals(t.getSpec().getUrn()))
        .map(RunnerApi.PTransform::getUniqueName)
        .collect(Collectors.toList());
  }

  private static JsonNode onlyParallelRead(JsonNode job) {
    List<JsonNode> reads = new ArrayList<>();
    job.path("steps")
        .forEach(
            step -> {
              if ("ParallelRead".equals(step.path("kind").asText())) {
                reads.add(step);
              }
            });
    assertThat(reads).as("ParallelRead steps of the job graph").hasSize(1);
    return reads.get(0);
  }

  /** A step property: a plain string or Beam's {@code {"@type": ..., "value": ...}} object. */
  private static String property(JsonNode step, String name) {
    JsonNode value = step.path("properties").path(name);
    return value.isObject() ? value.path("value").asText() : value.asText();
  }

  /** Keeps what would be staged in memory, with the locations the job would point at. */
  private static final class RecordingStager implements Stager {
    final Map<String, byte[]> files = new java.util.HashMap<>();

    @Override
    public List<DataflowPackage> stageFiles(List<PackageUtil.StagedFile> filesToStage) {
      return filesToStage.stream()
          .map(
              file ->
                  new DataflowPackage()
                      .setName(file.getDestination())
                      .setLocation("gs://demo-bucket/staging/" + file.getDestination()))
          .toList();
    }

    @Override
    public DataflowPackage stageToFile(byte[] bytes, String baseName) {
      files.put(baseName, bytes);
      return new DataflowPackage()
          .setName(baseName)
          .setLocation("gs://demo-bucket/staging/" + baseName);
    }
  }
}
