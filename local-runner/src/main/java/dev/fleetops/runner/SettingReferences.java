package dev.fleetops.runner;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves {@code %SETTING%} references in binding values (here: timer schedules) from the worker's environment. */
final class SettingReferences {
    private static final Pattern REFERENCE = Pattern.compile("%([^%]+)%");

    private SettingReferences() {}

    /**
     * @throws IllegalArgumentException naming the first referenced setting that is not set
     */
    static String resolve(String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String setting = env.get(m.group(1));
            if (setting == null || setting.isBlank()) {
                throw new IllegalArgumentException("setting " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(setting));
        }
        return m.appendTail(out).toString();
    }
}
