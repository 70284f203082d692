package io.j8s.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per record, to stderr and to {@code <data-dir>/server/logs/j8s.log}. */
final class Logs {
    private Logs() {}

    static void toStderr() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new OneLine());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        Logger.getLogger("io.j8s").setLevel(Level.INFO);
    }

    /** Adds the log file under the data directory; returns its path. */
    static Path toFile(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("server/logs");
        Files.createDirectories(dir);
        FileHandler file = new FileHandler(dir.resolve("j8s.%g.log").toString(), 10 << 20, 3, true);
        file.setFormatter(new OneLine());
        Logger.getLogger("").addHandler(file);
        return dir.resolve("j8s.0.log");
    }

    static final class OneLine extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            String component = name.startsWith("io.j8s.") ? name.substring(7) : name;
            int dot = component.indexOf('.');
            if (dot > 0 && name.startsWith("io.j8s.")) {
                component = component.substring(0, dot);
            }
            StringBuilder b = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(String.format("%-7s", r.getLevel().getName())).append(' ')
                    .append(component).append(": ").append(formatMessage(r));
            if (r.getThrown() != null && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                b.append(" (").append(r.getThrown()).append(')');
            }
            return b.append(System.lineSeparator()).toString();
        }
    }
}
