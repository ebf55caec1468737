package io.demostream.pipeline.source;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A file whose appearance asks a local pipeline to drain. Checked at most every {@link
 * #CHECK_INTERVAL_MILLIS}, so readers can ask on every element without a syscall each time.
 */
public final class DrainSignal implements Serializable {

  static final long CHECK_INTERVAL_MILLIS = 200;

  private final String path;
  private transient long lastCheck;
  private transient boolean raised;

  public DrainSignal(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  /** True once the file exists; stays true. */
  public boolean isRaised() {
    if (raised) {
      return true;
    }
    long now = System.currentTimeMillis();
    if (now - lastCheck >= CHECK_INTERVAL_MILLIS) {
      lastCheck = now;
      raised = Files.exists(Paths.get(path));
    }
    return raised;
  }

  /** A fresh, unchecked copy for one reader. */
  DrainSignal copy() {
    return new DrainSignal(path);
  }
}
