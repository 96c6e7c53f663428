package dev.fleetops.localhub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the text, {@link Query#parse} returns a query or throws {@link QuerySyntaxException} with a
 * position inside the text; and whatever it accepts prints to a form it accepts again. Seeded, so a failure
 * replays exactly; the failing text is in the message.
 */
class QueryFuzzTest {
    static final List<String> VALID = List.of(
            "SELECT * FROM devices WHERE tags.location.region = 'US' AND properties.reported.telemetryConfig.sendFrequencyInSecs >= 60",
            "SELECT * FROM devices WHERE NOT (status = 'disabled') OR connectionState = 'Connected'",
            "SELECT properties.reported.telemetryConfig.status AS status, COUNT() AS numberOfDevices FROM devices GROUP BY properties.reported.telemetryConfig.status",
            "SELECT TOP 10 DeviceId, LastActivityTime FROM devices WHERE status = 'enabled' AND connectionState = 'Disconnected'",
            "SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'myDeviceId' AND devices.jobs.createdTimeUtc > '2016-09-01'",
            "SELECT * FROM devices WHERE properties.reported.connectivity NIN ['wired', \"wifi\", -1.5e3, 0x1F, null]",
            "select sum(a.b * 2) as s, avg(c), min(d), max(e) from devices where is_defined(tags.[[group]]) and (x + 1) % 3 <> 0");
    private static final String[] SOUP = {
        "SELECT",
        "TOP",
        "FROM",
        "WHERE",
        "GROUP",
        "BY",
        "AS",
        "AND",
        "OR",
        "NOT",
        "IN",
        "NIN",
        "true",
        "false",
        "null",
        "undefined",
        "devices",
        "devices.jobs",
        "jobs",
        "modules",
        "*",
        ",",
        ".",
        "(",
        ")",
        "[",
        "]",
        "[[",
        "]]",
        "[[group]]",
        "+",
        "-",
        "/",
        "%",
        "=",
        "!=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "!",
        "'US'",
        "\"x\"",
        "'",
        "\"",
        "'\\u00",
        "\\",
        "0",
        "42",
        "1.5",
        "1e",
        "1e9",
        "0x",
        "0xFF",
        "9e999",
        "deviceId",
        "tags",
        "a",
        "b",
        "properties.reported.x",
        "COUNT()",
        "COUNT",
        "SUM",
        "AVG(",
        "MIN",
        "MAX",
        "IS_DEFINED",
        "is_defined(",
        "UPPER(",
        "#",
        ";",
        "é",
        "\u0000",
        "\n",
        "$version"
    };

    @Test
    void tokenSoupNeverThrowsAnythingButSyntaxErrors() {
        Random random = new Random(20240607L);
        for (int i = 0; i < 20_000; i++) {
            // A valid head on a third of the cases gets the soup past SELECT/FROM into the expression grammar.
            String head = List.of("", "SELECT ", "SELECT * FROM devices WHERE ").get(random.nextInt(3));
            StringBuilder text = new StringBuilder(head);
            int n = random.nextInt(16);
            for (int t = 0; t < n; t++) {
                text.append(SOUP[random.nextInt(SOUP.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            check(text.toString());
        }
    }

    @Test
    void randomCharactersNeverThrowAnythingButSyntaxErrors() {
        Random random = new Random(7L);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(60)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = random.nextInt(10) == 0 ? (char) random.nextInt(0x10000) : (char) (random.nextInt(96) + 32);
            }
            check(new String(chars));
            check("SELECT * FROM devices WHERE " + new String(chars));
        }
    }

    @Test
    void everyPrefixOfAValidQueryParsesOrFailsCleanly() {
        for (String query : VALID) {
            Query.parse(query);
            for (int end = 0; end <= query.length(); end++) {
                check(query.substring(0, end));
            }
        }
    }

    @Test
    void mutatedValidQueriesParseOrFailCleanly() {
        Random random = new Random(99L);
        String alphabet = " '\"[]().,*=<>!-+%/0123456789abcxyzANDORNOTIN$_\\";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
            for (int m = 1 + random.nextInt(3); m > 0 && text.length() > 0; m--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            check(text.toString());
        }
    }

    /** Parses; on success the canonical form must parse to the same canonical form. */
    static Query check(String text) {
        try {
            Query query = Query.parse(text);
            String printed = query.toString();
            assertEquals(printed, Query.parse(printed).toString(), () -> "round trip of " + text);
            return query;
        } catch (QuerySyntaxException e) {
            assertTrue(
                    e.position() >= 0 && e.position() <= text.length(),
                    () -> "position " + e.position() + " in " + text);
            assertTrue(e.reason() != null && !e.reason().isBlank(), () -> "empty reason for " + text);
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            fail("unexpected " + e + " for query text: " + text, e);
            return null;
        }
    }
}
