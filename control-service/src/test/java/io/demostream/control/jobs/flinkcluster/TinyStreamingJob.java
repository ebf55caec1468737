package io.demostream.control.jobs.flinkcluster;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;

/**
 * A small unbounded Flink job that stands in for the pipeline on the test's MiniCluster, where the
 * 200 MB bundled pipeline jar would cost a minute per test run: it takes Beam-style {@code
 * --name=value} arguments, names itself after {@code --jobName}, publishes its arguments as the
 * job's user configuration (as Beam's Flink runner publishes its pipeline options), checkpoints
 * every {@code --checkpointingInterval} ms, and counts forever until stopped; a stop with drain
 * ends its source and the job {@code FINISHED}.
 */
public final class TinyStreamingJob {

  private TinyStreamingJob() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        options.put(arg.substring(2, eq), arg.substring(eq + 1));
      }
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.getConfig().setGlobalJobParameters(Configuration.fromMap(options));
    env.enableCheckpointing(Long.parseLong(options.getOrDefault("checkpointingInterval", "1000")));
    env.fromSequence(0, Long.MAX_VALUE)
        .map(new Slowly())
        .addSink(new DiscardingSink<>())
        .name("Discard");
    env.execute(options.getOrDefault("jobName", "tiny"));
  }

  /** About a hundred elements a second: enough to run, little enough to share the machine. */
  static final class Slowly implements MapFunction<Long, Long> {
    @Override
    public Long map(Long value) {
      // Not Thread.sleep: an interrupt must not fail the task while it is being stopped.
      LockSupport.parkNanos(10_000_000L);
      return value;
    }
  }
}
