package dev.fleetops.device.logupload;

/**
 * A log ready to upload.
 *
 * @param gzip      the gzipped text
 * @param lines     lines of log in it (the header not counted)
 * @param textBytes size of the text before compression, at most the request's {@code maxBytes}
 * @param truncated whether older lines (or a line's end) were left out to stay within the bounds
 */
public record LogBundle(byte[] gzip, int lines, long textBytes, boolean truncated) {}
