package io.demostream.control.insights.forecast;

import java.time.Instant;

/** A fitted model with the series it was fitted on and when; {@code error} of a later failure. */
record TrainedModel(Series series, Fitted fitted, Instant trainedAt, String error) {

  TrainedModel failed(String message) {
    return new TrainedModel(series, fitted, trainedAt, message);
  }
}
