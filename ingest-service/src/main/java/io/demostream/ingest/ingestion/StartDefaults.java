package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import io.demostream.ingest.source.RandomUserProperties;
import io.demostream.ingest.source.ReplaySettings;
import io.demostream.ingest.source.SourceSettings;
import io.demostream.ingest.source.SyntheticProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Resolves a start command against the configured defaults: what a run would use. The one place
 * that does it, so that a dry run ({@code POST /api/v1/ingestion/start?dryRun=true}) answers
 * exactly what a real start would do.
 */
@Component
public class StartDefaults {

  private final IngestionProperties ingestion;
  private final RandomUserProperties randomUser;
  private final SyntheticProperties synthetic;

  public StartDefaults(
      IngestionProperties ingestion,
      RandomUserProperties randomUser,
      SyntheticProperties synthetic) {
    this.ingestion = ingestion;
    this.randomUser = randomUser;
    this.synthetic = synthetic;
  }

  /** The source of a start request that names none. */
  public EventSource defaultSource() {
    return ingestion.source();
  }

  /** The source settings of a run started with {@code command}. */
  public SourceSettings resolve(StartCommand command) {
    EventSource source = command.source() != null ? command.source() : ingestion.source();
    ReplaySettings replay =
        source == EventSource.REPLAY && command.replay() != null
            ? new ReplaySettings(
                command.replay().file(), command.replay().format(), command.usersPerSecond())
            : null;
    return new SourceSettings(
        source,
        command.usersPerSecond() != null ? command.usersPerSecond() : synthetic.usersPerSecond(),
        command.requestsPerSecond() != null
            ? command.requestsPerSecond()
            : randomUser.requestsPerSecond(),
        command.resultsPerRequest() != null
            ? command.resultsPerRequest()
            : randomUser.resultsPerRequest(),
        command.nationalities() != null
            ? command.nationalities()
            : randomUser.nationalities() == null ? List.of() : randomUser.nationalities(),
        replay,
        source == EventSource.SYNTHETIC ? command.scenario() : null);
  }
}
