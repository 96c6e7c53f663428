package dev.fleetops.runner.stack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static JsonObject counts(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void segmentsAreProportionalAndFillTheWidth() {
        String line = ProgressBar.render(
                "rollout",
                "running",
                counts(
                        "{\"queued\":5,\"in_progress\":5,\"succeeded\":10,\"failed\":1,\"timed_out\":1,\"rejected\":0,\"canceled\":0,\"removed\":0}"));
        String bar = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
        assertEquals(ProgressBar.WIDTH, bar.length());
        assertEquals(
                "#".repeat(14) + "x".repeat(2) + ">".repeat(7) + ".".repeat(7),
                bar,
                "cumulative rounding: 10, 12, 17, 22 of 22 end at cells 14, 16, 23, 30");
        assertTrue(
                line.contains(" 10/22 ")
                        && line.contains("2 failed, 5 running, 5 queued, 0 canceled")
                        && line.endsWith("running"),
                line);
    }

    @Test
    void aFinishedOperationIsAFullBarAndAnEmptyOneIsBlank() {
        String done = ProgressBar.render("x", "completed", counts("{\"succeeded\":3}"));
        assertTrue(done.contains("[" + "#".repeat(ProgressBar.WIDTH) + "]"), done);
        String empty = ProgressBar.render("x", "scheduled", new JsonObject());
        assertTrue(empty.contains("[" + " ".repeat(ProgressBar.WIDTH) + "]"), empty);
    }
}
