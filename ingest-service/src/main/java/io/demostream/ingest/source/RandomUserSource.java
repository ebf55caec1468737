package io.demostream.ingest.source;

import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.RandomUserResponseParser;
import io.demostream.events.Validated;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Users from randomuser.me: one {@code GET {base-url}?results=N[&nat=..][&seed=..&page=..]} per
 * slot of the request rate. A malformed body or invalid record is reported in the batch and
 * skipped; it never stops the run.
 */
public final class RandomUserSource implements UserSource {

  private final RandomUserClient client;
  private final RandomUserProperties properties;
  private final SourceSettings settings;
  private final RatePacer pacer;
  private final Clock clock;
  private long page = 1;

  public RandomUserSource(
      RandomUserClient client,
      RandomUserProperties properties,
      SourceSettings settings,
      Clock clock) {
    this.client = client;
    this.properties = properties;
    this.settings = settings;
    this.pacer = new RatePacer(settings.requestsPerSecond());
    this.clock = clock;
  }

  @Override
  public EventSource kind() {
    return EventSource.RANDOMUSER;
  }

  @Override
  public SourceBatch next() throws InterruptedException {
    pacer.awaitNext();
    RandomUserClient.Fetched fetched = client.get(nextUri());
    Validated<ApiResponse> parsed = RandomUserResponseParser.parse(fetched.body());
    if (!parsed.isValid()) {
      return new SourceBatch(
          List.of(),
          0,
          true,
          fetched.requests(),
          clock.instant(),
          "malformed API response skipped: " + parsed.errorSummary());
    }
    ApiResponse response = parsed.value();
    String problem =
        response.rejected().isEmpty()
            ? null
            : response.rejected().size()
                + " invalid record(s) skipped: "
                + response.rejected().stream()
                    .limit(3)
                    .flatMap(rejected -> rejected.errors().stream())
                    .map(Object::toString)
                    .collect(Collectors.joining("; "));
    return new SourceBatch(
        response.users(),
        response.rejected().size(),
        false,
        fetched.requests(),
        clock.instant(),
        problem);
  }

  /** The next request URI; with a seed, each request reads the next page of that seed. */
  URI nextUri() {
    UriComponentsBuilder uri =
        UriComponentsBuilder.fromUri(properties.baseUrl())
            .queryParam("results", settings.resultsPerRequest());
    if (!settings.nationalities().isEmpty()) {
      uri.queryParam("nat", String.join(",", settings.nationalities()));
    }
    if (properties.seed() != null && !properties.seed().isBlank()) {
      uri.queryParam("seed", properties.seed()).queryParam("page", page++);
    }
    return uri.encode().build().toUri();
  }
}
