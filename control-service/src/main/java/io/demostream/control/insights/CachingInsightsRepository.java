package io.demostream.control.insights;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Shares answers between viewers: each question (query and range) is asked of the warehouse at most
 * once per {@code ttl}, and viewers asking it meanwhile wait for that one answer. With the
 * dashboard refreshing every few seconds, BigQuery cost then grows with the number of distinct
 * ranges, not with the number of viewers (default ranges are aligned to the refresh interval, see
 * {@link TimeRange#of}).
 */
class CachingInsightsRepository implements InsightsRepository {

  private record Question(String kind, TimeRange range, AgeGrouping by, String country) {

    Question(String kind, TimeRange range, AgeGrouping by) {
      this(kind, range, by, null);
    }
  }

  private final InsightsRepository delegate;
  private final Cache<Question, List<?>> answers;

  CachingInsightsRepository(InsightsRepository delegate, Duration ttl) {
    this.delegate = delegate;
    this.answers = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
  }

  @Override
  public List<WindowRow> windows(TimeRange range) {
    return cached(new Question("windows", range, null), () -> delegate.windows(range));
  }

  @Override
  public List<CountryWindowRow> countryWindows(TimeRange range, String country) {
    return cached(
        new Question("country-windows", range, null, country),
        () -> delegate.countryWindows(range, country));
  }

  @Override
  public List<AgeGroupRow> ageGroups(TimeRange range, AgeGrouping by) {
    return cached(new Question("age", range, by), () -> delegate.ageGroups(range, by));
  }

  @Override
  public List<AgeBandRow> ageBands(TimeRange range) {
    return cached(new Question("age-bands", range, null), () -> delegate.ageBands(range));
  }

  @SuppressWarnings("unchecked")
  private <T> List<T> cached(Question question, Supplier<List<T>> load) {
    return (List<T>) answers.get(question, key -> List.copyOf(load.get()));
  }
}
