package io.j8s.kubelet.node;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the node reports of the machine: CPUs, memory (from /proc/meminfo), the data directory's
 * file system, kernel and OS image (from /etc/os-release), ids. Read from the files given, so a
 * test can point it elsewhere.
 */
record MachineInfo(int cpus, long memoryBytes, long ephemeralStorageBytes, String kernelVersion,
        String osImage, String operatingSystem, String architecture, String machineId,
        String systemUuid, String bootId) {

    static MachineInfo read(Path dataDir) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(),
                memTotal(Path.of("/proc/meminfo")), fileSystemSize(dataDir), kernel(),
                osImage(Path.of("/etc/os-release")), "linux", hostArchitecture(),
                firstLine(Path.of("/etc/machine-id")),
                firstLine(Path.of("/sys/class/dmi/id/product_uuid")),
                firstLine(Path.of("/proc/sys/kernel/random/boot_id")));
    }

    static long memTotal(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring(9).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the JVM's view
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String osImage(Path osRelease) {
        try {
            for (String line : Files.readAllLines(osRelease)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "Unknown";
    }

    private static long fileSystemSize(Path dir) {
        try {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing == null ? Path.of("/") : existing);
            return store.getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String kernel() {
        String release = firstLine(Path.of("/proc/sys/kernel/osrelease"));
        return release.isEmpty() ? System.getProperty("os.version", "") : release;
    }

    private static String hostArchitecture() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.getFirst().trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
