package dev.fleetops.core.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One NCRONTAB field: a comma list of {@code *}, {@code n}, {@code a-b}, each optionally with
 * {@code /step} ({@code a/step} runs from a to the field's maximum). Months and weekdays also take
 * three-letter English names.
 */
enum CronField {
    SECOND(0, 59, List.of()),
    MINUTE(0, 59, List.of()),
    HOUR(0, 23, List.of()),
    DAY(1, 31, List.of()),
    MONTH(1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    DAY_OF_WEEK(0, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    private final int min;
    private final int max;
    private final List<String> names;

    CronField(int min, int max, List<String> names) {
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** How many values the field has (60 seconds, 7 weekdays, ...). */
    int size() {
        return max - min + 1;
    }

    /**
     * @throws IllegalArgumentException naming the field and the offending text
     */
    BitSet parse(String text) {
        BitSet values = new BitSet(max + 1);
        for (String item : text.split(",", -1)) {
            parseItem(item, values);
        }
        return values;
    }

    private void parseItem(String item, BitSet values) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(item.substring(slash + 1), item);
            if (step < 1) {
                throw error(item, "step must be at least 1");
            }
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = min;
            to = max;
        } else if (range.contains("-")) {
            String[] ends = range.split("-", 2);
            from = value(ends[0], item);
            to = value(ends[1], item);
            if (from > to) {
                throw error(item, "range start is after its end");
            }
        } else {
            from = value(range, item);
            to = slash >= 0 ? max : from;
        }
        for (int v = from; v <= to; v += step) {
            values.set(v);
        }
    }

    private int value(String text, String item) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        int v = index >= 0 ? index + min : number(text, item);
        if (v < min || v > max) {
            throw error(item, v + " is outside " + min + "-" + max);
        }
        return v;
    }

    private int number(String text, String item) {
        if (!text.matches("\\d{1,4}")) {
            throw error(item, "'" + text + "' is not a number");
        }
        return Integer.parseInt(text);
    }

    private IllegalArgumentException error(String item, String why) {
        return new IllegalArgumentException(
                name().toLowerCase(Locale.ROOT).replace('_', '-') + " field '" + item + "': " + why);
    }
}
