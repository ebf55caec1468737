package io.demostream.control.insights;

import static io.demostream.control.insights.InsightsWarehouse.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Viewers share answers: one warehouse query per question and refresh interval. */
class CachingInsightsRepositoryTests {

  static final TimeRange RANGE = new TimeRange(at("10:00"), at("10:10"));

  /** Counts queries; a query waits on {@link #release} so that viewers can pile up. */
  static class CountingRepository implements InsightsRepository {
    final AtomicInteger queries = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<WindowRow> windows(TimeRange range) {
      queries.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of(
          new WindowRow(range.from(), range.to(), queries.get(), 0, 0, 0, 0, 0, "EARLY", null));
    }

    @Override
    public List<CountryWindowRow> countryWindows(TimeRange range, String country) {
      queries.incrementAndGet();
      return List.of();
    }

    @Override
    public List<AgeGroupRow> ageGroups(TimeRange range, AgeGrouping by) {
      queries.incrementAndGet();
      return List.of(new AgeGroupRow(by.byCountry() ? "Brazil" : null, null, 1, 30, 3));
    }

    @Override
    public List<AgeBandRow> ageBands(TimeRange range) {
      queries.incrementAndGet();
      return List.of();
    }
  }

  @Test
  void concurrentViewersOfOneRangeShareOneQuery() throws Exception {
    CountingRepository warehouse = new CountingRepository();
    CachingInsightsRepository cache =
        new CachingInsightsRepository(warehouse, Duration.ofMinutes(1));
    ExecutorService viewers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<WindowRow>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(viewers.submit(() -> cache.windows(RANGE)));
      }
      await().until(() -> warehouse.queries.get() == 1);
      warehouse.release.countDown();
      for (Future<List<WindowRow>> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS))
            .extracting(WindowRow::users)
            .containsExactly(1L);
      }
      assertThat(warehouse.queries).hasValue(1);
    } finally {
      viewers.shutdownNow();
    }
  }

  @Test
  void differentQuestionsAreAskedSeparately() {
    CountingRepository warehouse = new CountingRepository();
    warehouse.release.countDown();
    CachingInsightsRepository cache =
        new CachingInsightsRepository(warehouse, Duration.ofMinutes(1));

    cache.windows(RANGE);
    cache.windows(new TimeRange(at("10:00"), at("10:15")));
    cache.ageGroups(RANGE, AgeGrouping.COUNTRY);
    cache.ageGroups(RANGE, AgeGrouping.GENDER);
    cache.ageBands(RANGE);
    cache.windows(RANGE);
    cache.ageGroups(RANGE, AgeGrouping.COUNTRY);
    cache.ageBands(RANGE);

    assertThat(warehouse.queries).hasValue(5);
  }

  @Test
  void answersExpireAfterTheRefreshInterval() {
    CountingRepository warehouse = new CountingRepository();
    warehouse.release.countDown();
    CachingInsightsRepository cache =
        new CachingInsightsRepository(warehouse, Duration.ofMillis(200));

    cache.ageBands(RANGE);
    cache.ageBands(RANGE);
    assertThat(warehouse.queries).hasValue(1);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              cache.ageBands(RANGE);
              assertThat(warehouse.queries.get()).isGreaterThan(1);
            });
  }
}
