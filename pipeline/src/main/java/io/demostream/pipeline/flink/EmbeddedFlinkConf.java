package io.demostream.pipeline.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The configuration directory handed to the embedded {@code [local]} Flink cluster: the user's
 * {@code --flinkConfDir} (or {@code FLINK_CONF_DIR}) copied, plus the few entries the pipeline
 * adds. The embedded cluster reads its configuration only from that directory: Beam's {@code
 * --savepointPath} is ignored in {@code [local]}, so a restore must become {@code
 * execution.savepoint.path} there.
 */
public final class EmbeddedFlinkConf {

  /** Flink 1.19's configuration file; {@code flink-conf.yaml} is the legacy name it still reads. */
  static final String CONFIG_YAML = GlobalConfiguration.FLINK_CONF_FILENAME;

  static final String LEGACY_CONF_YAML = GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME;

  private final @Nullable Path userDir;
  private final Configuration user;
  private final Map<String, String> added = new LinkedHashMap<>();

  private EmbeddedFlinkConf(@Nullable Path userDir) {
    this.userDir = userDir;
    this.user =
        userDir == null
            ? new Configuration()
            : GlobalConfiguration.loadConfiguration(userDir.toString());
  }

  /**
   * @param userConfDir {@code --flinkConfDir}; null or blank falls back to {@code FLINK_CONF_DIR}
   */
  public static EmbeddedFlinkConf from(@Nullable String userConfDir) {
    String dir = userConfDir;
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
    }
    if (dir == null || dir.isBlank()) {
      return new EmbeddedFlinkConf(null);
    }
    Path path = Paths.get(dir.trim());
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("--flinkConfDir " + dir + " is not a directory");
    }
    return new EmbeddedFlinkConf(path);
  }

  /** The user's value of {@code key}, or null. */
  public @Nullable String userValue(String key) {
    return user.toMap().get(key);
  }

  /** Sets {@code key} unless the user's configuration sets it. */
  public EmbeddedFlinkConf withDefault(String key, String value) {
    if (userValue(key) == null) {
      added.put(key, value);
    }
    return this;
  }

  /** Sets {@code key}, replacing the user's value. */
  public EmbeddedFlinkConf with(String key, String value) {
    added.put(key, value);
    return this;
  }

  /** The entries added to the user's configuration. */
  public Map<String, String> added() {
    return Map.copyOf(added);
  }

  /**
   * Writes the user's configuration file with the added entries appended into a new directory.
   * Later entries win in both of Flink's YAML dialects.
   */
  public Path write() {
    try {
      Path dir = Files.createTempDirectory("demostream-flink-conf");
      dir.toFile().deleteOnExit();
      String name = CONFIG_YAML;
      StringBuilder text = new StringBuilder();
      if (userDir != null) {
        for (String candidate : new String[] {CONFIG_YAML, LEGACY_CONF_YAML}) {
          Path file = userDir.resolve(candidate);
          if (Files.isRegularFile(file)) {
            name = candidate;
            text.append(Files.readString(file, StandardCharsets.UTF_8));
            break;
          }
        }
      }
      boolean legacy = name.equals(LEGACY_CONF_YAML);
      if (!added.isEmpty()) {
        text.append(System.lineSeparator()).append("# added by the demographics pipeline");
        text.append(System.lineSeparator());
      }
      for (Map.Entry<String, String> entry : added.entrySet()) {
        // The legacy parser keeps quotes; standard YAML needs them around values with colons.
        String value = legacy ? entry.getValue() : "'" + entry.getValue().replace("'", "''") + "'";
        text.append(entry.getKey()).append(": ").append(value).append(System.lineSeparator());
      }
      Path file = dir.resolve(name);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
    }
  }
}
