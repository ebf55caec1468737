package io.demostream.control.insights.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * A BigQuery ML model of the {@code users} metric and the series ids it is trained with: one model
 * serves every series of its shape (all users; per gender; per country; per country and gender),
 * and a request picks its series by the ids.
 *
 * @param idColumns the {@code time_series_id_col} columns, empty for the one all-users series
 */
record ForecastModel(List<String> idColumns) {

  static final String COUNTRY = "country";
  static final String GENDER = "gender";

  /** Every model, the all-users one first. */
  static final List<ForecastModel> ALL =
      List.of(
          new ForecastModel(List.of()),
          new ForecastModel(List.of(GENDER)),
          new ForecastModel(List.of(COUNTRY)),
          new ForecastModel(List.of(COUNTRY, GENDER)));

  ForecastModel {
    idColumns = List.copyOf(idColumns);
  }

  /** The model that holds the key's series. */
  static ForecastModel of(SeriesKey key) {
    List<String> ids = new ArrayList<>();
    if (key.country() != null) {
      ids.add(COUNTRY);
    }
    if (key.gender() != null) {
      ids.add(GENDER);
    }
    return new ForecastModel(ids);
  }

  /** {@code forecast_users_model}, {@code forecast_users_by_country_gender_model}... */
  String name() {
    return "forecast_"
        + SeriesKey.USERS
        + (idColumns.isEmpty() ? "" : "_by_" + String.join("_", idColumns))
        + "_model";
  }

  boolean has(String idColumn) {
    return idColumns.contains(idColumn);
  }
}
