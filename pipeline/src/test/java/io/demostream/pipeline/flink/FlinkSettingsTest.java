package io.demostream.pipeline.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.pipeline.DemographicsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The Flink defaults and checks, and the configuration an embedded cluster is given. */
@RunWith(JUnit4.class)
public class FlinkSettingsTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static DemographicsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(DemographicsOptions.class);
  }

  private DemographicsOptions embedded(String... more) throws Exception {
    String[] base = {
      "--runner=FlinkRunner",
      "--flinkMaster=[local]",
      "--stateBackendStoragePath=" + folder.getRoot().toPath().resolve("checkpoints").toUri()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return options(all);
  }

  private static Configuration effective(DemographicsOptions options) {
    return GlobalConfiguration.loadConfiguration(
        options.as(FlinkPipelineOptions.class).getFlinkConfDir());
  }

  @Test
  public void checkpointingIsAlwaysOnWithRetainedCheckpointsAndFasterCopy() throws Exception {
    DemographicsOptions options = embedded();
    FlinkSettings.apply(options);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    assertThat(flink.getCheckpointingInterval())
        .isEqualTo(FlinkSettings.DEFAULT_CHECKPOINTING_INTERVAL_MS);
    assertThat(flink.isExternalizedCheckpointsEnabled()).isTrue();
    assertThat(flink.getRetainExternalizedCheckpointsOnCancellation()).isTrue();
    assertThat(flink.getFasterCopy()).isTrue();
    assertThat(flink.getStateBackend()).isEqualTo("filesystem");
    assertThat(effective(options).toMap())
        .containsEntry(
            "state.savepoints.dir", folder.getRoot().toPath().resolve("savepoints").toUri() + "")
        .doesNotContainKey("execution.savepoint.path");
  }

  @Test
  public void checkpointingCannotBeTurnedOffOrRocksDbChosen() {
    assertThatThrownBy(
            () -> FlinkSettings.apply(options("--runner=FlinkRunner", "--checkpointingInterval=0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--checkpointingInterval must be at least 100 ms");
    assertThatThrownBy(
            () ->
                FlinkSettings.apply(
                    options(
                        "--runner=FlinkRunner",
                        "--stateBackend=rocksdb",
                        "--stateBackendStoragePath=/tmp/x")))
        .hasMessageContaining("--stateBackend=rocksdb needs flink-statebackend-rocksdb");
    assertThatThrownBy(
            () ->
                FlinkSettings.apply(
                    options(
                        "--runner=FlinkRunner",
                        "--flinkMaster=jobmanager:8081",
                        "--restoreLatestCheckpoint=true")))
        .hasMessageContaining("--restoreLatestCheckpoint works only with --flinkMaster=[local]");
  }

  @Test
  public void restoreLatestCheckpointResumesFromTheNewestCompleteOne() throws Exception {
    Path checkpoints = folder.getRoot().toPath().resolve("checkpoints");
    Path older = complete(checkpoints.resolve("job1/chk-7"), 1_000);
    Path newest = complete(checkpoints.resolve("job2/chk-3"), 2_000);
    // Cut short by a kill: no _metadata, never chosen.
    Files.createDirectories(checkpoints.resolve("job2/chk-4"));
    assertThat(older).exists();

    DemographicsOptions options = embedded("--restoreLatestCheckpoint=true");
    FlinkSettings.apply(options);

    assertThat(effective(options).toMap())
        .containsEntry("execution.savepoint.path", newest.toString());
  }

  @Test
  public void userConfigurationIsKeptAndSavepointPathWorksEmbedded() throws Exception {
    Path conf = folder.newFolder("conf").toPath();
    Files.writeString(
        conf.resolve("config.yaml"), "rest.port: 18481\nstate.savepoints.dir: file:///mine\n");

    DemographicsOptions options =
        embedded("--flinkConfDir=" + conf, "--savepointPath=file:///saved/savepoint-1");
    FlinkSettings.apply(options);

    assertThat(effective(options).toMap())
        .containsEntry("rest.port", "18481")
        .containsEntry("state.savepoints.dir", "file:///mine")
        .containsEntry("execution.savepoint.path", "file:///saved/savepoint-1");
  }

  @Test
  public void checkpointDirectoryOfTheConfigurationIsKeptAndSearched() throws Exception {
    Path checkpoints = folder.newFolder("configured-checkpoints").toPath();
    Path newest = complete(checkpoints.resolve("job1/chk-2"), 3_000);
    Path conf = folder.newFolder("conf").toPath();
    Files.writeString(
        conf.resolve("config.yaml"), "state.checkpoints.dir: '" + checkpoints.toUri() + "'\n");

    DemographicsOptions options =
        options(
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--flinkConfDir=" + conf,
            "--restoreLatestCheckpoint=true");
    FlinkSettings.apply(options);

    // Beam's state backend option would override the configured checkpoint storage: left unset.
    assertThat(options.as(FlinkPipelineOptions.class).getStateBackend()).isNull();
    assertThat(effective(options).toMap())
        .containsEntry("execution.savepoint.path", newest.toString());
  }

  @Test
  public void restoredJobContinuesItsIncarnationAFreshOneStartsItsOwn() throws Exception {
    DemographicsOptions first = embedded("--restoreLatestCheckpoint=true", "--jobName=launch-1");
    FlinkSettings.apply(first);
    assertThat(first.getIncarnationId()).isEqualTo("launch-1");

    // The first launch checkpointed, then died; the restart restores and continues launch-1.
    complete(folder.getRoot().toPath().resolve("checkpoints/job1/chk-1"), 1_000);
    DemographicsOptions restarted =
        embedded("--restoreLatestCheckpoint=true", "--jobName=launch-2");
    FlinkSettings.apply(restarted);
    assertThat(restarted.getIncarnationId()).isEqualTo("launch-1");

    // Started without restoring, a pipeline is a new incarnation.
    DemographicsOptions fresh = embedded("--jobName=launch-3");
    FlinkSettings.apply(fresh);
    assertThat(fresh.getIncarnationId()).isEqualTo("launch-3");
  }

  @Test
  public void withoutCheckpointsThereIsNothingToRestore() throws Exception {
    DemographicsOptions options = embedded("--restoreLatestCheckpoint=true");
    FlinkSettings.apply(options);
    assertThat(effective(options).toMap()).doesNotContainKey("execution.savepoint.path");
  }

  private static Path complete(Path checkpoint, long modifiedAt) throws Exception {
    Files.createDirectories(checkpoint);
    Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedAt));
    return checkpoint;
  }
}
