package dev.fleetops.bench;

/** Reading benchmark options: the value after an option, and a whole number within its range, with messages naming it. */
public final class OptionValues {
    private OptionValues() {}

    /** {@code args[i]}, the value of {@code option}; an error naming the option when it has none. */
    public static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** {@code s} as a whole number from {@code min} to {@code max}; an error naming {@code option} otherwise. */
    public static int number(String s, String option, int min, int max) {
        try {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ": " + s);
    }
}
