package io.demostream.ingest.source;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.UserCsv;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventLine;
import io.demostream.events.UserFields;
import io.demostream.events.UserRecordReader;
import io.demostream.events.Validated;
import io.demostream.events.ValidationError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Users read back from a JSONL or CSV file, at {@code usersPerSecond} (in batches of about a
 * twentieth of a second, as the synthetic source) or, without a rate, as fast as the publisher
 * takes them (a batch of {@value #UNPACED_BATCH}, then the publisher's in-flight limit blocks).
 *
 * <p>Each line is read as the contract defines ({@link UserEventLine}, {@link UserCsv}) and its
 * record validated by {@link UserRecordReader}, as a polled user is; a line's {@code event_time}
 * and {@code event_id} are kept when it has them ({@code event_time} must then be an RFC 3339
 * instant, {@code schema_version}, if present, {@code 1}). A bad line is counted and reported with
 * its number, field and reason, and skipped; it never ends the run. The run ends by itself at the
 * end of the file. A CSV file without a valid header is refused when it is opened.
 */
public final class ReplaySource implements UserSource {

  static final int MAX_REPORTED_REJECTIONS = 100;
  static final int UNPACED_BATCH = 1000;
  private static final int BATCHES_PER_SECOND = 20;

  private final ReplaySettings settings;
  private final BufferedReader reader;
  private final UserCsv csv;
  private final Pacer pacer;
  private final int batchSize;
  private final Clock clock;

  private final List<ReplayProgress.RejectedLine> rejected = new ArrayList<>();
  private volatile long linesRead;
  private volatile long usersRead;
  private volatile long rejectedLines;
  private volatile boolean finished;

  ReplaySource(InputStream in, ReplaySettings settings, Pacer pacer, int batchSize, Clock clock) {
    this.settings = settings;
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.pacer = pacer;
    this.batchSize = batchSize;
    this.clock = clock;
    this.csv = settings.format() == ReplayFormat.CSV ? readHeader() : null;
  }

  /**
   * A replay of {@code in} at the settings' rate.
   *
   * @throws ReplayFileException when a CSV file has no valid header
   */
  public static ReplaySource open(InputStream in, ReplaySettings settings, Clock clock) {
    Integer rate = settings.usersPerSecond();
    if (rate == null) {
      return new ReplaySource(in, settings, Pacer.UNPACED, UNPACED_BATCH, clock);
    }
    int batch = batchSize(rate);
    return new ReplaySource(in, settings, new RatePacer((double) rate / batch), batch, clock);
  }

  /** Users per batch at {@code usersPerSecond}: a twentieth of a second's worth, 1 to 1000. */
  static int batchSize(int usersPerSecond) {
    return Math.max(
        1, Math.min(UNPACED_BATCH, (usersPerSecond + BATCHES_PER_SECOND - 1) / BATCHES_PER_SECOND));
  }

  private UserCsv readHeader() {
    String header = readLine();
    if (header == null || header.isBlank()) {
      throw failOpen("the CSV file has no header: a header line is required");
    }
    Validated<UserCsv> parsed = UserCsv.header(header);
    if (!parsed.isValid()) {
      throw failOpen("the CSV header is invalid: " + parsed.errorSummary());
    }
    return parsed.value();
  }

  private ReplayFileException failOpen(String message) {
    close();
    return new ReplayFileException(message);
  }

  @Override
  public EventSource kind() {
    return EventSource.REPLAY;
  }

  @Override
  public SourceBatch next() throws InterruptedException {
    pacer.awaitNext();
    List<ApiResponse.ValidUser> users = new ArrayList<>(batchSize);
    List<SourceBatch.Recorded> recorded = new ArrayList<>(batchSize);
    int rejectedInBatch = 0;
    String firstProblem = null;
    while (users.size() < batchSize) {
      String line = readLine();
      if (line == null) {
        finished = true;
        close();
        break;
      }
      long number = linesRead;
      if (line.isBlank()) {
        continue;
      }
      List<ValidationError> errors = readLine(line, users, recorded);
      if (!errors.isEmpty()) {
        rejectedInBatch++;
        reject(number, errors);
        if (firstProblem == null) {
          firstProblem = "line " + number + ": " + errors.get(0);
        }
      }
    }
    usersRead += users.size();
    String problem =
        rejectedInBatch == 0
            ? null
            : rejectedInBatch + " bad line(s) skipped, the first " + firstProblem;
    return new SourceBatch(users, rejectedInBatch, false, 0, clock.instant(), problem, recorded);
  }

  /** Adds the line's user to the batch, or answers why not. */
  private List<ValidationError> readLine(
      String line, List<ApiResponse.ValidUser> users, List<SourceBatch.Recorded> recorded) {
    Validated<UserEventLine> parsed = csv != null ? csv.read(line) : UserEventLine.parse(line);
    if (!parsed.isValid()) {
      return parsed.errors();
    }
    UserEventLine event = parsed.value();
    List<ValidationError> errors = new ArrayList<>();
    String version = event.attributes().get(UserEventAttributes.SCHEMA_VERSION);
    if (version != null && !UserEventAttributes.CURRENT_SCHEMA_VERSION.equals(version)) {
      errors.add(
          new ValidationError(
              attribute(UserEventAttributes.SCHEMA_VERSION),
              ValidationError.Reason.UNSUPPORTED_VALUE,
              "schema version '" + version + "' is not supported"));
    }
    Instant eventTime = null;
    String eventTimeText = event.attributes().get(UserEventAttributes.EVENT_TIME);
    if (eventTimeText != null) {
      Validated<Instant> time = AnalyticProjector.eventTime(eventTimeText);
      if (time.isValid()) {
        eventTime = time.value();
      } else {
        time.errors().stream()
            .map(
                error ->
                    new ValidationError(
                        attribute(UserEventAttributes.EVENT_TIME), error.reason(), error.message()))
            .forEach(errors::add);
      }
    }
    Validated<UserFields> fields = UserRecordReader.read(event.data());
    if (!fields.isValid()) {
      List<ValidationError> recordErrors =
          csv != null
              ? fields.errors()
              : fields.errors().stream().map(e -> e.under("data")).toList();
      errors.addAll(recordErrors);
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    String eventId = event.attributes().get(UserEventAttributes.EVENT_ID);
    users.add(new ApiResponse.ValidUser(event.data(), fields.value()));
    recorded.add(
        new SourceBatch.Recorded(eventTime, eventId == null || eventId.isBlank() ? null : eventId));
    return List.of();
  }

  /** The field name of an attribute: {@code attributes.x} in JSONL, the column {@code x} in CSV. */
  private String attribute(String name) {
    return csv != null ? name : UserEventLine.ATTRIBUTES + "." + name;
  }

  private synchronized void reject(long line, List<ValidationError> errors) {
    rejectedLines++;
    for (ValidationError error : errors) {
      if (rejected.size() < MAX_REPORTED_REJECTIONS) {
        rejected.add(
            new ReplayProgress.RejectedLine(
                line, error.field(), error.reason().name(), error.message()));
      }
    }
  }

  private String readLine() {
    try {
      String line = reader.readLine();
      if (line != null) {
        linesRead++;
      }
      return line;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot read " + settings.file(), e);
    }
  }

  @Override
  public boolean exhausted() {
    return finished;
  }

  @Override
  public synchronized ReplayProgress progress() {
    return new ReplayProgress(
        settings.file(),
        settings.format().wireName(),
        linesRead,
        usersRead,
        rejectedLines,
        rejected,
        finished);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // Closing a file we only read: nothing is lost.
    }
  }
}
