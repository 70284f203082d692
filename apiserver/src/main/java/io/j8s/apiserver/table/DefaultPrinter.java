package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Upstream's table for kinds without a printer (roles, cluster roles, limit ranges, custom
 * resource definitions): NAME and CREATED AT, the creation time in RFC 3339, UTC.
 */
final class DefaultPrinter {
    private DefaultPrinter() {}

    /** Go's zero time, which upstream prints for an object without a creation timestamp. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    static Printer<HasMetadata> printer() {
        return Printer.of(HasMetadata.class).name()
                .add(new Column<>("Created At", "date", "", Descriptions.CREATION_TIMESTAMP, 0,
                        (o, now) -> createdAt(o.getMetadata().getCreationTimestamp())))
                .build();
    }

    private static String createdAt(String timestamp) {
        Instant t = Age.parse(timestamp);
        return t == null ? ZERO_TIME
                : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
