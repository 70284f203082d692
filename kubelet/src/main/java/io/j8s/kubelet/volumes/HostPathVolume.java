package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * hostPath: the node's own path, checked against the volume's {@code type} with upstream's
 * messages; {@code DirectoryOrCreate} creates a 0755 directory (and its parents),
 * {@code FileOrCreate} an empty 0644 file (its parent must exist).
 */
final class HostPathVolume {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;

    Path setUp(Volume volume) throws VolumeException {
        HostPathVolumeSource source = volume.getHostPath();
        String name = volume.getName();
        String path = source.getPath();
        if (path == null || path.isEmpty()) {
            throw new VolumeException(name, "invalid HostPath ``: must not be empty");
        }
        for (String item : path.split("/")) {
            if (item.equals("..")) {
                throw new VolumeException(name, "invalid HostPath `" + path + "`: must not contain '..'");
            }
        }
        String type = source.getType() == null ? "" : source.getType();
        Path host = Path.of(path);
        try {
            check(host, path, type);
        } catch (IOException e) {
            throw new VolumeException(name, e.getMessage());
        }
        return host;
    }

    private static void check(Path host, String path, String type) throws IOException {
        switch (type) {
            case "" -> { }
            case "DirectoryOrCreate", "Directory" -> {
                if (type.equals("DirectoryOrCreate") && !Files.exists(host)) {
                    makeDir(host, path);
                } else if (!Files.isDirectory(host)) {
                    throw new IOException("hostPath type check failed: " + path + " is not a directory");
                }
            }
            case "FileOrCreate", "File" -> {
                if (type.equals("FileOrCreate") && !Files.exists(host)) {
                    makeFile(host, path);
                } else if (!Files.isRegularFile(host)) {
                    throw new IOException("hostPath type check failed: " + path + " is not a file");
                }
            }
            case "Socket" -> {
                if (fileType(host) != S_IFSOCK) {
                    throw new IOException("hostPath type check failed: " + path + " is not a socket file");
                }
            }
            case "CharDevice" -> {
                if (fileType(host) != S_IFCHR) {
                    throw new IOException("hostPath type check failed: " + path + " is not a character device");
                }
            }
            case "BlockDevice" -> {
                if (fileType(host) != S_IFBLK) {
                    throw new IOException("hostPath type check failed: " + path + " is not a block device");
                }
            }
            default -> throw new IOException(type + " is an invalid volume type");
        }
    }

    private static void makeDir(Path host, String path) throws IOException {
        try {
            Files.createDirectories(host, PosixFilePermissions.asFileAttribute(FileProjection.permissions(0755)));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("mkdir " + path + ": not a directory");
        }
    }

    private static void makeFile(Path host, String path) throws IOException {
        try {
            Files.createFile(host, PosixFilePermissions.asFileAttribute(FileProjection.permissions(0644)));
        } catch (NoSuchFileException e) {
            throw new IOException("open " + path + ": no such file or directory");
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isRegularFile(host)) {
                throw new IOException("hostPath type check failed: " + path + " is not a file");
            }
        }
    }

    /** The S_IFMT bits of stat(2) on the path (links followed), or -1 when it does not exist. */
    private static int fileType(Path host) {
        try {
            return ((Integer) Files.getAttribute(host, "unix:mode")) & S_IFMT;
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
