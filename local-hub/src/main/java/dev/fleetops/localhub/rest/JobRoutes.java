package dev.fleetops.localhub.rest;

import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.jobs.JobEngine;
import dev.fleetops.localhub.jobs.JobStatus;
import dev.fleetops.localhub.jobs.JobType;

/**
 * {@code /jobs/v2/…}: schedule ({@code PUT /jobs/v2/{id}}), read, cancel ({@code POST /jobs/v2/{id}/cancel})
 * and list ({@code GET /jobs/v2/query?jobType=&jobStatus=}, paged with {@code x-ms-max-item-count} and
 * {@code x-ms-continuation} headers or the documented {@code pageSize} and {@code continuationToken} parameters).
 */
final class JobRoutes {
    private final JobEngine engine;
    private final ResultPages pages = new ResultPages(64);

    JobRoutes(JobEngine engine) {
        this.engine = engine;
    }

    RestResponse schedule(String jobId, RestRequest r) {
        return RestResponse.json(200, engine.schedule(jobId, Bodies.object(r)));
    }

    RestResponse get(String jobId) {
        return RestResponse.json(200, engine.get(jobId));
    }

    RestResponse cancel(String jobId) {
        return RestResponse.json(200, engine.cancel(jobId));
    }

    RestResponse query(RestRequest r) {
        String continuation = first(r.header("x-ms-continuation"), r.query().get("continuationToken"));
        int pageSize = ResultPages.pageSize(
                first(r.header("x-ms-max-item-count"), r.query().get("pageSize")), "The page size");
        return pages.page(
                continuation,
                pageSize,
                () -> engine.jobs(
                        checked(r.query().get("jobType"), true),
                        checked(r.query().get("jobStatus"), false)),
                "JobResponse");
    }

    private static String first(String a, String b) {
        if (a != null && !a.isEmpty()) {
            return a;
        }
        return b == null || b.isEmpty() ? null : b;
    }

    private static String checked(String value, boolean type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return type
                    ? JobType.valueOf(value).name()
                    : JobStatus.valueOf(value).name();
        } catch (IllegalArgumentException e) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, "Unknown " + (type ? "jobType" : "jobStatus") + " '" + value + "'.");
        }
    }
}
