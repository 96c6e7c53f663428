package dev.fleetops.runner;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/**
 * The local runner loads the Functions app by reflection and never links to it; it shares the stand-ins, the
 * simulator's profile mix and the operator's manifest signer for the demo (docs/architecture.md).
 */
@AnalyzeClasses(packages = "dev.fleetops.runner", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.runner");

    @ArchTest
    static final ArchRule usesOnlyTheStandInsAndTheSimulator = ModuleRules.usesOnlyModules(
            "dev.fleetops.runner", "dev.fleetops.standins", "dev.fleetops.device.sim", "dev.fleetops.device.manifest");
}
