package io.j8s.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What Linux's {@code /proc/PID} says of a process: its resident memory ({@code VmRSS} of
 * {@code status}) and the CPU time it used ({@code utime + stime} of {@code stat}, in clock ticks).
 */
final class ProcStat {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux this runs on. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /** The resident set size of {@code pid} in KiB. */
    static long rssKib(long pid) throws IOException {
        return vmRssKib(read(pid, "status"));
    }

    /** The user and system CPU time {@code pid} used so far, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        return cpuTicks(read(pid, "stat"));
    }

    /** {@code VmRSS} of a {@code /proc/PID/status} text, in KiB. */
    static long vmRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String value = line.substring("VmRSS:".length()).strip();
                if (!value.endsWith(" kB")) {
                    throw new IllegalArgumentException("VmRSS not in kB: " + line);
                }
                return Long.parseLong(value.substring(0, value.length() - 3).strip());
            }
        }
        throw new IllegalArgumentException("no VmRSS line (a zombie or a kernel thread?)");
    }

    /**
     * {@code utime + stime} (fields 14 and 15) of a {@code /proc/PID/stat} line. The command name
     * (field 2) is in parentheses and may hold spaces and parentheses itself, so the fields are
     * counted from the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        // After ") " come field 3 (state), 4, ...: utime is field 14, the 12th of them.
        String[] f = stat.substring(close + 1).strip().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * The CPU time in clock ticks of those threads of {@code pid} that are HotSpot's JIT
     * compilers ({@code C1 CompilerThre}, {@code C2 CompilerThre}), which keep compiling for a
     * while after a JVM got busy: CPU a longer-running process no longer spends.
     */
    static long jitCompilerTicks(long pid) throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    if (jitCompiler(stat)) {
                        ticks += cpuTicks(stat);
                    }
                } catch (IOException e) {
                    // The thread ended meanwhile.
                }
            }
        }
        return ticks;
    }

    /** Whether a thread's {@code stat} line is one of a JIT compiler thread. */
    static boolean jitCompiler(String stat) {
        int open = stat.indexOf('(');
        return open >= 0 && stat.startsWith("C1 Compiler", open + 1)
                || open >= 0 && stat.startsWith("C2 Compiler", open + 1);
    }

    /** Percent of one core that {@code ticks} of CPU time over {@code nanos} of wall time are. */
    static double cpuPercent(long ticks, long nanos) {
        return ticks * 100.0 / CLOCK_TICKS_PER_SECOND / (nanos / 1e9);
    }

    /** {@code kib} as MiB with one decimal. */
    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String read(long pid, String file) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), file),
                StandardCharsets.US_ASCII);
    }
}
