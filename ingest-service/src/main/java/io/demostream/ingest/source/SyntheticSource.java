package io.demostream.ingest.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.UserFields;
import io.demostream.events.UserRecordReader;
import io.demostream.events.Validated;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Users from {@link SyntheticUserGenerator} at {@code users-per-second}, in batches of about a
 * twentieth of a second so the rate is smooth and each batch is cheap to publish. Generated records
 * go through the same validation as API records.
 */
public final class SyntheticSource implements UserSource {

  static final int MAX_BATCH = 1000;
  private static final int BATCHES_PER_SECOND = 20;

  private final SyntheticUserGenerator generator;
  private final int batchSize;
  private final RatePacer pacer;
  private final Clock clock;

  public SyntheticSource(long seed, int usersPerSecond, Clock clock) {
    this.generator = new SyntheticUserGenerator(seed);
    this.batchSize =
        Math.max(
            1, Math.min(MAX_BATCH, (usersPerSecond + BATCHES_PER_SECOND - 1) / BATCHES_PER_SECOND));
    this.pacer = new RatePacer((double) usersPerSecond / batchSize);
    this.clock = clock;
  }

  @Override
  public EventSource kind() {
    return EventSource.SYNTHETIC;
  }

  @Override
  public SourceBatch next() throws InterruptedException {
    pacer.awaitNext();
    List<ApiResponse.ValidUser> users = new ArrayList<>(batchSize);
    int rejected = 0;
    for (int i = 0; i < batchSize; i++) {
      ObjectNode record = generator.nextUser();
      Validated<UserFields> fields = UserRecordReader.read(record);
      if (fields.isValid()) {
        users.add(new ApiResponse.ValidUser(record, fields.value()));
      } else {
        rejected++;
      }
    }
    String problem = rejected == 0 ? null : rejected + " generated record(s) failed validation";
    return new SourceBatch(users, rejected, false, 0, clock.instant(), problem);
  }
}
