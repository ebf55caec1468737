package io.demostream.ingest.ingestion;

import io.demostream.ingest.config.IngestProperties;
import io.demostream.ingest.config.RandomUserProperties;
import io.demostream.ingest.config.SyntheticProperties;
import io.demostream.ingest.source.SourceSettings;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Resolves a start command against the configured defaults: what a run would use. The one place
 * that does it, so that a dry run ({@code POST /api/v1/ingestion/start?dryRun=true}) answers
 * exactly what a real start would do.
 */
@Component
public class StartDefaults {

  private final IngestProperties ingest;
  private final RandomUserProperties randomUser;
  private final SyntheticProperties synthetic;

  public StartDefaults(
      IngestProperties ingest, RandomUserProperties randomUser, SyntheticProperties synthetic) {
    this.ingest = ingest;
    this.randomUser = randomUser;
    this.synthetic = synthetic;
  }

  /** The source settings of a run started with {@code command}. */
  public SourceSettings resolve(StartCommand command) {
    return new SourceSettings(
        command.source() != null ? command.source() : ingest.source(),
        command.usersPerSecond() != null ? command.usersPerSecond() : synthetic.usersPerSecond(),
        command.requestsPerSecond() != null
            ? command.requestsPerSecond()
            : randomUser.requestsPerSecond(),
        command.resultsPerRequest() != null
            ? command.resultsPerRequest()
            : randomUser.resultsPerRequest(),
        command.nationalities() != null
            ? command.nationalities()
            : randomUser.nationalities() == null ? List.of() : randomUser.nationalities());
  }
}
