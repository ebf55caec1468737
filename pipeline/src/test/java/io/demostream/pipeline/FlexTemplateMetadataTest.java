package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Default;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code metadata.json} and {@link DemographicsOptions} must not drift: every option of the
 * pipeline is a template parameter (except the local-only drain signal, metrics file and embedded
 * Flink restore), and each default passes the parameter's regex. Dataflow validates template
 * parameters server-side with an RE2-style engine: every regex must compile and behave the same in
 * RE2 ({@code com.google.re2j}), which has no lookaround and no repetition bound above 1000; exact
 * checks stay with the pipeline's options.
 */
@RunWith(JUnit4.class)
public class FlexTemplateMetadataTest {

  private static final Set<String> LOCAL_ONLY =
      Set.of("drainSignalFile", "restoreLatestCheckpoint", "metricsFile");
  private static final Set<String> INHERITED =
      Set.of("pubsubRootUrl", "numStorageWriteApiStreams", "storageWriteApiTriggeringFrequencySec");

  private static Map<String, JsonNode> parameters() throws Exception {
    JsonNode metadata = new ObjectMapper().readTree(new File("metadata.json"));
    Map<String, JsonNode> parameters = new HashMap<>();
    for (JsonNode parameter : metadata.get("parameters")) {
      parameters.put(parameter.get("name").asText(), parameter);
    }
    return parameters;
  }

  private static Set<String> pipelineOptions() {
    Set<String> names = new TreeSet<>(INHERITED);
    for (Method method : DemographicsOptions.class.getDeclaredMethods()) {
      if (method.getName().startsWith("get")) {
        String name = method.getName().substring(3);
        names.add(Character.toLowerCase(name.charAt(0)) + name.substring(1));
      }
    }
    names.removeAll(LOCAL_ONLY);
    return names;
  }

  @Test
  public void everyOptionIsATemplateParameterWithARegex() throws Exception {
    Map<String, JsonNode> parameters = parameters();
    assertThat(parameters.keySet()).containsExactlyInAnyOrderElementsOf(pipelineOptions());
    for (JsonNode parameter : parameters.values()) {
      assertThat(parameter.get("regexes")).as(parameter.get("name").asText()).isNotEmpty();
      assertThat(parameter.get("helpText").asText()).isNotBlank();
    }
  }

  @Test
  public void everyRegexIsInTheRe2SubsetAndAgreesWithJava() throws Exception {
    List<String> samples =
        List.of(
            "60s",
            "PT90S",
            "P1DT2H",
            "5m",
            "a minute",
            "demo-project:demostream",
            "pubsub",
            "jdbc:postgresql://10.0.0.3/demostream",
            "projects/p/subscriptions/s",
            "",
            "42");
    for (JsonNode parameter : parameters().values()) {
      for (JsonNode regex : parameter.get("regexes")) {
        String name = parameter.get("name").asText();
        com.google.re2j.Pattern re2 = com.google.re2j.Pattern.compile(regex.asText());
        Pattern java = Pattern.compile(regex.asText());
        for (String sample : samples) {
          assertThat(re2.matches(sample))
              .as(name + " on " + sample)
              .isEqualTo(java.matcher(sample).matches());
        }
      }
    }
  }

  @Test
  public void defaultsAndTypicalValuesPassTheRegexes() throws Exception {
    Map<String, JsonNode> parameters = parameters();
    Map<String, List<String>> accepted = new HashMap<>();
    for (Method method : DemographicsOptions.class.getDeclaredMethods()) {
      String name = method.getName().startsWith("get") ? method.getName().substring(3) : null;
      if (name == null) {
        continue;
      }
      name = Character.toLowerCase(name.charAt(0)) + name.substring(1);
      List<String> values = accepted.computeIfAbsent(name, n -> new ArrayList<>());
      Default.String text = method.getAnnotation(Default.String.class);
      if (text != null && !text.value().isEmpty()) { // empty means unset: the parameter is omitted
        values.add(text.value());
      }
      if (method.getAnnotation(Default.Integer.class) != null) {
        values.add(Integer.toString(method.getAnnotation(Default.Integer.class).value()));
      }
      if (method.getAnnotation(Default.Long.class) != null) {
        values.add(Long.toString(method.getAnnotation(Default.Long.class).value()));
      }
    }
    accepted
        .computeIfAbsent("windowSize", n -> new ArrayList<>())
        .addAll(List.of("PT90S", "5m", "1h"));
    accepted.put("inputSubscription", List.of("projects/demo-project/subscriptions/users"));
    accepted.put("outputDataset", List.of("demo-project:demostream"));
    accepted.put("inputFiles", List.of("gs://my-bucket/history/2026-03-01/*.jsonl"));
    accepted.put("backfillStart", List.of("2026-03-01T00:00:00Z", "2026-03-01T10:15:30.250Z"));
    accepted.put("backfillEnd", List.of("2026-03-02T00:00:00Z"));
    accepted.computeIfAbsent("source", n -> new ArrayList<>()).add("files");
    accepted.put(
        "pubsubRootUrl", List.of("https://pubsub.googleapis.com", "http://localhost:8085"));
    accepted.put("jdbcUrl", List.of("jdbc:postgresql://10.0.0.3/demostream"));
    for (Map.Entry<String, List<String>> entry : accepted.entrySet()) {
      if (LOCAL_ONLY.contains(entry.getKey())) {
        continue;
      }
      Pattern regex =
          Pattern.compile(parameters.get(entry.getKey()).get("regexes").get(0).asText());
      for (String value : entry.getValue()) {
        assertThat(regex.matcher(value).matches()).as(entry.getKey() + "=" + value).isTrue();
      }
    }
    Pattern duration = Pattern.compile(parameters.get("windowSize").get("regexes").get(0).asText());
    assertThat(duration.matcher("a minute").matches()).isFalse();
    assertThat(duration.matcher("P1DT2H30M").matches()).isTrue();
    assertThat(duration.matcher("-5m").matches()).isFalse();
  }
}
