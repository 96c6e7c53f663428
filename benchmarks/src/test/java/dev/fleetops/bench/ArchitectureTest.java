package dev.fleetops.bench;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fleetops.testkit.arch.ModuleRules;

/** The benchmarks sit on top of everything; their own packages form no cycle (docs/architecture.md). */
@AnalyzeClasses(packages = "dev.fleetops.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesFormNoCycle = ModuleRules.noPackageCycles("dev.fleetops.bench");
}
