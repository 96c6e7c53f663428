package dev.fleetops.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The staging directory is what every deploy path uploads (azure-functions:deploy, `func azure functionapp
 * publish`, azd, which zips the folder as it is). It must carry no developer secrets: the plugin stages the
 * committed local.settings.sample.json, never the repository's git-ignored local.settings.json, and a
 * .funcignore keeps settings files out of Core Tools' package.
 */
class StagedPackageIT {
    private static final Path STAGING =
            Path.of(System.getProperty("fleetops.functions.staging", "target/azure-functions/fleetops"));
    private static final Path SAMPLE = Path.of("..", "local.settings.sample.json");
    /** Values that only a real connection string or key would contain. */
    private static final Pattern SECRET =
            Pattern.compile("(?i)SharedAccessKey=|AccountKey=|SharedAccessSignature|\\bsig=");

    @Test
    void theStagedLocalSettingsAreTheCommittedSample() throws IOException {
        Path staged = STAGING.resolve("local.settings.json");
        assertTrue(Files.isRegularFile(staged), "missing " + staged + "; run mvn package first");
        assertEquals(
                JsonParser.parseString(Files.readString(SAMPLE)),
                JsonParser.parseString(Files.readString(staged)),
                "the plugin must stage local.settings.sample.json (functions/pom.xml localSettingsJson)");
    }

    @Test
    void noStagedTextFileHoldsAKeyOrConnectionString() throws IOException {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(STAGING)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().endsWith(".jar"))
                    .toList()) {
                if (SECRET.matcher(Files.readString(file)).find()) {
                    leaks.add(STAGING.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void aFuncignoreKeepsSettingsFilesOutOfTheCoreToolsPackage() throws IOException {
        Path funcignore = STAGING.resolve(".funcignore");
        assertTrue(
                Files.isRegularFile(funcignore),
                "missing " + funcignore + " (maven-resources-plugin stage-funcignore)");
        List<String> rules = Files.readAllLines(funcignore).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertTrue(rules.contains("local.settings.json"), rules.toString());
    }
}
