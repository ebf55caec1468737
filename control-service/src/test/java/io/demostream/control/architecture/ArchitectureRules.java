package io.demostream.control.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The package rules of control-service, stated over a root package so that they can be checked on
 * the service ({@code io.demostream.control}) and on a small fixture that breaks them.
 *
 * <ul>
 *   <li>the jobs core ({@code jobs}) depends on no backend nor on what backends share;
 *   <li>no backend ({@code jobs.local}, {@code jobs.flinkcluster}, {@code jobs.flinkoperator},
 *       {@code jobs.dataflow}) reaches into another, and what they share ({@code jobs.flink},
 *       {@code jobs.figures}) into none;
 *   <li>no cycles between features, nor between the sub-packages of {@code jobs};
 *   <li>{@code config} depends on no feature.
 * </ul>
 */
final class ArchitectureRules {

  static final List<String> BACKENDS =
      List.of("local", "flinkcluster", "flinkoperator", "dataflow");
  static final List<String> SHARED = List.of("flink", "figures");

  private ArchitectureRules() {}

  static ArchRule coreDependsOnNoBackend(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".jobs")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".jobs.(*)..")
        .because("backends depend on the core, never the reverse")
        .allowEmptyShould(true);
  }

  static ArchRule noBackendReachesIntoAnother(String root) {
    List<ArchRule> rules =
        BACKENDS.stream()
            .map(
                backend ->
                    (ArchRule)
                        noClasses()
                            .that()
                            .resideInAPackage(root + ".jobs." + backend + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(
                                BACKENDS.stream()
                                    .filter(other -> !other.equals(backend))
                                    .map(other -> root + ".jobs." + other + "..")
                                    .toArray(String[]::new))
                            .because("each backend stands alone beside the core")
                            .allowEmptyShould(true))
            .toList();
    return CompositeArchRule.of(rules);
  }

  static ArchRule sharedDependsOnNoBackend(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(
            SHARED.stream().map(s -> root + ".jobs." + s + "..").toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            BACKENDS.stream().map(b -> root + ".jobs." + b + "..").toArray(String[]::new))
        .because("what the backends share belongs to none of them")
        .allowEmptyShould(true);
  }

  static ArchRule noCyclesBetweenFeatures(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
  }

  static ArchRule noCyclesInsideJobs(String root) {
    return slices().matching(root + ".jobs.(*)..").should().beFreeOfCycles().allowEmptyShould(true);
  }

  static ArchRule configDependsOnNoFeature(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".config..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(root + "..")
                .and(
                    com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                            root + ".config.."))))
        .because("config holds only what is cross-cutting")
        .allowEmptyShould(true);
  }
}
