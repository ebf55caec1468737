package io.demostream.control.insights;

import static io.demostream.control.insights.InsightsWarehouse.at;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.control.testing.ApiSliceTest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The insights REST API: paths, JSON field names, ranges and their problems, open reads; over the
 * real {@link InsightsService} with a mocked repository and the clock at 12:00:02.
 */
class InsightsControllerTests {

  @ApiSliceTest
  @Import({InsightsController.class, InsightsControllerTests.Base.Service.class})
  abstract static class Base {

    @TestConfiguration
    static class Service {
      @Bean
      InsightsService insightsService(InsightsRepository repository) {
        return new InsightsService(
            repository,
            new InsightsProperties(Duration.ofSeconds(5), Duration.ofDays(31)),
            Clock.fixed(at("12:00:02"), ZoneOffset.UTC));
      }
    }

    @Autowired MockMvc mvc;
    @MockitoBean InsightsRepository repository;

    static final TimeRange FIXED = new TimeRange(at("10:00"), at("10:10"));

    @BeforeEach
    void rows() {
      when(repository.windows(any()))
          .thenReturn(
              List.of(
                  new WindowRow(
                      at("10:00"), at("10:01"), 5, 2, 3, 0, 30.0, 5.0, "ON_TIME", at("10:01:05")),
                  new WindowRow(
                      at("10:01"), at("10:02"), 6, 4, 1, 1, 42.0, 8.5, "LATE", at("10:02:35"))));
      when(repository.ageGroups(any(), eq(AgeGrouping.COUNTRY_GENDER)))
          .thenReturn(
              List.of(
                  new AgeGroupRow("Brazil", "female", 4, 140.0, 19.0),
                  new AgeGroupRow("France", "male", 5, 200.0, 50.0)));
      when(repository.ageGroups(any(), eq(AgeGrouping.COUNTRY)))
          .thenReturn(List.of(new AgeGroupRow("Brazil", null, 4, 140.0, 19.0)));
      when(repository.ageBands(any())).thenReturn(List.of(new AgeBandRow("25-34", 5)));
    }
  }

  @Nested
  class OpenReads extends Base {
    @Test
    void summaryAnswersTheIssuesFields() throws Exception {
      mvc.perform(get("/api/v1/insights/summary?from=2026-12-01T10:00:00Z&to=2026-12-01T10:10:00Z"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.from").value("2026-12-01T10:00:00Z"))
          .andExpect(jsonPath("$.to").value("2026-12-01T10:10:00Z"))
          .andExpect(jsonPath("$.totalUsers").value(11))
          .andExpect(jsonPath("$.male").value(6))
          .andExpect(jsonPath("$.female").value(4))
          .andExpect(jsonPath("$.otherGender").value(1))
          // (5×30 + 6×42) / 11
          .andExpect(jsonPath("$.avgAge").value(36.55))
          .andExpect(jsonPath("$.avgRegisteredAge").value(6.91))
          .andExpect(jsonPath("$.windows").value(2))
          .andExpect(jsonPath("$.latestEmittedAt").value("2026-12-01T10:02:35Z"));
      verify(repository).windows(FIXED);
    }

    @Test
    void summaryOfAnEmptyRangeKeepsEveryFieldWithNullAverages() throws Exception {
      when(repository.windows(any())).thenReturn(List.of());

      mvc.perform(get("/api/v1/insights/summary"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.totalUsers").value(0))
          .andExpect(jsonPath("$.avgAge").doesNotExist())
          .andExpect(jsonPath("$.avgAge").hasJsonPath())
          .andExpect(jsonPath("$.latestEmittedAt").hasJsonPath())
          .andExpect(jsonPath("$.windows").value(0));
    }

    @Test
    void defaultRangeIsTheLast24HoursEndingAtTheNextRefreshBoundary() throws Exception {
      mvc.perform(get("/api/v1/insights/summary"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.from").value("2026-11-30T12:00:05Z"))
          .andExpect(jsonPath("$.to").value("2026-12-01T12:00:05Z"));
      mvc.perform(get("/api/v1/insights/summary").param("from", "2026-12-01T09:00:00+01:00"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.from").value("2026-12-01T08:00:00Z"))
          .andExpect(jsonPath("$.to").value("2026-12-01T12:00:05Z"));
    }

    @Test
    void runningTotalGenderAgeAndAgeBandsAnswerTheIssuesFields() throws Exception {
      mvc.perform(get("/api/v1/insights/running-total"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.points[0].windowStart").value("2026-12-01T10:00:00Z"))
          .andExpect(jsonPath("$.points[0].windowEnd").value("2026-12-01T10:01:00Z"))
          .andExpect(jsonPath("$.points[0].users").value(5))
          .andExpect(jsonPath("$.points[1].cumulativeUsers").value(11))
          .andExpect(jsonPath("$.points[1].paneTiming").value("LATE"));
      mvc.perform(get("/api/v1/insights/gender"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.male").value(6))
          .andExpect(jsonPath("$.female").value(4))
          .andExpect(jsonPath("$.other").value(1))
          .andExpect(jsonPath("$.total").value(11))
          .andExpect(jsonPath("$.points[1].windowStart").value("2026-12-01T10:01:00Z"))
          .andExpect(jsonPath("$.points[1].male").value(4))
          .andExpect(jsonPath("$.points[1].female").value(1))
          .andExpect(jsonPath("$.points[1].other").value(1));
      mvc.perform(get("/api/v1/insights/age"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.by").value("country,gender"))
          .andExpect(jsonPath("$.rows[0].country").value("France"))
          .andExpect(jsonPath("$.rows[0].gender").value("male"))
          .andExpect(jsonPath("$.rows[0].users").value(5))
          .andExpect(jsonPath("$.rows[0].avgAge").value(40.0))
          .andExpect(jsonPath("$.rows[0].avgRegisteredAge").value(10.0))
          .andExpect(jsonPath("$.rows[1].avgAge").value(35.0));
      mvc.perform(get("/api/v1/insights/age?by=country"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.by").value("country"))
          .andExpect(jsonPath("$.rows[0].country").value("Brazil"))
          .andExpect(jsonPath("$.rows[0].gender").doesNotHaveJsonPath());
      mvc.perform(get("/api/v1/insights/age-bands"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.rows.length()").value(7))
          .andExpect(jsonPath("$.rows[2].ageBand").value("25-34"))
          .andExpect(jsonPath("$.rows[2].users").value(5))
          .andExpect(jsonPath("$.rows[0].users").value(0));
    }

    @Test
    void malformedFromIsABadRequestNamingFrom() throws Exception {
      mvc.perform(get("/api/v1/insights/summary?from=yesterday"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value(endsWith("invalid-request")))
          .andExpect(jsonPath("$.field").value("from"));
    }

    @Test
    void timestampWithoutOffsetIsABadRequestNamingTo() throws Exception {
      mvc.perform(get("/api/v1/insights/gender?to=2026-12-01T10:00:00"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.field").value("to"));
    }

    @Test
    void invertedRangeIsABadRequestNamingFrom() throws Exception {
      mvc.perform(
              get("/api/v1/insights/running-total")
                  .param("from", "2026-12-01T11:00:00Z")
                  .param("to", "2026-12-01T10:00:00Z"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value(endsWith("invalid-request")))
          .andExpect(jsonPath("$.field").value("from"))
          .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("after")));
    }

    @Test
    void rangeLongerThanTheMaximumIsABadRequest() throws Exception {
      mvc.perform(get("/api/v1/insights/age-bands?from=2026-01-01T00:00:00Z"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.field").value("from"));
    }

    @Test
    void unknownGroupingIsABadRequestNamingBy() throws Exception {
      mvc.perform(get("/api/v1/insights/age?by=city"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.field").value("by"));
    }
  }

  @Nested
  @TestPropertySource(properties = "demostream.security.open-reads=false")
  class ClosedReads extends Base {

    @Test
    void readsNeedTheTokenWhenReadsAreNotOpen() throws Exception {
      mvc.perform(get("/api/v1/insights/summary")).andExpect(status().isUnauthorized());
      mvc.perform(get("/api/v1/insights/summary").header("Authorization", "Bearer right-token"))
          .andExpect(status().isOk());
    }
  }
}
