package io.demostream.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ingest-service's package rules: the arrows run one way, from the web edge ({@code api}, {@code
 * security}) through {@code ingestion} to its two ends ({@code source}, {@code publish}), which
 * know nothing of each other nor of the rest.
 */
class ArchitectureTests {

  private static final String ROOT = "io.demostream.ingest";
  private static final List<String> FEATURES =
      List.of("api", "security", "ingestion", "source", "publish");

  private static final JavaClasses SERVICE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void noCyclesBetweenFeatures() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(SERVICE);
  }

  @Test
  void theWebEdgeIsUsedByNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".ingestion..", ROOT + ".source..", ROOT + ".publish..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".api..", ROOT + ".security..")
        .check(SERVICE);
  }

  @Test
  void sourceAndPublishKnowNoOtherFeature() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".source..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".publish..", ROOT + ".ingestion..", ROOT + ".api..", ROOT + ".security..")
        .check(SERVICE);
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".publish..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".source..", ROOT + ".ingestion..", ROOT + ".api..", ROOT + ".security..")
        .check(SERVICE);
  }

  @Test
  void theRulesSeeEveryFeature() {
    // A rule over packages that no longer exist would pass forever.
    for (String feature : FEATURES) {
      assertThat(SERVICE.stream().anyMatch(c -> c.getPackageName().equals(ROOT + "." + feature)))
          .as("classes in %s", feature)
          .isTrue();
    }
  }
}
