package dev.fleetops.localhub.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlobNamesTest {
    @Test
    void ordinaryNamesPass() {
        assertEquals(Optional.empty(), BlobNames.problem("dev-1", "logs/2026-12-03/op-1.log.gz"));
        assertEquals(Optional.empty(), BlobNames.problem("dev-1", "ünïcode😀.txt"));
        assertEquals(Optional.empty(), BlobNames.problem("dev-1", "x".repeat(1024 - "dev-1/".length())));
    }

    @Test
    void namesThatLeaveTheDevicesFolderOrAreAmbiguousAreRefused() {
        for (String bad : new String[] {
            "",
            " ",
            "..",
            "../x",
            "a/../b",
            "a/./b",
            "a//b",
            "/a",
            "a/",
            "a.",
            "a\\b",
            "a\u0000b",
            "a\nb",
            "a\u007fb",
            "x".repeat(1024 - "dev-1/".length() + 1),
            "a/".repeat(254) + "a",
            "bad\ud800surrogate"
        }) {
            assertTrue(BlobNames.problem("dev-1", bad).isPresent(), "should refuse: " + bad.replace("\n", "\\n"));
        }
        assertTrue(BlobNames.problem("dev-1", null).isPresent());
    }
}
