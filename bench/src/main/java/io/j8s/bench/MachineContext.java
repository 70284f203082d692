package io.j8s.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The machine a benchmark ran on, in one line: cores, memory, OS, Java, the load average when the
 * line was made (other work on the machine skews every figure), extras and the date.
 */
final class MachineContext {
    private MachineContext() {}

    /**
     * A line like {@code machine: 8 cores, 31 GiB RAM, Linux 6.1 amd64, java 21.0.4 (Eclipse
     * Adoptium), load 0.15, 2025-01-01T12:00:00Z}; {@code extras} go before the date.
     */
    static String line(Instant now, String... extras) {
        StringBuilder s = new StringBuilder("machine: ");
        s.append(Runtime.getRuntime().availableProcessors()).append(" cores, ");
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            s.append(Math.round(sun.getTotalMemorySize() / (1024.0 * 1024 * 1024)))
                    .append(" GiB RAM, ");
        }
        s.append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ')
                .append(System.getProperty("os.arch")).append(", ");
        s.append("java ").append(Runtime.version())
                .append(" (").append(System.getProperty("java.vendor", "?")).append("), ");
        double load = os.getSystemLoadAverage();
        if (load >= 0) {
            s.append(String.format(Locale.ROOT, "load %.2f, ", load));
        }
        for (String extra : extras) {
            s.append(extra).append(", ");
        }
        s.append(now.truncatedTo(ChronoUnit.SECONDS));
        return s.toString();
    }
}
