package dev.fleetops.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlAndFormatCharactersGoAndTheRestIsKeptUpToTheBound() {
        assertEquals("adminfake line", SafeText.clean("admin\r\nfake line", 100), "no forged log lines");
        assertEquals("evil‮gnp.exe".replace("‮", ""), SafeText.clean("evil‮gnp.exe", 100), "no bidi override");
        assertEquals("Zoë 👍", SafeText.clean("  Zoë 👍  ", 100), "letters and emoji stay; trimmed");
        assertEquals("ab", SafeText.clean("ab👍cd", 2), "cut by code points");
        assertEquals("a👍", SafeText.clean("a👍cd", 2), "a surrogate pair counts once");
        assertNull(SafeText.clean(null, 10));
    }
}
