package io.demostream.events.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.events.ApiResponse;
import io.demostream.events.Gender;
import io.demostream.events.RandomUserResponseParser;
import io.demostream.events.UserFields;
import io.demostream.events.Validated;
import io.demostream.events.testing.Fixtures;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticUserGeneratorTests {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void sameSeedGivesTheSameUsers() {
    assertThat(new SyntheticUserGenerator(42).nextResponse(50))
        .isEqualTo(new SyntheticUserGenerator(42).nextResponse(50));
  }

  @Test
  void differentSeedsGiveDifferentUsers() {
    assertThat(new SyntheticUserGenerator(1).nextUser())
        .isNotEqualTo(new SyntheticUserGenerator(2).nextUser());
  }

  @Test
  void generatedResponsesPassTheParserWholly() throws Exception {
    JsonNode response = new SyntheticUserGenerator(7).nextResponse(2_000);

    Validated<ApiResponse> parsed =
        RandomUserResponseParser.parse(MAPPER.writeValueAsBytes(response));

    assertThat(parsed.value().rejected()).isEmpty();
    assertThat(parsed.value().users()).hasSize(2_000);
  }

  @Test
  void recordsHaveExactlyTheApiShape() throws Exception {
    JsonNode real =
        MAPPER.readTree(Fixtures.randomUserResponse("results-1.json")).path("results").get(0);
    JsonNode synthetic = new SyntheticUserGenerator(3).nextUser();

    assertThat(paths(synthetic)).isEqualTo(paths(real));
  }

  @Test
  void spreadIsRealistic() {
    SyntheticUserGenerator generator = new SyntheticUserGenerator(11);
    int count = 20_000;
    Map<Gender, Long> genders;
    java.util.List<UserFields> users = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      users.add(
          RandomUserResponseParser.parse(wrap(generator.nextUser()))
              .value()
              .users()
              .get(0)
              .fields());
    }
    genders =
        users.stream().collect(Collectors.groupingBy(UserFields::gender, Collectors.counting()));
    Map<String, Long> nationalities =
        users.stream()
            .collect(Collectors.groupingBy(UserFields::nationality, Collectors.counting()));

    assertThat(genders.get(Gender.MALE)).isBetween(9_500L, 10_500L);
    assertThat(genders.get(Gender.FEMALE)).isBetween(9_500L, 10_500L);
    assertThat(nationalities).hasSize(Nationality.values().length);
    assertThat(nationalities.values()).allSatisfy(n -> assertThat(n).isBetween(800L, 1_100L));
    assertThat(users.stream().mapToInt(UserFields::age).summaryStatistics())
        .satisfies(
            stats -> {
              assertThat(stats.getMin()).isEqualTo(SyntheticUserGenerator.MIN_AGE);
              assertThat(stats.getMax()).isEqualTo(SyntheticUserGenerator.MAX_AGE);
              assertThat(stats.getAverage()).isBetween(47.0, 51.0);
            });
    assertThat(users.stream().mapToInt(UserFields::registeredAge).max().orElseThrow())
        .isEqualTo(SyntheticUserGenerator.MAX_REGISTERED_AGE);
  }

  private static JsonNode wrap(JsonNode user) {
    com.fasterxml.jackson.databind.node.ObjectNode response = MAPPER.createObjectNode();
    response.putArray("results").add(user);
    return response;
  }

  private static java.util.SortedSet<String> paths(JsonNode node) {
    java.util.SortedSet<String> paths = new java.util.TreeSet<>();
    collect("", node, paths);
    // postcode and id.value vary in type in the real API too; presence is what must match.
    return paths;
  }

  private static void collect(String prefix, JsonNode node, java.util.Set<String> paths) {
    if (!node.isObject()) {
      paths.add(prefix);
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      collect(prefix + "/" + field.getKey(), field.getValue(), paths);
    }
  }
}
