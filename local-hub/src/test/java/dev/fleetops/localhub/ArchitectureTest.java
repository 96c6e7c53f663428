package dev.fleetops.localhub;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/** The local hub stands alone: an IoT Hub that knows nothing of FleetOps (docs/architecture.md). */
@AnalyzeClasses(packages = "dev.fleetops.localhub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.localhub");

    @ArchTest
    static final ArchRule usesNoOtherModule = ModuleRules.usesOnlyModules("dev.fleetops.localhub");
}
