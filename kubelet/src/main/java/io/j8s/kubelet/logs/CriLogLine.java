package io.j8s.kubelet.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of a CRI log file: {@code 2026-01-02T03:04:05.123456789Z stdout F text}. The tag is
 * {@code P} for a partial line (the runtime split a long line; the next ones continue it) and
 * {@code F} for the end of one.
 */
record CriLogLine(Instant at, String stream, boolean partial, String text) {

    /** The line without its newline, or null when it is not in the CRI format. */
    static CriLogLine parse(byte[] bytes, int from, int to) {
        String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (second < 0) {
            return null;
        }
        int third = line.indexOf(' ', second + 1);
        String tag = third < 0 ? line.substring(second + 1) : line.substring(second + 1, third);
        String text = third < 0 ? "" : line.substring(third + 1);
        Instant at;
        try {
            at = Instant.parse(line.substring(0, first));
        } catch (DateTimeParseException e) {
            return null;
        }
        // Tags may carry more than one flag, separated by ':'; the first says P or F.
        String kind = tag.split(":", 2)[0];
        if (!kind.equals("P") && !kind.equals("F")) {
            return null;
        }
        return new CriLogLine(at, line.substring(first + 1, second), kind.equals("P"), text);
    }
}
