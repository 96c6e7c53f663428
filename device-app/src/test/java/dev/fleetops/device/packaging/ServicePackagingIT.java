package dev.fleetops.device.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable service (device-app/packaging) with the packaged jar: install.sh staged under a DESTDIR
 * (layout, modes, idempotence, uninstall), the unit checked by {@code systemd-analyze verify} and its command
 * line run for real, and the .deb built by build-deb.sh read back with {@code dpkg-deb}. Runs after
 * {@code package}, as it needs target/device-app.jar.
 */
class ServicePackagingIT {
    private static final Path PACKAGING = Path.of("packaging").toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("device.app.jar", "target/device-app.jar"));
    private static final String UNIT = "etc/systemd/system/fleetops-agent.service";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("packaging", ".out");
        Path err = Files.createTempFile("packaging", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private Run install(Path destdir, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of(PACKAGING.resolve("install.sh").toString()));
        cmd.addAll(Arrays.asList(args));
        return run(Map.of("DESTDIR", destdir.toString()), cmd.toArray(String[]::new));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void installLaysOutTheServiceIdempotentlyAndUninstallKeepsConfigAndState() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "build the jar first (mvn package): " + JAR);
        Path root = dir.resolve("root");
        Run first = install(root, "--jar", JAR.toString());
        assertEquals(0, first.code(), first.err());

        assertEquals(Files.size(JAR), Files.size(root.resolve("opt/fleetops/agent/device-app.jar")));
        assertEquals("rw-r--r--", mode(root.resolve("opt/fleetops/agent/device-app.jar")));
        assertEquals(
                Files.readString(PACKAGING.resolve("fleetops-agent.service")), Files.readString(root.resolve(UNIT)));
        Path conf = root.resolve("etc/fleetops/agent.conf");
        assertEquals(Files.readString(PACKAGING.resolve("agent.conf")), Files.readString(conf));
        assertEquals("rw-r-----", mode(conf), "the config holds the device key");
        assertEquals("rwx------", mode(root.resolve("var/lib/fleetops")));

        // A second run (an upgrade) keeps the operator's config but repairs its mode.
        Files.writeString(conf, "connection-string = mine\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Run again = install(root, "--jar", JAR.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("kept " + conf), again.out());
        assertEquals("connection-string = mine\n", Files.readString(conf));
        assertEquals("rw-r-----", mode(conf));

        Run uninstall = install(root, "--uninstall");
        assertEquals(0, uninstall.code(), uninstall.err());
        assertFalse(Files.exists(root.resolve("opt/fleetops")));
        assertFalse(Files.exists(root.resolve(UNIT)));
        assertTrue(Files.exists(conf) && Files.isDirectory(root.resolve("var/lib/fleetops")));
        assertEquals(0, install(root, "--uninstall", "--purge").code());
        assertFalse(Files.exists(root.resolve("etc/fleetops")) || Files.exists(root.resolve("var/lib/fleetops")));
    }

    @Test
    void installRefusesBadArgumentsWithOneLine() throws Exception {
        Run unknown = install(dir, "--frobnicate");
        assertEquals(2, unknown.code());
        assertEquals(
                "error: unknown argument '--frobnicate'; see --help",
                unknown.err().strip());
        Run noJar = install(dir, "--jar", dir.resolve("none.jar").toString());
        assertEquals(2, noJar.code());
        assertTrue(noJar.err().startsWith("error: device-app.jar not found"), noJar.err());
        assertEquals(2, install(dir, "--purge").code());
    }

    @Test
    void systemdAnalyzeVerifiesTheInstalledUnitAndCatchesABrokenOne() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(
                Files.isExecutable(analyze),
                "systemd-analyze is missing: install Debian's systemd package (scripts/test.sh does as root)");
        Path root = dir.resolve("root");
        assertEquals(0, install(root, "--jar", JAR.toString()).code());
        // verify resolves ExecStart's binary (/usr/bin/java) on this machine; the unit is read where it lies.
        Run ok = run(Map.of(), analyze.toString(), "verify", root.resolve(UNIT).toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertEquals("", ok.out() + ok.err(), "no warnings either");

        Path broken = dir.resolve("broken/fleetops-agent.service");
        Files.createDirectories(broken.getParent());
        Files.writeString(
                broken,
                Files.readString(root.resolve(UNIT)).replace("ExecStart=/usr/bin/java", "ExecStart=/nonexistent/java"));
        Run bad = run(Map.of(), analyze.toString(), "verify", broken.toString());
        assertNotEquals(0, bad.code(), "verify must fail a unit whose program does not exist");
        assertTrue(bad.err().contains("/nonexistent/java"), bad.err());
    }

    @Test
    void theUnitsCommandLineRunsTheJarWithTheTemplateConfig() throws Exception {
        Path root = dir.resolve("root");
        assertEquals(0, install(root, "--jar", JAR.toString()).code());
        String unit = Files.readString(root.resolve(UNIT));
        String javaOpts = unit.lines()
                .filter(l -> l.startsWith("Environment=\"JAVA_OPTS="))
                .findFirst()
                .orElseThrow()
                .replaceAll("^Environment=\"JAVA_OPTS=|\"$", "");
        String exec = unit.lines()
                .filter(l -> l.startsWith("ExecStart="))
                .findFirst()
                .orElseThrow()
                .substring("ExecStart=".length());
        assertEquals(
                "/usr/bin/java $JAVA_OPTS -jar /opt/fleetops/agent/device-app.jar --config /etc/fleetops/agent.conf",
                exec);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/java"));
        cmd.addAll(List.of(javaOpts.split(" ")));
        cmd.addAll(List.of(
                "-jar",
                root.resolve("opt/fleetops/agent/device-app.jar").toString(),
                "--config",
                root.resolve("etc/fleetops/agent.conf").toString()));
        // The template parses (every key valid) and stops at the one thing an operator must add.
        Run r = run(Map.of(), cmd.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().startsWith("error: no connection string"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void theDebHoldsTheLayoutOwnedByRootWithConfigAsConffile() throws Exception {
        Path dpkgDeb = Path.of("/usr/bin/dpkg-deb");
        Assumptions.assumeTrue(Files.isExecutable(dpkgDeb), "dpkg-deb is missing (Debian's dpkg package)");
        Path out = dir.resolve("out");
        Run built = run(
                Map.of(),
                PACKAGING.resolve("build-deb.sh").toString(),
                "--jar",
                JAR.toString(),
                "--version",
                "1.2.3-rc1",
                "--out",
                out.toString());
        assertEquals(0, built.code(), built.err());
        Path deb = out.resolve("fleetops-agent_1.2.3~rc1_all.deb");
        assertEquals(deb.toString(), built.out().strip());

        Run contents = run(Map.of(), dpkgDeb.toString(), "-c", deb.toString());
        assertEquals(0, contents.code(), contents.err());
        Map<String, String> modes = new java.util.HashMap<>();
        for (String line : contents.out().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            assertEquals("root/root", f[1], line);
            modes.put(f[f.length - 1], f[0]);
        }
        assertEquals("drwxr-xr-x", modes.get("./"));
        assertEquals("-rw-r--r--", modes.get("./opt/fleetops/agent/device-app.jar"));
        assertEquals("-rw-r--r--", modes.get("./lib/systemd/system/fleetops-agent.service"));
        assertEquals("-rw-r-----", modes.get("./etc/fleetops/agent.conf"));
        assertEquals("drwx------", modes.get("./var/lib/fleetops/"));
        assertFalse(modes.containsKey("./etc/systemd/"), "the package's unit belongs in /lib/systemd/system");

        Run info = run(Map.of(), dpkgDeb.toString(), "-I", deb.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("Package: fleetops-agent"), info.out());
        assertTrue(info.out().contains("Version: 1.2.3~rc1"), info.out());
        assertTrue(info.out().contains("Architecture: all"), info.out());
        assertTrue(info.out().contains("Depends: openjdk-17-jre-headless | java17-runtime-headless"), info.out());
        Run conffiles = run(Map.of(), dpkgDeb.toString(), "-I", deb.toString(), "conffiles");
        assertEquals("/etc/fleetops/agent.conf", conffiles.out().strip());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Run syntax =
                    run(Map.of(), "sh", "-n", PACKAGING.resolve("deb/" + script).toString());
            assertEquals(0, syntax.code(), script + ": " + syntax.err());
        }
        assertTrue(Files.readString(PACKAGING.resolve("deb/postinst"), StandardCharsets.UTF_8)
                .contains("chown root:fleetops /etc/fleetops/agent.conf"));
    }
}
