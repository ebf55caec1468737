package io.demostream.pipeline.bench;

import io.demostream.events.AnalyticUser;
import io.demostream.pipeline.parse.AnalyticUserCoder;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The anti-pattern the pipeline avoids, for the benchmark only: group raw users per key, then
 * iterate every user of the window on every firing to compute the same three aggregates. Emits one
 * text line per pane and key.
 */
final class NaiveAggregateDemographics
    extends PTransform<PCollection<AnalyticUser>, PCollection<String>> {

  @Override
  public PCollection<String> expand(PCollection<AnalyticUser> users) {
    PCollection<String> summary =
        users
            .apply("KeyByWindowOnly", MapElements.via(new KeyBy(Aggregate.SUMMARY)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AnalyticUserCoder.of()))
            .apply("GroupSummary", GroupByKey.create())
            .apply("IterateSummary", ParDo.of(new IterateFn(Aggregate.SUMMARY)));
    PCollection<String> byCountryGender =
        users
            .apply("KeyByCountryGender", MapElements.via(new KeyBy(Aggregate.COUNTRY_GENDER)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AnalyticUserCoder.of()))
            .apply("GroupByCountryGender", GroupByKey.create())
            .apply("IterateByCountryGender", ParDo.of(new IterateFn(Aggregate.COUNTRY_GENDER)));
    PCollection<String> byAgeBand =
        users
            .apply("KeyByAgeBand", MapElements.via(new KeyBy(Aggregate.AGE_BAND)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AnalyticUserCoder.of()))
            .apply("GroupByAgeBand", GroupByKey.create())
            .apply("IterateByAgeBand", ParDo.of(new IterateFn(Aggregate.AGE_BAND)));
    return PCollectionList.of(summary)
        .and(byCountryGender)
        .and(byAgeBand)
        .apply("FlattenPanes", Flatten.pCollections());
  }

  enum Aggregate {
    SUMMARY,
    COUNTRY_GENDER,
    AGE_BAND
  }

  static final class KeyBy extends SimpleFunction<AnalyticUser, KV<String, AnalyticUser>> {
    private final Aggregate aggregate;

    KeyBy(Aggregate aggregate) {
      this.aggregate = aggregate;
    }

    @Override
    public KV<String, AnalyticUser> apply(AnalyticUser user) {
      String key =
          switch (aggregate) {
            case SUMMARY -> "";
            case COUNTRY_GENDER -> user.country() + '|' + user.gender().columnValue();
            case AGE_BAND -> user.ageBand().label();
          };
      return KV.of(key, user);
    }
  }

  static final class IterateFn extends DoFn<KV<String, Iterable<AnalyticUser>>, String> {
    private final Aggregate aggregate;

    IterateFn(Aggregate aggregate) {
      this.aggregate = aggregate;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<AnalyticUser>> group, OutputReceiver<String> out) {
      long users = 0;
      long ageSum = 0;
      long registeredAgeSum = 0;
      Map<String, Long> genders = new HashMap<>();
      for (AnalyticUser user : group.getValue()) {
        users++;
        ageSum += user.age();
        registeredAgeSum += user.registeredAge();
        if (aggregate == Aggregate.SUMMARY) {
          genders.merge(user.gender().columnValue(), 1L, Long::sum);
        }
      }
      out.output(
          aggregate
              + "|"
              + group.getKey()
              + "|"
              + users
              + "|"
              + genders
              + "|"
              + (double) ageSum / users
              + "|"
              + (double) registeredAgeSum / users);
    }
  }
}
