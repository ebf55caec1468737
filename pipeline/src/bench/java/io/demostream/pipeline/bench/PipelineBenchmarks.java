package io.demostream.pipeline.bench;

import io.demostream.events.AnalyticUser;
import io.demostream.pipeline.aggregate.AggregateDemographics;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.source.DrainSignal;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.window.WindowSpec;
import io.demostream.pipeline.window.WindowUserEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs both benchmarks in one go: {@link ParseBenchmark} with JMH, then events per second through
 * the whole pipeline on the DirectRunner with the synthetic source (as fast as it can generate),
 * Combine-based against {@link NaiveAggregateDemographics}, each for the same wall time, drained at
 * the end so every window is flushed. Prints a Markdown summary.
 */
public final class PipelineBenchmarks {

  private static final long RUN_SECONDS = Long.getLong("bench.pipelineSeconds", 40);

  private PipelineBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Collection<RunResult> jmh =
        Boolean.parseBoolean(System.getProperty("bench.jmh", "true"))
            ? new Runner(new OptionsBuilder().include(ParseBenchmark.class.getName()).build()).run()
            : java.util.List.of();
    double bare = 0;
    double project = 0;
    double full = 0;
    for (RunResult result : jmh) {
      double score = result.getPrimaryResult().getScore();
      String name = result.getParams().getBenchmark();
      if (name.endsWith("jacksonReadTree")) {
        bare = score;
      } else if (name.endsWith("parseProject")) {
        project = score;
      } else {
        full = score;
      }
    }
    double ceiling = eventsPerSecond(Variant.READ_AND_PARSE_ONLY);
    double combine = eventsPerSecond(Variant.COMBINE);
    double naive = eventsPerSecond(Variant.GROUP_AND_ITERATE);

    System.out.println();
    System.out.println("| measure | result |");
    System.out.println("|---|---|");
    System.out.printf(Locale.ROOT, "| Jackson readTree, ns/event | %.0f |%n", bare);
    System.out.printf(
        Locale.ROOT, "| parse + project (contract only), ns/event | %.0f |%n", project);
    System.out.printf(Locale.ROOT, "| parse + project + accumulate, ns/event | %.0f |%n", full);
    System.out.printf(Locale.ROOT, "| ratio (target <= 2.0) | %.2f |%n", full / bare);
    System.out.printf(
        Locale.ROOT, "| DirectRunner, read + parse only (ceiling), events/s | %.0f |%n", ceiling);
    System.out.printf(Locale.ROOT, "| DirectRunner, Combine.perKey, events/s | %.0f |%n", combine);
    System.out.printf(
        Locale.ROOT, "| DirectRunner, GroupByKey + iterate, events/s | %.0f |%n", naive);
    System.out.printf(Locale.ROOT, "| Combine / naive | %.2f |%n", combine / naive);
  }

  enum Variant {
    READ_AND_PARSE_ONLY,
    COMBINE,
    GROUP_AND_ITERATE
  }

  private static double eventsPerSecond(Variant variant) throws Exception {
    Path drain = Files.createTempDirectory("bench").resolve("drain");
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setBlockOnRun(false);
    options.as(StreamingOptions.class).setStreaming(true);
    // Measure the pipeline, not the DirectRunner's mutation and coder checks.
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);

    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple parsed =
        pipeline
            .apply(
                "ReadUserEvents",
                ReadUserEvents.synthetic(
                    Integer.MAX_VALUE / 1000, 42, new DrainSignal(drain.toString())))
            .apply("ParseUserEvents", new ParseUserEvents());
    PCollection<AnalyticUser> windowed =
        parsed
            .get(ParseUserEvents.USERS)
            .apply(
                "WindowUserEvents",
                new WindowUserEvents(
                    WindowSpec.fixed(
                        Duration.standardSeconds(10),
                        Duration.standardSeconds(30),
                        Duration.standardSeconds(5))));
    if (variant == Variant.READ_AND_PARSE_ONLY) {
      windowed.apply("CountUsers", ParDo.of(new CountFn<>()));
    } else if (variant == Variant.GROUP_AND_ITERATE) {
      windowed
          .apply("NaiveAggregateDemographics", new NaiveAggregateDemographics())
          .apply("CountPanes", ParDo.of(new CountFn<>()));
    } else {
      PCollectionTuple rows = windowed.apply("AggregateDemographics", new AggregateDemographics("bench"));
      PCollectionList.of(rows.get(AggregateDemographics.SUMMARY))
          .and(rows.get(AggregateDemographics.BY_COUNTRY_GENDER))
          .and(rows.get(AggregateDemographics.BY_AGE_BAND))
          .apply("FlattenRows", Flatten.pCollections())
          .apply("CountPanes", ParDo.of(new CountFn<>()));
    }
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    Thread.sleep(RUN_SECONDS * 1000); // the measured interval itself, not a synchronisation
    Files.createFile(drain);
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long events = ParseUserEvents.counterTotal(result, ParseUserEvents.PARSED_COUNTER);
    System.out.printf(Locale.ROOT, "%s: %d events in %.1f s%n", variant, events, seconds);
    return events / seconds;
  }

  static final class CountFn<T> extends DoFn<T, Void> {
    private final org.apache.beam.sdk.metrics.Counter panes =
        org.apache.beam.sdk.metrics.Metrics.counter("bench", "panes");

    @ProcessElement
    public void processElement() {
      panes.inc();
    }
  }
}
