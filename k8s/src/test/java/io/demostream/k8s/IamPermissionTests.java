package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every Google API method demostream calls needs only permissions its service account is granted:
 * each method of {@code deploy/iam/api-methods.yaml} (per account, including what Beam's IOs call
 * as the Dataflow worker), each of its permissions held by a role of {@code deploy/iam/roles.yaml}
 * granted to that account on the permission's resource or on the project, by the role's permissions
 * in {@code deploy/iam/role-permissions.yaml} (from Google's IAM roles reference). The services'
 * tests keep {@code api-methods.yaml} complete: their fakes of Google APIs fail on any call it does
 * not list.
 */
class IamPermissionTests {

  private static final Path IAM = repository().resolve("deploy").resolve("iam");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A role granted to an account on a scope. */
  record Grant(String role, String scope) {}

  /** A permission a method needs, on a scope. */
  record Need(String permission, String scope) {}

  /** A method an account calls; {@code notOnGoogleCloud} non-null when its needs do not apply. */
  record Method(String call, String name, List<Need> needs, String notOnGoogleCloud) {}

  @Test
  void everyMethodOfEveryAccountNeedsOnlyPermissionsItsRolesHold() {
    assertThat(unheld(grants(), rolePermissions(), methods())).isEmpty();
  }

  @Test
  void theAccountsCallingMethodsAreTheAccountsGrantedRoles() {
    assertThat(methods().keySet()).containsExactlyInAnyOrderElementsOf(grants().keySet());
    assertThat(methods().keySet())
        .containsExactlyInAnyOrder(
            "demostream-ingest", "demostream-control", "demostream-dataflow", "demostream-flink");
  }

  @Test
  void everyGrantedRoleHasItsPermissionsOnRecord() {
    Set<String> granted = new TreeSet<>();
    grants().values().forEach(list -> list.forEach(grant -> granted.add(grant.role())));
    assertThat(rolePermissions().keySet()).containsAll(granted);
    assertThat(yamlTree(IAM.resolve("role-permissions.yaml")).path("source").asText())
        .startsWith("https://cloud.google.com/iam/docs/roles-permissions");
  }

  @Test
  void everyMethodSaysWhatItNeedsOrWhyNothing() {
    methods()
        .forEach(
            (account, list) ->
                list.forEach(
                    method -> {
                      assertThat(method.needs()).as(account + " " + method.call()).isNotEmpty();
                      assertThat(method.name()).as(account + " " + method.call()).isNotBlank();
                      if (method.notOnGoogleCloud() != null) {
                        assertThat(method.notOnGoogleCloud().length())
                            .as("the reason of " + method.call())
                            .isGreaterThan(20);
                      }
                    }));
  }

  @Test
  void withoutPubSubViewerTheWorkerCannotReadItsSubscriptionWhenItStarts() {
    // The first deploy: roles/pubsub.subscriber alone on the subscription.
    Map<String, List<Grant>> before =
        withGrants(
            "demostream-dataflow",
            grants ->
                grants.stream()
                    .filter(grant -> !grant.role().equals("roles/pubsub.viewer"))
                    .toList());

    assertThat(unheld(before, rolePermissions(), methods()))
        .containsExactly(
            "demostream-dataflow: GET /v1/projects/*/subscriptions/*"
                + " (pubsub.projects.subscriptions.get) needs pubsub.subscriptions.get on"
                + " subscription:users-pipeline");
  }

  @Test
  void withoutMonitoringViewerTheControlServiceCannotReadTheBacklog() {
    Map<String, List<Grant>> before =
        withGrants(
            "demostream-control",
            grants ->
                grants.stream()
                    .filter(grant -> !grant.role().equals("roles/monitoring.viewer"))
                    .toList());

    assertThat(unheld(before, rolePermissions(), methods()))
        .containsExactly(
            "demostream-control: grpc google.monitoring.v3.MetricService/ListTimeSeries"
                + " (monitoring.projects.timeSeries.list) needs monitoring.timeSeries.list on"
                + " project");
  }

  @Test
  void aRoleCountsOnlyOnItsOwnResourceOrTheProject() {
    UnaryOperator<List<Grant>> viewerOn =
        grants -> {
          List<Grant> moved = new ArrayList<>();
          for (Grant grant : grants) {
            moved.add(
                grant.role().equals("roles/pubsub.viewer")
                    ? new Grant(grant.role(), "topic:users")
                    : grant);
          }
          return moved;
        };
    assertThat(unheld(withGrants("demostream-dataflow", viewerOn), rolePermissions(), methods()))
        .hasSize(1)
        .first()
        .asString()
        .contains("needs pubsub.subscriptions.get on subscription:users-pipeline");

    UnaryOperator<List<Grant>> onProject =
        grants ->
            grants.stream()
                .map(
                    grant ->
                        grant.role().equals("roles/pubsub.viewer")
                            ? new Grant(grant.role(), "project")
                            : grant)
                .toList();
    assertThat(unheld(withGrants("demostream-dataflow", onProject), rolePermissions(), methods()))
        .isEmpty();
  }

  /**
   * One line per permission a method of an account needs and none of its grants holds, on the
   * permission's scope or the project.
   */
  static List<String> unheld(
      Map<String, List<Grant>> grants,
      Map<String, Set<String>> rolePermissions,
      Map<String, List<Method>> methods) {
    List<String> problems = new ArrayList<>();
    methods.forEach(
        (account, list) -> {
          List<Grant> granted = grants.getOrDefault(account, List.of());
          for (Method method : list) {
            if (method.notOnGoogleCloud() != null) {
              continue;
            }
            for (Need need : method.needs()) {
              boolean held =
                  granted.stream()
                      .anyMatch(
                          grant ->
                              (grant.scope().equals(need.scope())
                                      || grant.scope().equals("project"))
                                  && rolePermissions
                                      .getOrDefault(grant.role(), Set.of())
                                      .contains(need.permission()));
              if (!held) {
                problems.add(
                    account
                        + ": "
                        + method.call()
                        + " ("
                        + method.name()
                        + ") needs "
                        + need.permission()
                        + " on "
                        + need.scope());
              }
            }
          }
        });
    return problems;
  }

  private static Map<String, List<Grant>> withGrants(
      String account, UnaryOperator<List<Grant>> change) {
    Map<String, List<Grant>> copy = new LinkedHashMap<>(grants());
    copy.put(account, change.apply(copy.get(account)));
    return copy;
  }

  static Map<String, List<Grant>> grants() {
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    for (JsonNode account : yamlTree(IAM.resolve("roles.yaml")).path("accounts")) {
      List<Grant> list = new ArrayList<>();
      for (JsonNode grant : account.path("grants")) {
        list.add(new Grant(grant.path("role").asText(), grant.path("scope").asText()));
      }
      grants.put(account.path("name").asText(), list);
    }
    return grants;
  }

  static Map<String, Set<String>> rolePermissions() {
    Map<String, Set<String>> roles = new LinkedHashMap<>();
    yamlTree(IAM.resolve("role-permissions.yaml"))
        .path("roles")
        .fields()
        .forEachRemaining(
            role -> {
              Set<String> permissions = new LinkedHashSet<>();
              role.getValue().forEach(permission -> permissions.add(permission.asText()));
              roles.put(role.getKey(), permissions);
            });
    return roles;
  }

  static Map<String, List<Method>> methods() {
    Map<String, List<Method>> methods = new LinkedHashMap<>();
    yamlTree(IAM.resolve("api-methods.yaml"))
        .path("accounts")
        .fields()
        .forEachRemaining(
            account -> {
              List<Method> list = new ArrayList<>();
              for (JsonNode method : account.getValue()) {
                List<Need> needs = new ArrayList<>();
                for (JsonNode need : method.path("needs")) {
                  String[] parts = need.asText().split(" on ");
                  if (parts.length != 2) {
                    throw new IllegalArgumentException(
                        "not '<permission> on <scope>': " + need.asText());
                  }
                  needs.add(new Need(parts[0].trim(), parts[1].trim()));
                }
                list.add(
                    new Method(
                        method.path("call").asText(),
                        method.path("method").asText(),
                        needs,
                        method.hasNonNull("notOnGoogleCloud")
                            ? method.path("notOnGoogleCloud").asText()
                            : null));
              }
              methods.put(account.getKey(), list);
            });
    return methods;
  }

  private static JsonNode yamlTree(Path file) {
    try {
      return YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repository() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("deploy")) ? here : here.getParent();
  }
}
