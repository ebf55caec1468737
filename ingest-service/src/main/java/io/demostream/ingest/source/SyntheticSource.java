package io.demostream.ingest.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.UserFields;
import io.demostream.events.UserRecordReader;
import io.demostream.events.Validated;
import io.demostream.events.synthetic.Scenario;
import io.demostream.events.synthetic.ScenarioTraffic;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.events.synthetic.UserMix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Users from {@link SyntheticUserGenerator} at {@code users-per-second}, in batches of about a
 * twentieth of a second so the rate is smooth and each batch is cheap to publish. Generated records
 * go through the same validation as API records.
 *
 * <p>With a {@link Scenario} the batches keep their pace but their size follows {@link
 * ScenarioTraffic#rate} at the batch's offset from the source's start (fractions carried to the
 * next batch), and the users follow its {@link ScenarioTraffic#mix}: the same seed and clock give
 * the same users at the same times.
 */
public final class SyntheticSource implements UserSource {

  static final int MAX_BATCH = 1000;
  private static final int BATCHES_PER_SECOND = 20;

  private final SyntheticUserGenerator generator;
  private final int batchSize;
  private final Pacer pacer;
  private final Clock clock;
  private final ScenarioTraffic traffic;
  private final ScenarioStatus scenarioStatus;
  private final Instant startedAt;
  private double carried;

  public SyntheticSource(long seed, int usersPerSecond, Clock clock) {
    this(null, seed, usersPerSecond, clock, null);
  }

  /** A source shaped by {@code scenario}, paced in real time. */
  public SyntheticSource(Scenario scenario, long seed, int usersPerSecond, Clock clock) {
    this(scenario, seed, usersPerSecond, clock, null);
  }

  /**
   * @param scenario the traffic's shape; null for a flat rate of uniformly random users
   * @param pacer spaces the batches; null paces at the rate in real time
   */
  SyntheticSource(Scenario scenario, long seed, int usersPerSecond, Clock clock, Pacer pacer) {
    this.generator = new SyntheticUserGenerator(seed);
    this.batchSize =
        Math.max(
            1, Math.min(MAX_BATCH, (usersPerSecond + BATCHES_PER_SECOND - 1) / BATCHES_PER_SECOND));
    this.pacer = pacer != null ? pacer : new RatePacer((double) usersPerSecond / batchSize);
    this.clock = clock;
    this.startedAt = clock.instant();
    this.traffic = scenario == null ? null : new ScenarioTraffic(scenario);
    this.scenarioStatus = scenario == null ? null : ScenarioStatus.of(scenario, seed, startedAt);
  }

  @Override
  public EventSource kind() {
    return EventSource.SYNTHETIC;
  }

  @Override
  public ScenarioStatus scenario() {
    return scenarioStatus;
  }

  @Override
  public SourceBatch next() throws InterruptedException {
    pacer.awaitNext();
    Instant now = clock.instant();
    UserMix mix = null;
    int count = batchSize;
    if (traffic != null) {
      Duration offset = Duration.between(startedAt, now);
      mix = traffic.mix(offset);
      double wanted = carried + batchSize * traffic.rate(offset);
      count = mix.anyone() ? (int) Math.floor(wanted) : 0;
      carried = mix.anyone() ? wanted - count : 0;
    }
    List<ApiResponse.ValidUser> users = new ArrayList<>(count);
    int rejected = 0;
    for (int i = 0; i < count; i++) {
      ObjectNode record = mix == null ? generator.nextUser() : generator.nextUser(mix);
      Validated<UserFields> fields = UserRecordReader.read(record);
      if (fields.isValid()) {
        users.add(new ApiResponse.ValidUser(record, fields.value()));
      } else {
        rejected++;
      }
    }
    String problem = rejected == 0 ? null : rejected + " generated record(s) failed validation";
    return new SourceBatch(users, rejected, false, 0, now, problem);
  }
}
