package io.demostream.ingest.source;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Opens the source a run asks for, sharing one {@link RandomUserClient} between runs. */
@Component
public class UserSources {

  private final RandomUserClient randomUserClient;
  private final RandomUserProperties randomUser;
  private final SyntheticProperties synthetic;
  private final ReplayFiles replayFiles;
  private final Clock clock;

  @Autowired
  public UserSources(
      RandomUserClient randomUserClient,
      RandomUserProperties randomUser,
      SyntheticProperties synthetic,
      ReplayFiles replayFiles,
      Clock clock) {
    this.randomUserClient = randomUserClient;
    this.randomUser = randomUser;
    this.synthetic = synthetic;
    this.replayFiles = replayFiles;
    this.clock = clock;
  }

  /** Sources without Cloud Storage: a {@code gs://} replay fails to open. */
  public UserSources(
      RandomUserClient randomUserClient,
      RandomUserProperties randomUser,
      SyntheticProperties synthetic,
      Clock clock) {
    this(
        randomUserClient,
        randomUser,
        synthetic,
        new ReplayFiles(
            () -> {
              throw new IllegalStateException("no Cloud Storage client");
            }),
        clock);
  }

  /**
   * Opens the source of a run.
   *
   * @throws ReplayFileException when a replay's file cannot be opened
   */
  public UserSource open(SourceSettings settings) {
    return switch (settings.source()) {
      case REPLAY ->
          ReplaySource.open(replayFiles.open(settings.replay().file()), settings.replay(), clock);
      case PUSH -> throw new IllegalArgumentException("push is not a source a run reads");
      case RANDOMUSER -> new RandomUserSource(randomUserClient, randomUser, settings, clock);
      case SYNTHETIC -> synthetic(settings);
    };
  }

  private SyntheticSource synthetic(SourceSettings settings) {
    Long scenarioSeed = settings.scenario() == null ? null : settings.scenario().seed();
    long seed =
        scenarioSeed != null
            ? scenarioSeed
            : synthetic.seed() != null ? synthetic.seed() : ThreadLocalRandom.current().nextLong();
    if (settings.scenario() == null) {
      return new SyntheticSource(seed, settings.usersPerSecond(), clock);
    }
    return new SyntheticSource(settings.scenario(), seed, settings.usersPerSecond(), clock);
  }

  /** The randomuser circuit breaker's state, shown in the status of every run. */
  public String circuitState() {
    return randomUserClient.circuitState();
  }
}
