package io.demostream.ingest.source;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** Opens the source a run asks for, sharing one {@link RandomUserClient} between runs. */
@Component
public class UserSources {

  private final RandomUserClient randomUserClient;
  private final RandomUserProperties randomUser;
  private final SyntheticProperties synthetic;
  private final Clock clock;

  public UserSources(
      RandomUserClient randomUserClient,
      RandomUserProperties randomUser,
      SyntheticProperties synthetic,
      Clock clock) {
    this.randomUserClient = randomUserClient;
    this.randomUser = randomUser;
    this.synthetic = synthetic;
    this.clock = clock;
  }

  public UserSource open(SourceSettings settings) {
    return switch (settings.source()) {
      case RANDOMUSER -> new RandomUserSource(randomUserClient, randomUser, settings, clock);
      case SYNTHETIC ->
          new SyntheticSource(
              synthetic.seed() != null ? synthetic.seed() : ThreadLocalRandom.current().nextLong(),
              settings.usersPerSecond(),
              clock);
    };
  }

  /** The randomuser circuit breaker's state, shown in the status of every run. */
  public String circuitState() {
    return randomUserClient.circuitState();
  }
}
