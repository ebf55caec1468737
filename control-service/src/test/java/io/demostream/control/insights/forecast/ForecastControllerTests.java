package io.demostream.control.insights.forecast;

import static org.hamcrest.Matchers.closeTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.control.insights.CountryWindowRow;
import io.demostream.control.insights.InsightsRepository;
import io.demostream.control.insights.WindowRow;
import io.demostream.control.testing.ApiSliceTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The forecast API's shape, its 400s naming the field, 409 on short history, retrain's token. */
@ApiSliceTest
@Import({ForecastController.class, ForecastControllerTests.Service.class})
class ForecastControllerTests {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TestConfiguration
  static class Service {
    @Bean
    ForecastProperties forecastProperties() {
      // Retrain interval 0: every request trains on the rows its test stubs.
      return new ForecastProperties(
          Duration.ofDays(7), Duration.ofDays(1), Duration.ZERO, Duration.ofDays(7));
    }

    @Bean
    ForecastService forecastService(InsightsRepository repository, ForecastProperties p) {
      return new ForecastService(
          new SeriesReader(repository),
          p,
          Clock.fixed(NOW, ZoneOffset.UTC),
          new SimpleMeterRegistry());
    }
  }

  @Autowired MockMvc mvc;
  @MockitoBean InsightsRepository repository;

  private void minutes(int count, int spikeAt) {
    List<WindowRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant start = NOW.minus(Duration.ofMinutes(count - i));
      long users = (long) (100 - 50 * Math.cos(2 * Math.PI * i / 30)) + (i % 3);
      if (i == spikeAt) {
        users *= 4;
      }
      rows.add(OnTimeWindows.minute(start, users));
    }
    when(repository.windows(any())).thenReturn(rows);
  }

  @Test
  void forecastAnswersItsDocumentedShapeAheadOfTheHistory() throws Exception {
    minutes(240, -1);
    mvc.perform(get("/api/v1/insights/forecast?metric=users&horizon=30m"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.engine").value("local-holt-winters"))
        .andExpect(jsonPath("$.trainedAt").value("2026-03-01T12:00:00Z"))
        .andExpect(jsonPath("$.frequency").value("PT1M"))
        .andExpect(jsonPath("$.points.length()").value(30))
        .andExpect(jsonPath("$.points[0].windowStart").value("2026-03-01T12:00:00Z"))
        .andExpect(jsonPath("$.points[0].lower").isNumber())
        .andExpect(jsonPath("$.points[0].upper").isNumber());
  }

  @Test
  void anomaliesFlagTheSpikedWindow() throws Exception {
    minutes(240, 200);
    mvc.perform(get("/api/v1/insights/anomalies?from=2026-03-01T11:15:00Z&to=2026-03-01T11:25:00Z"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rows.length()").value(10))
        .andExpect(jsonPath("$.rows[5].windowStart").value("2026-03-01T11:20:00Z"))
        .andExpect(jsonPath("$.rows[5].anomaly").value(true))
        .andExpect(jsonPath("$.rows[4].anomaly").value(false));
  }

  @Test
  void badParametersAre400sNamingTheField() throws Exception {
    for (String[] c :
        new String[][] {
          {"/forecast?metric=revenue", "metric"},
          {"/forecast?horizon=soon", "horizon"},
          {"/forecast?horizon=30d", "horizon"},
          {"/forecast?confidence=1.5", "confidence"},
          {"/forecast?gender=robot", "gender"},
          {"/forecast?country=", "country"},
          {"/anomalies?threshold=0", "threshold"},
          {"/anomalies?from=yesterday", "from"},
        }) {
      mvc.perform(get("/api/v1/insights" + c[0]))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
          .andExpect(jsonPath("$.field").value(c[1]));
    }
  }

  @Test
  void countryAndGenderForecastTheCountrysSeriesOfThatGender() throws Exception {
    List<CountryWindowRow> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      Instant start = NOW.minus(Duration.ofMinutes(240 - i));
      // France's women: a steady 50 a minute; its men are far more, and must not leak in.
      rows.add(new CountryWindowRow(start, start.plusSeconds(60), 550, 500, 50, 0));
    }
    when(repository.countryWindows(any(), eq("France"))).thenReturn(rows);

    mvc.perform(get("/api/v1/insights/forecast?horizon=5m&country=France&gender=female"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.points.length()").value(5))
        .andExpect(jsonPath("$.points[0].value").value(closeTo(50.0, 1.0)));
    verify(repository, never()).windows(any());

    mvc.perform(get("/api/v1/insights/forecast?horizon=5m&country=Nowhere"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.available").value(0));
  }

  @Test
  void tooLittleHistoryIsA409SayingHowMuchIsNeeded() throws Exception {
    minutes(5, -1);
    mvc.perform(get("/api/v1/insights/forecast"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.needed").value(12))
        .andExpect(jsonPath("$.available").value(5));
  }

  @Test
  void retrainNeedsTheToken() throws Exception {
    minutes(240, -1);
    mvc.perform(post("/api/v1/insights/models/retrain")).andExpect(status().isUnauthorized());
    mvc.perform(
            post("/api/v1/insights/models/retrain")
                .header(HttpHeaders.AUTHORIZATION, "Bearer right-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].engine").value("local-holt-winters"));
  }
}
