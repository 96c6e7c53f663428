package dev.fleetops.device.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's config file ({@code --config FILE}, e.g. {@code /etc/fleetops/agent.conf}): one {@code key = value}
 * per line, keys being the long options without their dashes; {@code #} starts a comment line. Only the syntax
 * is checked here; {@link CliOptions} validates keys and values exactly as it does the flags.
 *
 * <p>Errors name the file, the line and at most the key, never the value or the whole line: the file holds the
 * device's connection string, and a line missing its {@code =} may be nothing but a key.
 */
public final class ConfigFile {
    /** Bigger than any sane config; stops a wrong path (a firmware image, /dev/zero) from being read whole. */
    static final long MAX_BYTES = 64 * 1024;

    /** One {@code key = value} line; {@code where} is "FILE line N", for messages. */
    public record Entry(String where, String key, String value) {}

    private ConfigFile() {}

    /** @throws ConfigException when the file cannot be read or a line is not {@code key = value} */
    public static List<Entry> read(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("config file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            // AccessDeniedException and friends carry only the path; their class says what went wrong.
            throw new ConfigException(
                    "cannot read config file " + file + ": " + e.getClass().getSimpleName());
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code name} prefixes every message. */
    public static List<Entry> parse(String name, String text) throws ConfigException {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = name + " line " + n;
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + ": expected 'key = value'");
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[a-z][a-z0-9-]{0,40}")) {
                throw new ConfigException(where + ": expected 'key = value' with a lower-case key such as state-dir");
            }
            String value = line.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw new ConfigException(where + ": " + key + " needs a value");
            }
            entries.add(new Entry(where, key, value));
        }
        return List.copyOf(entries);
    }
}
