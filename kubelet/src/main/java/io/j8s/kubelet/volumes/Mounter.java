package io.j8s.kubelet.volumes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node's mount table, read from {@code /proc/self/mountinfo}, and the {@code mount} and
 * {@code umount} commands (util-linux, present on every Debian) for the tmpfs mounts of
 * memory-backed volumes.
 */
final class Mounter {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One line of mountinfo: where, and what filesystem type. */
    record Mount(Path mountPoint, String fsType, String options) {}

    /** Whether this process may mount (root); a kubelet run otherwise gets plain directories. */
    static boolean canMount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Every mount in this mount namespace. */
    static List<Mount> mounts() {
        List<Mount> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                int separator = List.of(fields).indexOf("-");
                if (fields.length < 6 || separator < 0 || separator + 1 >= fields.length) {
                    continue;
                }
                mounts.add(new Mount(Path.of(unescape(fields[4])), fields[separator + 1], fields[5]));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + MOUNTINFO, e);
        }
        return mounts;
    }

    /** The mount whose mount point is exactly {@code dir}, the last one if stacked; or null. */
    static Mount mountAt(Path dir) {
        Path normal = real(dir);
        Mount found = null;
        for (Mount mount : mounts()) {
            if (mount.mountPoint().equals(normal)) {
                found = mount;
            }
        }
        return found;
    }

    /** Mount points at or below {@code dir}, deepest first (the order to unmount them in). */
    static List<Path> mountsUnder(Path dir) {
        Path normal = real(dir);
        return mounts().stream().map(Mount::mountPoint).filter(p -> p.startsWith(normal)).distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }

    /** The path as mountinfo shows it: symlinks resolved when it exists. */
    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** Mounts a tmpfs of {@code sizeBytes} (0: the kernel's default, half the RAM) on dir. */
    static void mountTmpfs(Path dir, long sizeBytes) throws IOException {
        List<String> command = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeBytes > 0) {
            command.addAll(List.of("-o", "size=" + sizeBytes));
        }
        command.addAll(List.of("tmpfs", dir.toAbsolutePath().toString()));
        run(command);
    }

    /** Unmounts dir; a lazy unmount when a plain one fails (the pod's containers are gone). */
    static void unmount(Path dir) throws IOException {
        try {
            run(List.of("umount", dir.toAbsolutePath().toString()));
        } catch (IOException busy) {
            run(List.of("umount", "-l", dir.toAbsolutePath().toString()));
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit "
                        + process.exitValue() + "): " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private Mounter() {}
}
