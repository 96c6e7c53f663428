package dev.fleetops.contract;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/** The contract is the bottom of the graph: it uses no other FleetOps module and no platform type (docs/architecture.md). */
@AnalyzeClasses(packages = "dev.fleetops.contract", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.contract");

    @ArchTest
    static final ArchRule usesNoOtherModule = ModuleRules.usesOnlyModules("dev.fleetops.contract");

    @ArchTest
    static final ArchRule freeOfAzureFunctionsAndNetty = ModuleRules.freeOfPlatformTypes("dev.fleetops.contract");
}
