package io.j8s.kubelet.volumes;

import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Upstream's atomic writer: the files of a volume live in a hidden timestamped directory
 * ({@code ..2026_12_06_14_05_31.4821...}); {@code ..data} is a symlink to it, and every top-level
 * user-visible path is a symlink into {@code ..data/}. A new payload is written to a new
 * timestamped directory and published by renaming a {@code ..data_tmp} symlink over
 * {@code ..data} (rename is atomic), so a reader sees the old files or the new ones, never a mix.
 * Paths that start with {@code ..} are reserved. Not thread-safe: one writer per directory.
 */
final class AtomicWriter {
    static final String DATA_DIR = "..data";
    static final String NEW_DATA_DIR = "..data_tmp";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'");

    private AtomicWriter() {}

    /** What makes a volume's directory ready before the payload is written into it. */
    interface DirSetUp {
        void run() throws IOException;
    }

    /** Sets up a volume's directory and writes payload into it; failures name the volume. */
    static void writeVolume(String volume, Path target, Map<String, FileProjection> payload, DirSetUp dir)
            throws VolumeException {
        try {
            dir.run();
            write(target, payload);
        } catch (IllegalArgumentException e) {
            throw new VolumeException(volume, e.getMessage());
        } catch (IOException e) {
            throw new VolumeException(volume, "error writing payload to " + target + ": " + e);
        }
    }

    /** Projects payload (relative path to file) into target, which must exist. */
    static void write(Path target, Map<String, FileProjection> payload) throws IOException {
        Map<String, FileProjection> clean = new LinkedHashMap<>();
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            validatePath(entry.getKey());
            clean.put(Path.of(entry.getKey()).normalize().toString(), entry.getValue());
        }
        Path dataDir = target.resolve(DATA_DIR);
        String oldTs = Files.isSymbolicLink(dataDir) ? Files.readSymbolicLink(dataDir).toString() : null;
        Set<String> pathsToRemove = Set.of();
        boolean shouldWrite = true;
        if (oldTs != null) {
            Path oldTsPath = target.resolve(oldTs);
            pathsToRemove = pathsToRemove(clean, oldTsPath);
            if (!differs(clean, oldTsPath) && pathsToRemove.isEmpty()) {
                shouldWrite = false;
                oldTs = null;
            }
        }
        if (shouldWrite) {
            Path tsDir = Files.createTempDirectory(target,
                    ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
            Files.setPosixFilePermissions(tsDir, FileProjection.permissions(0755));
            writePayload(clean, tsDir);
            Path newDataDir = target.resolve(NEW_DATA_DIR);
            Files.deleteIfExists(newDataDir);
            Files.createSymbolicLink(newDataDir, tsDir.getFileName());
            Files.move(newDataDir, dataDir, StandardCopyOption.ATOMIC_MOVE);
        }
        for (String path : clean.keySet()) {
            String linkName = Path.of(path).getName(0).toString();
            Path link = target.resolve(linkName);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(DATA_DIR, linkName));
            }
        }
        for (String path : pathsToRemove) {
            if (!path.contains("/")) {
                Files.deleteIfExists(target.resolve(path));
            }
        }
        removeStaleTimestampDirs(target, oldTs);
    }

    /** The payload's paths: relative, no {@code ..} element, not starting with {@code ..}. */
    static void validatePath(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("invalid path: must not be empty: \"\"");
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("invalid path: must be relative path: " + path);
        }
        if (path.length() > 4096) {
            throw new IllegalArgumentException("invalid path: must be less than or equal to 4096 characters");
        }
        String[] items = path.split("/");
        for (String item : items) {
            if (item.equals("..")) {
                throw new IllegalArgumentException("invalid path: must not contain '..': " + path);
            }
            if (item.length() > 255) {
                throw new IllegalArgumentException(
                        "invalid path: filenames must be less than or equal to 255 characters");
            }
        }
        if (items[0].startsWith("..") && items[0].length() > 2) {
            throw new IllegalArgumentException("invalid path: must not start with '..': " + path);
        }
    }

    private static boolean differs(Map<String, FileProjection> payload, Path oldTsPath) throws IOException {
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            Path file = oldTsPath.resolve(entry.getKey());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !Arrays.equals(Files.readAllBytes(file), entry.getValue().data())
                    || !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .equals(FileProjection.permissions(entry.getValue().mode()))) {
                return true;
            }
        }
        return false;
    }

    /** Paths in the old version that the new payload neither has nor needs as a parent. */
    private static Set<String> pathsToRemove(Map<String, FileProjection> payload, Path oldTsPath)
            throws IOException {
        Set<String> old = new HashSet<>();
        if (Files.isDirectory(oldTsPath, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(oldTsPath)) {
                walk.filter(p -> !p.equals(oldTsPath)).forEach(p -> old.add(oldTsPath.relativize(p).toString()));
            }
        }
        for (String path : payload.keySet()) {
            for (Path sub = Path.of(path); sub != null; sub = sub.getParent()) {
                old.remove(sub.toString());
            }
        }
        return old;
    }

    private static void writePayload(Map<String, FileProjection> payload, Path dir) throws IOException {
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            Path file = dir.resolve(entry.getKey());
            for (Path parent = file.getParent(); !parent.equals(dir); parent = parent.getParent()) {
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(parent);
                    Files.setPosixFilePermissions(parent, FileProjection.permissions(0755));
                }
            }
            Files.write(file, entry.getValue().data());
            Files.setPosixFilePermissions(file, FileProjection.permissions(entry.getValue().mode()));
        }
    }

    /**
     * Removes the timestamped directories that are neither current nor the version this write just
     * replaced (older versions, or a crash's). The replaced version stays until the next write: a
     * reader that resolved {@code ..data} an instant before the swap still opens its file, where
     * upstream, which deletes it at once, can answer that reader with a missing file.
     */
    private static void removeStaleTimestampDirs(Path target, String replaced) throws IOException {
        Path dataDir = target.resolve(DATA_DIR);
        String current = Files.isSymbolicLink(dataDir) ? Files.readSymbolicLink(dataDir).toString() : "";
        try (Stream<Path> entries = Files.list(target)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith("..") && name.length() > 2 && Character.isDigit(name.charAt(2))
                        && !name.equals(current) && !name.equals(replaced)
                        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    VolumeDirs.deleteTree(entry);
                }
            }
        }
    }
}
