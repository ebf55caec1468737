package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.sink.WarehouseRow;
import io.demostream.pipeline.sink.WarehouseRowCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Computes the three aggregates of windowed users with {@link Combine#perKey} and emits one {@link
 * WarehouseRow} per fired pane and key: {@link #SUMMARY} ({@code window_summary}, keyed by nothing
 * but the window), {@link #BY_COUNTRY_GENDER} ({@code window_by_country_gender}) and {@link
 * #BY_AGE_BAND} ({@code window_by_age_band}). The input's windowing and trigger decide when panes
 * fire; a window without users emits nothing. Every row carries the pipeline's incarnation id
 * ({@code job_id}), since each incarnation numbers its panes from 0.
 */
public final class AggregateDemographics
    extends PTransform<PCollection<AnalyticUser>, PCollectionTuple> {

  public static final TupleTag<WarehouseRow> SUMMARY = new TupleTag<>("window_summary") {};
  public static final TupleTag<WarehouseRow> BY_COUNTRY_GENDER =
      new TupleTag<>("window_by_country_gender") {};
  public static final TupleTag<WarehouseRow> BY_AGE_BAND = new TupleTag<>("window_by_age_band") {};

  private final String incarnationId;

  /**
   * @param incarnationId written to every row's {@code job_id}
   */
  public AggregateDemographics(String incarnationId) {
    this.incarnationId = incarnationId;
  }

  @Override
  public PCollectionTuple expand(PCollection<AnalyticUser> users) {
    Coder<AnalyticUser> userCoder = users.getCoder();
    PCollection<WarehouseRow> summary =
        users
            .apply("KeyByWindowOnly", MapElements.via(new KeyByWindowOnly()))
            .setCoder(KvCoder.of(VoidCoder.of(), userCoder))
            .apply(DroppedLateUsers.SUMMARY_STEP, Combine.perKey(new SummaryFn()))
            .apply("ToSummaryRows", ParDo.of(new SummaryRowFn(incarnationId)))
            .setCoder(WarehouseRowCoder.of());

    PCollection<WarehouseRow> byCountryGender =
        users
            .apply("KeyByCountryGender", MapElements.via(new KeyByCountryGender()))
            .setCoder(KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), userCoder))
            .apply("CombineByCountryGender", Combine.perKey(new AgeAveragesFn()))
            .apply("ToCountryGenderRows", ParDo.of(new CountryGenderRowFn(incarnationId)))
            .setCoder(WarehouseRowCoder.of());

    PCollection<WarehouseRow> byAgeBand =
        users
            .apply("KeyByAgeBand", MapElements.via(new KeyByAgeBand()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), userCoder))
            .apply("CombineByAgeBand", Combine.perKey(new UserCountFn()))
            .apply("ToAgeBandRows", ParDo.of(new AgeBandRowFn(incarnationId)))
            .setCoder(WarehouseRowCoder.of());

    return PCollectionTuple.of(SUMMARY, summary)
        .and(BY_COUNTRY_GENDER, byCountryGender)
        .and(BY_AGE_BAND, byAgeBand);
  }

  static final class KeyByWindowOnly extends SimpleFunction<AnalyticUser, KV<Void, AnalyticUser>> {
    @Override
    public KV<Void, AnalyticUser> apply(AnalyticUser user) {
      return KV.of(null, user);
    }
  }

  static final class KeyByCountryGender
      extends SimpleFunction<AnalyticUser, KV<KV<String, String>, AnalyticUser>> {
    @Override
    public KV<KV<String, String>, AnalyticUser> apply(AnalyticUser user) {
      return KV.of(KV.of(user.country(), user.gender().columnValue()), user);
    }
  }

  static final class KeyByAgeBand extends SimpleFunction<AnalyticUser, KV<String, AnalyticUser>> {
    @Override
    public KV<String, AnalyticUser> apply(AnalyticUser user) {
      return KV.of(user.ageBand().label(), user);
    }
  }

  static final class SummaryRowFn extends PaneRowFn<Void, SummaryAccumulator> {
    SummaryRowFn(String incarnationId) {
      super(WarehouseTables.WINDOW_SUMMARY, incarnationId);
    }

    @Override
    void setValues(Void key, SummaryAccumulator summary, WarehouseRow.Builder row) {
      row.set("users", summary.users())
          .set("male", summary.male())
          .set("female", summary.female())
          .set("other_gender", summary.otherGender())
          .set("avg_age", summary.averageAge())
          .set("avg_registered_age", summary.averageRegisteredAge());
    }
  }

  static final class CountryGenderRowFn extends PaneRowFn<KV<String, String>, AgeAccumulator> {
    CountryGenderRowFn(String incarnationId) {
      super(WarehouseTables.WINDOW_BY_COUNTRY_GENDER, incarnationId);
    }

    @Override
    void setValues(KV<String, String> key, AgeAccumulator ages, WarehouseRow.Builder row) {
      row.set("country", key.getKey())
          .set("gender", key.getValue())
          .set("users", ages.users())
          .set("avg_age", ages.averageAge())
          .set("avg_registered_age", ages.averageRegisteredAge());
    }
  }

  static final class AgeBandRowFn extends PaneRowFn<String, CountAccumulator> {
    AgeBandRowFn(String incarnationId) {
      super(WarehouseTables.WINDOW_BY_AGE_BAND, incarnationId);
    }

    @Override
    void setValues(String ageBand, CountAccumulator count, WarehouseRow.Builder row) {
      row.set("age_band", ageBand).set("users", count.users());
    }
  }
}
