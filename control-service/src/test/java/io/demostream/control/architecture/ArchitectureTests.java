package io.demostream.control.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.demostream.control.architecture.fixture.jobs.FixtureCore;
import io.demostream.control.architecture.fixture.jobs.dataflow.FixtureDataflowLauncher;
import io.demostream.control.architecture.fixture.jobs.local.FixtureLocalLauncher;
import org.junit.jupiter.api.Test;

/**
 * control-service's package rules ({@link ArchitectureRules}) hold on its main classes, and each
 * rule fails on a small fixture that breaks it, so a rule that can no longer fail shows here.
 */
class ArchitectureTests {

  private static final String ROOT = "io.demostream.control";
  private static final String FIXTURE = "io.demostream.control.architecture.fixture";

  private static final JavaClasses SERVICE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void theServiceKeepsItsPackageRules() {
    ArchitectureRules.coreDependsOnNoBackend(ROOT).check(SERVICE);
    ArchitectureRules.noBackendReachesIntoAnother(ROOT).check(SERVICE);
    ArchitectureRules.sharedDependsOnNoBackend(ROOT).check(SERVICE);
    ArchitectureRules.noCyclesBetweenFeatures(ROOT).check(SERVICE);
    ArchitectureRules.noCyclesInsideJobs(ROOT).check(SERVICE);
    ArchitectureRules.configDependsOnNoFeature(ROOT).check(SERVICE);
  }

  @Test
  void theRulesSeeTheServicesBackends() {
    // A rule over packages that no longer exist would pass forever.
    for (String backend : ArchitectureRules.BACKENDS) {
      org.assertj.core.api.Assertions.assertThat(
              SERVICE.stream()
                  .anyMatch(c -> c.getPackageName().startsWith(ROOT + ".jobs." + backend)))
          .as("classes in jobs.%s", backend)
          .isTrue();
    }
  }

  @Test
  void aBackendImportingAnotherFails() {
    JavaClasses fixture =
        new ClassFileImporter()
            .importClasses(FixtureLocalLauncher.class, FixtureDataflowLauncher.class);

    assertThatThrownBy(() -> ArchitectureRules.noBackendReachesIntoAnother(FIXTURE).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FixtureLocalLauncher")
        .hasMessageContaining("FixtureDataflowLauncher");
    assertThatThrownBy(() -> ArchitectureRules.noCyclesInsideJobs(FIXTURE).check(fixture))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void theCoreImportingABackendFails() {
    JavaClasses fixture =
        new ClassFileImporter().importClasses(FixtureCore.class, FixtureDataflowLauncher.class);

    assertThatThrownBy(() -> ArchitectureRules.coreDependsOnNoBackend(FIXTURE).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FixtureCore");
    // The backend depending on the core is the allowed direction.
    assertThatCode(
            () ->
                ArchitectureRules.coreDependsOnNoBackend(FIXTURE)
                    .check(new ClassFileImporter().importClasses(FixtureDataflowLauncher.class)))
        .doesNotThrowAnyException();
  }
}
