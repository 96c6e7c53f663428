package dev.fleetops.testkit.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The design rules every module's {@code ArchitectureTest} states for its own classes (ArchUnit): no package
 * cycles, which FleetOps modules it may use, and, for the pure ones, no platform types. docs/architecture.md
 * explains the rules.
 */
public final class ModuleRules {
    /** Azure SDKs (including IoT Hub's and the Functions API, {@code com.microsoft.azure..}) and Netty. */
    private static final String[] PLATFORM = {"com.azure..", "com.microsoft.azure..", "io.netty.."};

    private ModuleRules() {}

    /** No package under {@code root} (the root included) depends on itself through other packages. */
    public static ArchRule noPackageCycles(String root) {
        return SlicesRuleDefinition.slices()
                .assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass c) {
                        String p = c.getPackageName();
                        return p.equals(root) || p.startsWith(root + ".")
                                ? SliceIdentifier.of(p)
                                : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "the packages of " + root;
                    }
                })
                .should()
                .beFreeOfCycles();
    }

    /**
     * The classes under {@code root} use no FleetOps package but their own and those under {@code allowed}
     * (e.g. core may use {@code dev.fleetops.contract}, never the reverse).
     */
    public static ArchRule usesOnlyModules(String root, String... allowed) {
        String[] own = Stream.concat(Stream.of(root), Arrays.stream(allowed))
                .map(p -> p + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.fleetops..").and(not(resideInAnyPackage(own))))
                .as("classes in " + root + " use no FleetOps module but "
                        + (allowed.length == 0 ? "their own" : String.join(", ", allowed)));
    }

    /** The classes under {@code root} use no Azure SDK, no Functions type and no Netty: pure decisions and data. */
    public static ArchRule freeOfPlatformTypes(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PLATFORM)
                .as("classes in " + root + " use no Azure, Functions or Netty type");
    }
}
