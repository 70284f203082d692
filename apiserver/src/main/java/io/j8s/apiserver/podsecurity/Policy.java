package io.j8s.apiserver.podsecurity;

import java.util.Locale;
import java.util.Optional;

/**
 * A level and the version of the standards it is read at: {@code restricted:latest},
 * {@code baseline:v1.28}. {@code minor} is the 1.N of the version, or {@link #LATEST}.
 */
record Policy(Level level, int minor) {
    static final int LATEST = Integer.MAX_VALUE;

    enum Level {
        PRIVILEGED, BASELINE, RESTRICTED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Level> parse(String text) {
            for (Level l : values()) {
                if (l.label().equals(text)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    static final Policy PRIVILEGED = new Policy(Level.PRIVILEGED, LATEST);

    /** {@code latest} or {@code v1.N}; empty for anything else. */
    static Optional<Integer> parseVersion(String text) {
        if (text.isEmpty() || text.equals("latest")) {
            return Optional.of(LATEST);
        }
        if (!text.matches("v1\\.(0|[1-9][0-9]{0,3})")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text.substring(3)));
    }

    @Override
    public String toString() {
        return level.label() + ":" + (minor == LATEST ? "latest" : "v1." + minor);
    }
}
