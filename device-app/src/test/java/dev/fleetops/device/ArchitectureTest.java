package dev.fleetops.device;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/** The device app shares only the contract with the back-end: never core or the Functions app (docs/architecture.md). */
@AnalyzeClasses(packages = "dev.fleetops.device", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.device");

    @ArchTest
    static final ArchRule usesOnlyTheContract =
            ModuleRules.usesOnlyModules("dev.fleetops.device", "dev.fleetops.contract");
}
