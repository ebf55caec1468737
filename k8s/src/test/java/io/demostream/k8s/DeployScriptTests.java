package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@code deploy/gcp.sh} against recording stand-ins for gcloud, bq, kubectl, docker, curl and
 * the Maven Wrapper (src/test/resources/deploy/stand-in.sh): every resource is created before it is
 * used, every identity is granted exactly the roles of deploy/iam/roles.yaml, on their scope,
 * before the services that act as it are applied, a second run against resources that exist creates
 * nothing, and {@code --dry-run} prints every command and runs none. The script runs from a scratch
 * copy of the repository's layout (deploy/, k8s/ and pipeline/ linked) whose mvnw is the stand-in,
 * so nothing real is built or called.
 */
class DeployScriptTests {

  private static final String PROJECT = "test-project-1";
  private static final String REGION = "europe-west1";
  private static final String VERSION = "1.2.3";
  private static final String SA_DOMAIN = "@" + PROJECT + ".iam.gserviceaccount.com";

  @TempDir Path scratch;

  /** The links into the repository go before JUnit deletes the scratch directory. */
  @org.junit.jupiter.api.AfterEach
  void unlinkRepository() throws IOException {
    for (String link : List.of("repo/deploy", "repo/k8s", "repo/pipeline")) {
      Files.deleteIfExists(scratch.resolve(link));
    }
  }

  /** One invocation of a stand-in: its name and arguments. */
  record Call(String program, List<String> args) {
    String line() {
      return program + " " + String.join(" ", args);
    }

    boolean has(String... words) {
      return args.containsAll(Arrays.asList(words));
    }
  }

  /** What one run of the script did. */
  record Run(int exitCode, String stdout, String stderr, List<Call> calls) {
    int first(Predicate<Call> which, String what) {
      for (int i = 0; i < calls.size(); i++) {
        if (which.test(calls.get(i))) {
          return i;
        }
      }
      throw new AssertionError("never ran: " + what + "\n" + stderr);
    }

    int last(Predicate<Call> which, String what) {
      for (int i = calls.size() - 1; i >= 0; i--) {
        if (which.test(calls.get(i))) {
          return i;
        }
      }
      throw new AssertionError("never ran: " + what);
    }

    List<Call> all(Predicate<Call> which) {
      return calls.stream().filter(which).toList();
    }

    void assertBefore(Predicate<Call> earlier, String earlierName, Predicate<Call> later) {
      assertBefore(earlier, earlierName, later, earlierName + "'s use");
    }

    void assertBefore(
        Predicate<Call> earlier, String earlierName, Predicate<Call> later, String laterName) {
      assertThat(first(earlier, earlierName))
          .as("%s before %s", earlierName, laterName)
          .isLessThan(first(later, laterName));
    }
  }

  @Test
  void everyResourceIsCreatedBeforeItIsUsed() {
    Run run = deploy("fresh");
    assertThat(run.exitCode()).as(run.stderr()).isZero();

    run.assertBefore(
        gcloud("services", "enable").and(c -> c.has("servicenetworking.googleapis.com")),
        "enabling the APIs",
        c -> c.line().contains(" create"));
    // Network, then Private Services Access, then Cloud SQL on it.
    run.assertBefore(gcloud("compute", "networks", "create"), "the network", gcloud("subnets"));
    run.assertBefore(
        gcloud("subnets", "create"), "the subnetwork", gcloud("clusters", "create-auto"));
    run.assertBefore(
        gcloud("compute", "addresses", "create")
            .and(c -> c.has("--purpose=VPC_PEERING", "--global")),
        "the reserved PSA range",
        gcloud("vpc-peerings", "connect"));
    run.assertBefore(
        gcloud("vpc-peerings", "connect"), "the PSA peering", gcloud("sql", "instances", "create"));
    run.assertBefore(
        gcloud("sql", "instances", "create"), "the instance", gcloud("sql", "databases"));
    run.assertBefore(
        gcloud("sql", "databases", "create"), "the database", kubectl("run", "psql"), "the GRANTs");
    run.assertBefore(
        gcloud("sql", "users", "create").and(c -> c.has("--type=cloud_iam_service_account")),
        "the IAM database user",
        kubectl("run", "psql"),
        "the GRANTs");
    run.assertBefore(
        gcloud("sql", "users", "set-password", "postgres"),
        "the postgres password",
        kubectl("run", "psql"),
        "the GRANTs");
    // Cluster before anything talks to it.
    run.assertBefore(
        gcloud("clusters", "create-auto"), "the cluster", gcloud("clusters", "get-credentials"));
    run.assertBefore(gcloud("clusters", "get-credentials"), "the cluster's credentials", kubectl());
    // Registry before pushing to it, images before the template and the manifests that use them.
    run.assertBefore(gcloud("artifacts", "repositories", "create"), "the registry", docker("push"));
    run.assertBefore(
        c -> c.program().equals("mvnw") && c.has("package"),
        "the pipeline jar",
        docker("build").and(c -> c.args().get(c.args().size() - 1).endsWith("/pipeline")),
        "the template image build");
    run.assertBefore(
        docker("push").and(c -> c.line().contains("demographics-pipeline:" + VERSION)),
        "the template image",
        gcloud("flex-template", "build"));
    run.assertBefore(
        gcloud("storage", "buckets", "create"), "the bucket", gcloud("flex-template", "build"));
    run.assertBefore(
        gcloud("flex-template", "build"), "the template", kubectl("apply"), "the services");
    for (String service : List.of("ingest-service", "control-service")) {
      run.assertBefore(
          docker("push").and(c -> c.line().contains(service + ":" + VERSION)),
          service + "'s image",
          kubectl("apply"),
          "the services");
    }
    // Namespace and Secret before the manifests; the manifests before the first API call.
    run.assertBefore(
        kubectl("create", "namespace", "demostream"),
        "the namespace",
        kubectl("create", "secret", "demostream-api-tokens"));
    run.assertBefore(
        kubectl("create", "secret", "demostream-api-tokens"),
        "the API token Secret",
        kubectl("apply"),
        "the services");
    int applied = run.first(kubectl("apply"), "kubectl apply");
    assertThat(run.last(kubectl("rollout", "status"), "rollout status")).isGreaterThan(applied);
    assertThat(
            run.first(
                c ->
                    c.program().equals("curl")
                        && c.has("PUT")
                        && c.line().contains("/api/v1/resources"),
                "PUT /api/v1/resources"))
        .as(
            "provisioning (PUT /api/v1/resources) only after the services are applied and rolled out")
        .isGreaterThan(run.last(kubectl("rollout", "status"), "rollout status"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dataflow", "flink"})
  void everyRoleOfRolesYamlIsGrantedOnItsScopeBeforeAnyServiceActs(String pipeline) {
    Run run = deploy("fresh", "--pipeline", pipeline);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    int applied = run.first(kubectl("apply", "-k"), "kubectl apply -k");

    JsonNode roles = Manifests.readYaml(Manifests.REPOSITORY.resolve("deploy/iam/roles.yaml"));
    int expectedBindings = 0;
    for (JsonNode account : roles.path("accounts")) {
      String name = account.path("name").asText();
      String only = account.path("pipeline").asText("");
      if (!only.isEmpty() && !only.equals(pipeline)) {
        // An account of the other pipeline: neither created nor granted anything.
        assertThat(run.all(gcloud("iam", "service-accounts", "create", name)))
            .as("%s created with --pipeline %s", name, pipeline)
            .isEmpty();
        assertThat(run.all(c -> c.line().contains("serviceAccount:" + name + SA_DOMAIN)))
            .as("%s granted with --pipeline %s", name, pipeline)
            .isEmpty();
        continue;
      }
      String member = "serviceAccount:" + name + SA_DOMAIN;
      int created =
          run.first(gcloud("iam", "service-accounts", "create", name), "creating account " + name);
      for (JsonNode grant : account.path("grants")) {
        String role = grant.path("role").asText();
        String scope = grant.path("scope").asText();
        Predicate<Call> binding = binding(member, role, scope);
        if (scope.startsWith("serviceAccount:") && !created(roles, scope, pipeline)) {
          assertThat(run.all(binding))
              .as("%s on %s, an account --pipeline %s does not create", role, scope, pipeline)
              .isEmpty();
          continue;
        }
        List<Call> matching = run.all(binding);
        assertThat(matching).as("%s granted %s on %s", name, role, scope).hasSize(1);
        int granted = run.first(binding, role);
        assertThat(granted)
            .as("%s exists before it is granted %s", name, role)
            .isGreaterThan(created);
        assertThat(granted)
            .as("%s granted %s before the services act", name, role)
            .isLessThan(applied);
        assertThat(granted)
            .as("%s's scope %s exists before the binding", role, scope)
            .isGreaterThan(run.first(creationOf(scope), "creating " + scope));
        expectedBindings++;
      }
    }
    // Nothing beyond roles.yaml, except Workload Identity (a KSA acting as its Google account).
    List<Call> bindings =
        run.all(
            c ->
                c.line().contains("add-iam-policy-binding")
                        && !c.has("--role=roles/iam.workloadIdentityUser")
                    || c.program().equals("bq") && c.line().contains("GRANT"));
    assertThat(bindings).as("role bindings beyond roles.yaml").hasSize(expectedBindings);

    // Workload Identity: exactly the KSA -> Google account pairs of the gke overlay.
    List<JsonNode> gke = Manifests.render(rendered(run));
    List<String> expected = new ArrayList<>();
    gke.stream()
        .filter(o -> o.path("kind").asText().equals("ServiceAccount"))
        .forEach(
            ksa ->
                expected.add(
                    ksa.at("/metadata/annotations").path("iam.gke.io/gcp-service-account").asText()
                        + " <- "
                        + PROJECT
                        + ".svc.id.goog["
                        + ksa.at("/metadata/namespace").asText()
                        + "/"
                        + ksa.at("/metadata/name").asText()
                        + "]"));
    List<Call> wi = run.all(gcloud("--role=roles/iam.workloadIdentityUser"));
    assertThat(
            wi.stream()
                .map(c -> c.args().get(3) + " <- " + value(c, "--member=serviceAccount:"))
                .toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (Call binding : wi) {
      assertThat(run.calls().indexOf(binding))
          .as("Workload Identity after the cluster made the identity pool")
          .isGreaterThan(run.first(gcloud("clusters", "create-auto"), "the cluster"))
          .isLessThan(applied);
    }
  }

  @Test
  void resourcesGetControlServicesOwnNamesAndSettings() {
    Run run = deploy("fresh");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    SpringConfiguration control = SpringConfiguration.of("control-service");
    String topic = control.require("demostream.pubsub.topic");
    String subscription = control.require("demostream.pubsub.subscription");
    Call createSubscription =
        run.calls().get(run.first(gcloud("subscriptions", "create"), "subscription"));
    assertThat(createSubscription.args())
        .contains(subscription, "--topic=" + topic, "--expiration-period=never")
        .contains(
            "--ack-deadline="
                + SpringConfiguration.duration(control.require("demostream.pubsub.ack-deadline"))
                    .toSeconds())
        .contains(
            "--message-retention-duration="
                + control.require("demostream.pubsub.message-retention"));
    assertThat(run.all(gcloud("pubsub", "topics", "create", topic))).hasSize(1);
    assertThat(
            run.all(
                c ->
                    c.program().equals("bq")
                        && c.has("mk", "--dataset")
                        && c.line()
                            .endsWith(
                                PROJECT + ":" + control.require("demostream.bigquery.dataset"))))
        .hasSize(1);
    assertThat(run.all(gcloud("sql", "instances", "create")).get(0).args())
        .contains("--edition=enterprise", "--tier=db-custom-1-3840", "--no-assign-ip")
        .contains("--network=projects/" + PROJECT + "/global/networks/demostream");

    // The applied overlay carries this project's values and no placeholder; the bucket is created
    // where the services are told it is.
    List<JsonNode> applied = Manifests.render(rendered(run));
    String all = applied.toString();
    assertThat(all).doesNotContain("demostream-prod").doesNotContain("us-central1");
    Map<String, String> config = configMap(applied, "control-service-config");
    assertThat(config)
        .containsEntry("GOOGLE_CLOUD_PROJECT", PROJECT)
        .containsEntry("DEMOSTREAM_STORAGE_BUCKET", PROJECT + "-demostream")
        .containsEntry("DEMOSTREAM_DATAFLOW_REGION", REGION)
        .containsEntry(
            "DEMOSTREAM_DATAFLOW_TEMPLATESPECPATH",
            "gs://" + PROJECT + "-demostream/templates/demographics-" + VERSION + ".json");
    Call bucket = run.calls().get(run.first(gcloud("storage", "buckets", "create"), "bucket"));
    assertThat(bucket.args())
        .contains("--location=" + config.get("DEMOSTREAM_STORAGE_LOCATION"))
        .contains("gs://" + config.get("DEMOSTREAM_STORAGE_BUCKET"));
    Call dataset = run.calls().get(run.first(c -> c.has("mk", "--dataset"), "dataset"));
    assertThat(dataset.args()).contains("--location=" + config.get("DEMOSTREAM_BIGQUERY_LOCATION"));
    assertThat(all)
        .contains(REGION + "-docker.pkg.dev/" + PROJECT + "/demostream/control-service:" + VERSION)
        .contains(PROJECT + ":" + REGION + ":demostream-state");
  }

  @Test
  void aSecondRunAgainstExistingResourcesCreatesNothing() {
    Run run = deploy("existing");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<String> creations =
        run.calls().stream()
            // The postgres password's Secret lives only in the throw-away setup namespace, which
            // every run deletes again: it is made anew each time on purpose.
            .filter(c -> !c.line().contains("demostream-sql-setup create secret generic postgres"))
            .filter(
                c ->
                    c.args().contains("create")
                        || c.args().contains("create-auto")
                        || c.args().contains("mk")
                        || c.args().contains("connect")
                        || c.program().equals("docker") && !c.has("login")
                        || c.program().equals("mvnw")
                        || c.line().contains("flex-template build"))
            .map(Call::line)
            .toList();
    assertThat(creations).isEmpty();
    // Still converges what must converge: grants, manifests, provisioning.
    assertThat(run.all(kubectl("apply"))).hasSize(1);
    assertThat(run.all(c -> c.line().contains("add-iam-policy-binding"))).isNotEmpty();
  }

  @Test
  void dryRunPrintsEveryCommandOneALineAndRunsNone() {
    Run dry = deploy("fresh", "--dry-run");
    assertThat(dry.exitCode()).as(dry.stderr()).isZero();
    assertThat(dry.calls()).as("stand-ins invoked by --dry-run").isEmpty();
    assertThat(scratch.resolve("work/k8s")).as("files written by --dry-run").doesNotExist();
    List<String> printed = dry.stdout().lines().filter(l -> !l.isBlank()).toList();
    assertThat(printed)
        .as("every printed line is a command")
        .allMatch(l -> l.matches("^(gcloud|bq|kubectl|docker|curl|rm|mkdir|cp|sed|\\S*/mvnw) .*"));
    // The same commands, in the same order, as a real run against an empty project.
    Run fresh = deploy("fresh");
    List<String> expected =
        fresh.calls().stream().map(c -> c.program() + " " + words(c.args())).toList();
    List<String> printedCalls =
        printed.stream()
            .filter(l -> l.matches("^(gcloud|bq|kubectl|docker|curl|\\S*/mvnw) .*"))
            .map(l -> l.replaceFirst("^\\S*/mvnw", "mvnw"))
            .map(
                l -> {
                  List<String> tokens = shellWords(l);
                  return tokens.get(0) + " " + words(tokens.subList(1, tokens.size()));
                })
            .toList();
    assertThat(printedCalls).isEqualTo(expected);
    assertThat(dry.stdout()).doesNotContain("stand-in-token");
  }

  /**
   * Whether the account of {@code scope} ({@code serviceAccount:NAME}) exists for {@code pipeline}.
   */
  private static boolean created(JsonNode roles, String scope, String pipeline) {
    String name = scope.substring("serviceAccount:".length());
    for (JsonNode account : roles.path("accounts")) {
      if (account.path("name").asText().equals(name)) {
        String only = account.path("pipeline").asText("");
        return only.isEmpty() || only.equals(pipeline);
      }
    }
    return false;
  }

  @Test
  void theFlinkPipelineIsTheGkeFlinkOverlayWithItsImageAndTheOperatorInstalledFirst() {
    Run run = deploy("fresh", "--pipeline", "flink");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String image = REGION + "-docker.pkg.dev/" + PROJECT + "/demostream/pipeline-flink:" + VERSION;
    run.assertBefore(
        c -> c.program().equals("docker") && c.has("build", image),
        "the Flink image's build",
        docker("push", image),
        "its push");
    Call build = run.calls().get(run.first(docker("build", image), "the Flink image"));
    assertThat(build.args().get(build.args().indexOf("-f") + 1))
        .endsWith("pipeline/Dockerfile.flink");
    assertThat(run.all(gcloud("flex-template"))).as("no Flex Template").isEmpty();
    int operator =
        run.first(
            c ->
                c.program().equals("helm")
                    && c.has("upgrade", "--install", "flink-kubernetes-operator", "1.10.0"),
            "the operator's helm install");
    run.assertBefore(
        c -> c.program().equals("kubectl") && c.line().contains("cert-manager.yaml"),
        "cert-manager",
        c -> c.program().equals("helm") && c.has("upgrade"),
        "the operator");
    assertThat(run.calls().get(operator).args())
        .contains("--namespace", "flink-operator", "watchNamespaces={demostream}");
    int applied = run.first(kubectl("apply", "-k"), "kubectl apply -k");
    assertThat(operator)
        .as("the operator (its CRD) before the FlinkDeployment")
        .isLessThan(applied);
    assertThat(run.calls().get(applied).args().get(2)).endsWith("overlays/gke-flink");

    List<JsonNode> objects = Manifests.render(rendered(run));
    JsonNode flink =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("FlinkDeployment"))
            .findFirst()
            .orElseThrow();
    assertThat(flink.at("/spec/image").asText()).isEqualTo(image);
    assertThat(flink.at("/spec/flinkConfiguration/state.savepoints.dir").asText())
        .isEqualTo("gs://" + PROJECT + "-demostream/flink/savepoints");
    assertThat(objects.toString())
        .as("no placeholder of the committed overlay left")
        .doesNotContain("demostream-prod")
        .doesNotContain("us-central1");
  }

  @Test
  void theFlinkPipelineWithoutHelmPrintsTheOperatorsInstallationAndStops() throws IOException {
    layout();
    Files.delete(scratch.resolve("bin/helm"));
    Run run = deploy("fresh", "--pipeline", "flink", "--step", "flink_operator");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("helm is not on PATH")
        .contains("helm upgrade --install flink-kubernetes-operator")
        .contains("--version 1.10.0")
        .contains("cert-manager");
    assertThat(run.all(c -> !c.has("crd"))).as("nothing installed").isEmpty();

    Run installed = deploy("existing", "--pipeline", "flink", "--step", "flink_operator");
    assertThat(installed.exitCode()).as(installed.stderr()).isZero();
    assertThat(installed.calls())
        .as("an installed operator is only checked")
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.line())
                    .isEqualTo("kubectl get crd " + "flinkdeployments.flink.apache.org"));
  }

  @Test
  void oneStepRunsAlone() {
    Run run = deploy("fresh", "--step", "messaging");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.calls()).isNotEmpty().allMatch(c -> c.has("pubsub"));
  }

  @Test
  void refusesAClusterOlderThanThePreStopSleepAction() {
    Run run =
        deploy(
            "fresh", Map.of("STAND_IN_KUBERNETES_VERSION", "1.29.8-gke.100"), "--step", "cluster");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("1.30");
  }

  @Test
  void usageNamesEveryOptionAndMistakesAreRefused() {
    Run help = deploy("fresh", "-h");
    assertThat(help.exitCode()).isZero();
    String script = Manifests.read(Manifests.REPOSITORY.resolve("deploy/gcp.sh"));
    var options =
        java.util.regex.Pattern.compile("^\\s+(--[a-z-]+)\\)", java.util.regex.Pattern.MULTILINE)
            .matcher(script);
    int count = 0;
    while (options.find()) {
      assertThat(help.stdout()).contains(options.group(1));
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(15);
    assertThat(help.calls()).isEmpty();
    assertThat(runScript("fresh", Map.of(), List.of("--region", REGION)).exitCode()).isEqualTo(2);
    assertThat(runScript("fresh", Map.of(), List.of("--project", PROJECT, "--nope")).exitCode())
        .isEqualTo(2);
    assertThat(
            runScript("fresh", Map.of(), List.of("--project", PROJECT, "--step", "nope"))
                .exitCode())
        .isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------

  private Run deploy(String mode, String... extra) {
    return deploy(mode, Map.of(), extra);
  }

  private Run deploy(String mode, Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("--project", PROJECT, "--region", REGION));
    args.addAll(List.of("--version", VERSION, "--work-dir", scratch.resolve("work").toString()));
    args.addAll(List.of(extra));
    return runScript(mode, env, args);
  }

  private Run runScript(String mode, Map<String, String> env, List<String> args) {
    try {
      Path root = layout();
      Path log = scratch.resolve("calls-" + System.nanoTime() + ".log");
      List<String> command =
          new ArrayList<>(List.of("bash", root.resolve("deploy/gcp.sh").toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> environment = builder.environment();
      environment.put("PATH", scratch.resolve("bin") + ":/usr/bin:/bin");
      environment.put("STAND_IN_LOG", log.toString());
      environment.put("STAND_IN_MODE", mode);
      environment.put("TMPDIR", scratch.toString());
      environment.putAll(env);
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Path out = scratch.resolve("stdout");
      Path err = scratch.resolve("stderr");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("deploy/gcp.sh finished").isTrue();
      List<Call> calls = new ArrayList<>();
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          String[] parts = line.split("\t", -1);
          calls.add(new Call(parts[0], List.of(parts).subList(1, parts.length)));
        }
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err), calls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A repository layout whose deploy/, k8s/ and pipeline/ are the real ones and mvnw a stand-in.
   */
  private Path layout() throws IOException {
    Path root = scratch.resolve("repo");
    if (Files.exists(root)) {
      return root;
    }
    Path bin = Files.createDirectories(scratch.resolve("bin"));
    Files.createDirectories(root);
    Path standIn = scratch.resolve("stand-in");
    Files.copy(Manifests.K8S.resolve("src/test/resources/deploy/stand-in.sh"), standIn);
    Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String program : List.of("gcloud", "bq", "kubectl", "docker", "curl", "helm")) {
      Files.createSymbolicLink(bin.resolve(program), standIn);
    }
    Files.createSymbolicLink(root.resolve("mvnw"), standIn);
    for (String dir : List.of("deploy", "k8s", "pipeline")) {
      Files.createSymbolicLink(root.resolve(dir), Manifests.REPOSITORY.resolve(dir));
    }
    return root;
  }

  /** The overlay directory the script applied. */
  private static Path rendered(Run run) {
    assumeTrue(Manifests.kubectl().isPresent(), "kubectl is not installed: cannot render");
    Call apply = run.calls().get(run.first(kubectl("apply", "-k"), "kubectl apply -k"));
    return Path.of(apply.args().get(apply.args().indexOf("-k") + 1));
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  /**
   * The positional words of a command (options dropped, shell quoting undone): what it does and to
   * what, without the values only a real run knows.
   */
  private static String words(List<String> args) {
    return args.stream().filter(a -> !a.startsWith("-")).reduce((a, b) -> a + " " + b).orElse("");
  }

  /** The words of a line printed with bash's {@code printf %q}: backslash escapes, no quotes. */
  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else if (c == ' ') {
        words.add(word.toString());
        word.setLength(0);
      } else {
        word.append(c);
      }
    }
    words.add(word.toString());
    return words;
  }

  private static String value(Call call, String prefix) {
    return call.args().stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(call.line() + " has no " + prefix));
  }

  private static Map<String, String> configMap(List<JsonNode> objects, String name) {
    Map<String, String> data = new HashMap<>();
    objects.stream()
        .filter(o -> o.path("kind").asText().equals("ConfigMap"))
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow()
        .path("data")
        .fields()
        .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  /** The binding command that grants {@code role} to {@code member} on {@code scope}. */
  private static Predicate<Call> binding(String member, String role, String scope) {
    String kind = scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
    String name = scope.contains(":") ? scope.substring(scope.indexOf(':') + 1) : "";
    Predicate<Call> granted = c -> c.has("--member=" + member, "--role=" + role);
    return switch (kind) {
      case "project" -> granted.and(gcloud("projects", "add-iam-policy-binding", PROJECT));
      case "topic" -> granted.and(gcloud("pubsub", "topics", "add-iam-policy-binding", name));
      case "subscription" ->
          granted.and(gcloud("pubsub", "subscriptions", "add-iam-policy-binding", name));
      case "bucket" ->
          granted.and(
              gcloud(
                  "storage",
                  "buckets",
                  "add-iam-policy-binding",
                  "gs://" + PROJECT + "-demostream"));
      case "repository" ->
          granted.and(gcloud("artifacts", "repositories", "add-iam-policy-binding", name));
      case "serviceAccount" ->
          granted.and(
              gcloud("iam", "service-accounts", "add-iam-policy-binding", name + SA_DOMAIN));
      case "dataset" ->
          c ->
              c.program().equals("bq")
                  && c.line()
                      .contains(
                          "GRANT `"
                              + role
                              + "` ON SCHEMA `"
                              + PROJECT
                              + "`."
                              + name
                              + " TO \""
                              + member
                              + "\"");
      default -> throw new AssertionError("roles.yaml: unknown scope " + scope);
    };
  }

  /** The command that creates what a scope names. */
  private static Predicate<Call> creationOf(String scope) {
    String kind = scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
    String name = scope.contains(":") ? scope.substring(scope.indexOf(':') + 1) : "";
    return switch (kind) {
      case "project" -> gcloud("services", "enable");
      case "topic" -> gcloud("pubsub", "topics", "create", name);
      case "subscription" -> gcloud("pubsub", "subscriptions", "create", name);
      case "bucket" -> gcloud("storage", "buckets", "create");
      case "repository" -> gcloud("artifacts", "repositories", "create", name);
      case "serviceAccount" -> gcloud("iam", "service-accounts", "create", name);
      case "dataset" ->
          c -> c.program().equals("bq") && c.has("mk", "--dataset", PROJECT + ":" + name);
      default -> throw new AssertionError("roles.yaml: unknown scope " + scope);
    };
  }

  private static Predicate<Call> gcloud(String... words) {
    return c -> c.program().equals("gcloud") && c.has(words);
  }

  private static Predicate<Call> kubectl(String... words) {
    return c -> c.program().equals("kubectl") && c.has(words);
  }

  private static Predicate<Call> docker(String... words) {
    return c -> c.program().equals("docker") && c.has(words);
  }
}
