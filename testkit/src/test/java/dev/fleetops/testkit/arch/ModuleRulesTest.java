package dev.fleetops.testkit.arch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The rules find what they are for: a cycle through a third package, a module used against the rules, a platform type. */
class ModuleRulesTest {
    private static final String FIXTURE = "dev.fleetops.testkit.arch.fixture";
    private final JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aCycleThroughAThirdPackageIsFoundAndAPackageOutsideItIsNot() {
        EvaluationResult all = ModuleRules.noPackageCycles(FIXTURE).evaluate(classes);
        assertTrue(all.hasViolation());
        String report = all.getFailureReport().toString();
        assertTrue(
                report.contains("fixture.a") && report.contains("fixture.b") && report.contains("fixture.c"), report);
        assertFalse(report.contains("fixture.d"), report);

        assertFalse(
                ModuleRules.noPackageCycles(FIXTURE + ".d").evaluate(classes).hasViolation());
    }

    @Test
    void aModuleUsingAnotherAgainstTheRulesIsFound() {
        assertTrue(ModuleRules.usesOnlyModules(FIXTURE + ".d").evaluate(classes).hasViolation());
        assertFalse(ModuleRules.usesOnlyModules(FIXTURE + ".d", FIXTURE + ".a")
                .evaluate(classes)
                .hasViolation());
    }

    @Test
    void aPlatformTypeIsFound() {
        assertTrue(ModuleRules.freeOfPlatformTypes(FIXTURE + ".c")
                .evaluate(classes)
                .hasViolation());
        assertFalse(ModuleRules.freeOfPlatformTypes(FIXTURE + ".b")
                .evaluate(classes)
                .hasViolation());
    }
}
