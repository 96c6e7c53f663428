package dev.fleetops.runner.timer;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON the host sends for a timer trigger: its {@code TimerInfo} (WebJobs.Extensions {@code Timers/TimerInfo.cs})
 * serialized by Newtonsoft.Json's defaults (host {@code GrpcMessageConversionExtensions.ToRpcDefault}):
 * <pre>{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"…","Next":"…","LastUpdated":"…"},"IsPastDue":false}</pre>
 * {@code Schedule} is a {@code CronSchedule}, whose only public property is {@code AdjustForDST} (always true).
 * {@code ScheduleStatus} is null when the schedule monitor is off. Its times are local {@code DateTime}s, which
 * Newtonsoft writes ISO 8601 with up to seven fractional digits and the zone offset: {@code +00:00} on Azure,
 * where the time zone is UTC, as it is for the runner.
 */
final class TimerInfoJson {
    /** {@code default(DateTime).ToLocalTime()}: the {@code Last} and {@code LastUpdated} of a timer that has not run. */
    static final Instant NEVER = LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** The listener's in-memory {@code ScheduleStatus}. */
    record Status(Instant last, Instant next, Instant lastUpdated) {}

    private TimerInfoJson() {}

    static String of(Status status, boolean isPastDue) {
        String scheduleStatus = status == null
                ? "null"
                : "{\"Last\":\"" + dateTime(status.last()) + "\",\"Next\":\"" + dateTime(status.next())
                        + "\",\"LastUpdated\":\"" + dateTime(status.lastUpdated()) + "\"}";
        return "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":" + scheduleStatus + ",\"IsPastDue\":"
                + isPastDue + "}";
    }

    /** Newtonsoft's ISO format for a local DateTime: {@code yyyy-MM-ddTHH:mm:ss[.FFFFFFF]+00:00} (100 ns ticks). */
    static String dateTime(Instant t) {
        LocalDateTime utc = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        String text = SECONDS.format(utc);
        int ticks = utc.getNano() / 100;
        if (ticks != 0) {
            String fraction = String.format("%07d", ticks).replaceAll("0+$", "");
            text += "." + fraction;
        }
        return text + "+00:00";
    }
}
