package dev.fleetops.runner.stack.demo;

import java.io.PrintStream;

/**
 * Where progress goes. On a terminal the current line is redrawn in place; otherwise (CI, a pipe) a line
 * is printed only when it changed, so logs stay short and readable.
 */
final class Terminal {
    private final PrintStream out;
    private final boolean tty;
    private String last = "";

    Terminal(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    void progress(String line) {
        if (line.equals(last)) {
            return;
        }
        last = line;
        if (tty) {
            out.print("\r\033[2K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the progress line (keeping it on screen) and prints a message. */
    void say(String message) {
        if (tty && !last.isEmpty()) {
            out.println();
        }
        last = "";
        out.println(message);
        out.flush();
    }
}
