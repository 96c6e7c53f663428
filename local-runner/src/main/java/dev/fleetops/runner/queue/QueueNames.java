package dev.fleetops.runner.queue;

import java.util.Locale;

/**
 * Queue names as the extension treats them (Azure/azure-sdk-for-net, sdk/storage/
 * Microsoft.Azure.WebJobs.Extensions.Storage.Queues/src/: {@code Triggers/QueueTriggerAttributeBindingProvider}
 * lower-cases the resolved name "to be nice", then {@code QueueClientExtensions.ValidateQueueName} applies the
 * service's rules; {@code Listeners/QueueListenerFactory.CreatePoisonQueueReference} names the poison queue).
 */
public final class QueueNames {
    static final String POISON_SUFFIX = "-poison";

    private QueueNames() {}

    /** @throws IllegalArgumentException with the extension's message when the name breaks a rule */
    public static String normalize(String name) {
        String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
        String error = error(lower);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        return lower;
    }

    /** {@code <name>-poison}, or null for a poison queue itself or when the suffix would make the name invalid. */
    public static String poisonQueue(String name) {
        if (name.endsWith(POISON_SUFFIX)) {
            return null;
        }
        String poison = name + POISON_SUFFIX;
        return error(poison) == null ? poison : null;
    }

    private static String error(String name) {
        if (name == null || name.isEmpty()) {
            return "A queue name can't be null or empty";
        }
        if (name.length() < 3 || name.length() > 63) {
            return "A queue name must be from 3 to 63 characters long - \"" + name + "\"";
        }
        if (name.charAt(0) == '-' || name.charAt(name.length() - 1) == '-') {
            return "The dash (-) character may not be the first or last letter - \"" + name + "\"";
        }
        char previous = 'a';
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                return "Queue names must be all lower case - \"" + name + "\"";
            }
            if (!Character.isLetterOrDigit(c) && c != '-') {
                return "A queue name can contain only letters, numbers, and dash(-) characters - \"" + name + "\"";
            }
            if (c == '-' && previous == '-') {
                return "A queue name cannot contain consecutive dash(-) characters.";
            }
            previous = c;
        }
        return null;
    }
}
