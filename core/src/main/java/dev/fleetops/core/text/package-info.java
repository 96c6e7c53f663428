/** Text from outside made safe to store and show ({@link dev.fleetops.core.text.SafeText}). */
package dev.fleetops.core.text;
