package io.j8s.apiserver.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * The warnings admission has for the client of the request being served on this thread (a
 * request runs on a virtual thread of its own); the HTTP side sends them as {@code Warning}
 * headers, on success and on failure alike, as upstream does.
 */
public final class RequestWarnings {
    private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

    private RequestWarnings() {}

    /** Starts collecting for the request on this thread. */
    public static void open() {
        CURRENT.set(new ArrayList<>());
    }

    /** What was collected since {@link #open}; stops collecting. */
    public static List<String> close() {
        List<String> warnings = CURRENT.get();
        CURRENT.remove();
        return warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Adds a warning for the client; dropped when no request is being served here. */
    public static void add(String warning) {
        List<String> warnings = CURRENT.get();
        if (warnings != null && !warning.isBlank() && !warnings.contains(warning)) {
            warnings.add(warning);
        }
    }
}
