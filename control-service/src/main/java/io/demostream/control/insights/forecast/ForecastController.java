package io.demostream.control.insights.forecast;

import io.demostream.control.api.ConflictException;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Forecasts and anomalies of the insights' series, from whichever {@link ForecastEngine} the
 * warehouse gets (see {@link ForecastConfiguration}). A bad parameter is a 400 naming it; too
 * little history is a 409 {@code conflict} with {@code needed} and {@code available} windows.
 */
@RestController
@RequestMapping("/api/v1/insights")
class ForecastController {

  private static final Duration DEFAULT_ANOMALY_RANGE = Duration.ofHours(24);
  private static final int MAX_COUNTRY_LENGTH = 100;

  private final ForecastEngine forecasts;
  private final ForecastProperties properties;

  ForecastController(ForecastEngine forecasts, ForecastProperties properties) {
    this.forecasts = forecasts;
    this.properties = properties;
  }

  @GetMapping("/forecast")
  ForecastAnswer forecast(
      @RequestParam(defaultValue = "users") String metric,
      @RequestParam(defaultValue = "30m") String horizon,
      @RequestParam(required = false) String country,
      @RequestParam(required = false) String gender,
      @RequestParam(defaultValue = "0.9") double confidence) {
    SeriesKey key = key(metric, country, gender);
    Duration ahead = horizon(horizon);
    probability("confidence", confidence);
    return answer(() -> forecasts.forecast(key, ahead, confidence));
  }

  @GetMapping("/anomalies")
  AnomaliesAnswer anomalies(
      @RequestParam(defaultValue = "users") String metric,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String country,
      @RequestParam(required = false) String gender,
      @RequestParam(defaultValue = "0.99") double threshold) {
    SeriesKey key = key(metric, country, gender);
    probability("threshold", threshold);
    Instant end = to == null || to.isBlank() ? forecasts.now() : instant("to", to);
    Instant start =
        from == null || from.isBlank() ? end.minus(DEFAULT_ANOMALY_RANGE) : instant("from", from);
    if (start.isAfter(end)) {
      throw new InvalidRequestException("from", "'from' must not be after 'to'.");
    }
    return answer(() -> forecasts.anomalies(key, start, end, threshold));
  }

  /** Retrains every model now (token required, as every POST). */
  @PostMapping("/models/retrain")
  List<ModelTraining> retrain() {
    return forecasts.retrainAll();
  }

  private static <T> T answer(Supplier<T> call) {
    try {
      return call.get();
    } catch (InsufficientHistoryException e) {
      throw new ConflictException(
          e.getMessage(), Map.of("needed", e.needed(), "available", e.available()));
    }
  }

  private static SeriesKey key(String metric, String country, String gender) {
    if (!SeriesKey.USERS.equalsIgnoreCase(metric)) {
      throw new InvalidRequestException("metric", "'metric' must be users.");
    }
    if (country != null && (country.isBlank() || country.length() > MAX_COUNTRY_LENGTH)) {
      throw new InvalidRequestException(
          "country", "'country' must be a country as the insights name it, such as France.");
    }
    if (gender != null
        && !List.of("male", "female", "other").contains(gender.toLowerCase(Locale.ROOT))) {
      throw new InvalidRequestException("gender", "'gender' must be male, female or other.");
    }
    return new SeriesKey(metric, gender, country);
  }

  private Duration horizon(String value) {
    Duration horizon;
    try {
      horizon = DurationStyle.detectAndParse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("horizon", "'horizon' must be a duration such as 30m.");
    }
    if (horizon.isNegative()
        || horizon.isZero()
        || horizon.compareTo(properties.maxHorizon()) > 0) {
      throw new InvalidRequestException(
          "horizon", "'horizon' must be above 0 and at most " + properties.maxHorizon() + ".");
    }
    return horizon;
  }

  private static void probability(String field, double value) {
    if (!(value > 0 && value < 1)) {
      throw new InvalidRequestException(field, "'" + field + "' must be between 0 and 1.");
    }
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field, "'" + field + "' must be an RFC 3339 time such as 2026-03-01T10:00:00Z.");
    }
  }
}
