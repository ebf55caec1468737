package io.demostream.support.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * service-support's package rules: it knows neither service nor the pipeline; {@code problem} is
 * the vocabulary every other package may use and itself uses none; {@code web} (the OpenAPI
 * document) and {@code startup} stand alone; no cycles.
 */
class ArchitectureTests {

  private static final String ROOT = "io.demostream.support";
  private static final List<String> PACKAGES = List.of("problem", "security", "startup", "web");

  private static final JavaClasses SUPPORT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void knowsNeitherServiceNorThePipeline() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.demostream.control..", "io.demostream.ingest..", "io.demostream.pipeline..")
        .check(SUPPORT);
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(SUPPORT);
  }

  @Test
  void problemsUseNoOtherPackage() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".problem..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".security..", ROOT + ".startup..", ROOT + ".web..")
        .check(SUPPORT);
  }

  @Test
  void webAndStartupStandAlone() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".web..", ROOT + ".startup..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".problem..", ROOT + ".security..")
        .check(SUPPORT);
  }

  @Test
  void theRulesSeeEveryPackage() {
    // A rule over packages that no longer exist would pass forever.
    for (String name : PACKAGES) {
      assertThat(SUPPORT.stream().anyMatch(c -> c.getPackageName().equals(ROOT + "." + name)))
          .as("classes in %s", name)
          .isTrue();
    }
  }
}
