package dev.fleetops.localhub.mqtt;

/** MQTT 3.1.1 topic filters: validation and matching with the {@code +} and {@code #} wildcards. */
final class TopicFilter {
    private TopicFilter() {}

    /** Whether {@code filter} is a well-formed filter: {@code #} only as the whole last level, {@code +} only as a whole level. */
    static boolean isValid(String filter, int maxLength) {
        if (filter == null || filter.isEmpty() || filter.length() > maxLength || filter.indexOf('\0') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** Whether a (valid) filter matches a topic name. Wildcards in the first level never match {@code $} topics. */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
