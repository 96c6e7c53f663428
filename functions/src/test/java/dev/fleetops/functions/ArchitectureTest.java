package dev.fleetops.functions;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/** The Functions app adapts core to Azure: it uses core and the contract, never the device app, the local hub or the local runner (docs/architecture.md). */
@AnalyzeClasses(packages = "dev.fleetops.functions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.functions");

    @ArchTest
    static final ArchRule usesOnlyCoreAndTheContract =
            ModuleRules.usesOnlyModules("dev.fleetops.functions", "dev.fleetops.core", "dev.fleetops.contract");
}
