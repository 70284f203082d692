package io.j8s.controllers.job;

import java.util.BitSet;

/**
 * A Job's {@code completedIndexes} / {@code failedIndexes}: ordered intervals such as
 * {@code 1,3-5,7}, read into a BitSet and written back.
 */
final class Indexes {
    private Indexes() {}

    static BitSet parse(String text, int limit) {
        BitSet set = new BitSet();
        if (text == null || text.isBlank()) {
            return set;
        }
        for (String part : text.split(",")) {
            try {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash)
                        .strip());
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
                if (from >= 0 && from <= to) {
                    set.set(from, Math.min(to, limit - 1) + 1);
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // a malformed interval is skipped, as upstream does
            }
        }
        return set;
    }

    static String format(BitSet set) {
        StringBuilder b = new StringBuilder();
        int from = set.nextSetBit(0);
        while (from >= 0) {
            int to = set.nextClearBit(from) - 1;
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(from);
            if (to > from) {
                b.append('-').append(to);
            }
            from = set.nextSetBit(to + 1);
        }
        return b.toString();
    }
}
