package dev.fleetops.standins;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The stand-ins are shared by production code and tests, so they use no FleetOps module (docs/architecture.md).
 * Stated with ArchUnit directly: the testkit's ModuleRules sit above this module.
 */
@AnalyzeClasses(packages = "dev.fleetops.standins", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle =
            slices().matching("dev.fleetops.standins.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule usesNoOtherModule = noClasses()
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.fleetops..").and(not(resideInAPackage("dev.fleetops.standins.."))));
}
