package io.j8s.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Upstream's audit log file (lumberjack's rules): once a line would take it past
 * {@code maxBytes} it is renamed {@code NAME-2006-01-02T15-04-05.000.EXT} and a new one
 * started; of the renamed ones, only the newest {@code maxBackups} are kept (0: all) and none
 * older than {@code maxAge} (zero: any age).
 */
final class RotatingFile implements AutoCloseable {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");
    private final Path path;
    private final long maxBytes;
    private final int maxBackups;
    private final Duration maxAge;
    private final Clock clock;
    private OutputStream out;
    private long size;

    RotatingFile(Path path, long maxBytes, int maxBackups, Duration maxAge, Clock clock)
            throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        this.maxAge = maxAge;
        this.clock = clock;
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        open();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    synchronized void write(byte[] line) throws IOException {
        if (maxBytes > 0 && size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        out.flush();
        size += line.length;
    }

    private void rotate() throws IOException {
        out.close();
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path backup = path.resolveSibling(base + "-"
                + LocalDateTime.now(clock).format(STAMP) + ext);
        for (int i = 1; Files.exists(backup); i++) {
            backup = path.resolveSibling(base + "-" + LocalDateTime.now(clock).format(STAMP)
                    + "." + i + ext);
        }
        Files.move(path, backup);
        open();
        prune(base, ext);
    }

    private void prune(String base, String ext) throws IOException {
        List<Path> backups = new ArrayList<>();
        try (Stream<Path> files = Files.list(path.toAbsolutePath().getParent())) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(base + "-") && n.endsWith(ext) && !f.equals(path);
            }).forEach(backups::add);
        }
        backups.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed());
        for (int i = 0; i < backups.size(); i++) {
            Path b = backups.get(i);
            boolean tooMany = maxBackups > 0 && i >= maxBackups;
            boolean tooOld = !maxAge.isZero() && Files.getLastModifiedTime(b).toInstant()
                    .isBefore(clock.instant().minus(maxAge));
            if (tooMany || tooOld) {
                Files.deleteIfExists(b);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
