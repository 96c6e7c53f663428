package dev.fleetops.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/** Core holds the decisions and the ports they need: it uses only the contract and no platform type; functions -> core -> contract, never the reverse (docs/architecture.md). */
@AnalyzeClasses(packages = "dev.fleetops.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.core");

    @ArchTest
    static final ArchRule usesOnlyTheContract =
            ModuleRules.usesOnlyModules("dev.fleetops.core", "dev.fleetops.contract");

    @ArchTest
    static final ArchRule freeOfAzureFunctionsAndNetty = ModuleRules.freeOfPlatformTypes("dev.fleetops.core");
}
