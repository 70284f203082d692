package io.j8s.kubelet.runtime.cri;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The air-gap images, as k3s has them: every archive in DATA_DIR/agent/images ({@code .tar}, an
 * OCI layout or docker save; {@code .tar.gz}/{@code .tgz}; {@code .tar.zst} when the zstd binary
 * is there) is imported into containerd's {@code k8s.io} namespace at start. An archive already
 * imported (same size and mtime, or else same sha256) is skipped: the state file
 * DATA_DIR/agent/containerd/airgap-images.json remembers them.
 */
public final class AirgapImages {
    private static final Logger LOG = Logger.getLogger(AirgapImages.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What we remember of an imported archive. */
    record Imported(String sha256, long size, long mtime) {}

    /** What happened to one archive. */
    public enum Outcome { IMPORTED, ALREADY_IMPORTED, SKIPPED, FAILED }

    private AirgapImages() {}

    /** Imports the archives in DATA_DIR/agent/images into containerd at {@code socket}. */
    public static Map<Path, Outcome> importAll(Path dataDir, Path socket) throws IOException {
        return importAll(dataDir.resolve("agent/images"), dataDir.resolve("agent/containerd"), socket);
    }

    static Map<Path, Outcome> importAll(Path imagesDir, Path stateDir, Path socket) throws IOException {
        Map<Path, Outcome> outcomes = new TreeMap<>();
        if (!Files.isDirectory(imagesDir)) {
            return outcomes;
        }
        Path stateFile = stateDir.resolve("airgap-images.json");
        Map<String, Imported> state = new TreeMap<>();
        if (Files.exists(stateFile)) {
            state.putAll(JSON.readValue(stateFile.toFile(), new TypeReference<Map<String, Imported>>() {}));
        }
        List<Path> archives;
        try (Stream<Path> files = Files.list(imagesDir)) {
            archives = files.filter(Files::isRegularFile).filter(p -> kind(p) != null).sorted().toList();
        }
        Ctr ctr = new Ctr(socket);
        for (Path archive : archives) {
            Outcome outcome = importOne(ctr, archive, stateDir, state);
            outcomes.put(archive, outcome);
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(".airgap-images.json.tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return outcomes;
    }

    private static Outcome importOne(Ctr ctr, Path archive, Path stateDir, Map<String, Imported> state)
            throws IOException {
        String key = archive.toAbsolutePath().toString();
        long size = Files.size(archive);
        long mtime = Files.getLastModifiedTime(archive).toMillis();
        Imported before = state.get(key);
        if (before != null && before.size() == size && before.mtime() == mtime) {
            LOG.info("air-gap image " + archive.getFileName() + ": already imported");
            return Outcome.ALREADY_IMPORTED;
        }
        String sha = sha256(archive);
        if (before != null && before.sha256().equals(sha)) {
            state.put(key, new Imported(sha, size, mtime));
            LOG.info("air-gap image " + archive.getFileName() + ": already imported (same sha256)");
            return Outcome.ALREADY_IMPORTED;
        }
        String kind = kind(archive);
        if (kind.equals("zst") && !HostPackages.onPath("zstd")) {
            LOG.warning("air-gap image " + archive.getFileName() + ": skipped, it is zstd-compressed and there is"
                    + " no zstd binary (install the Debian package zstd)");
            return Outcome.SKIPPED;
        }
        Path plain = kind.equals("tar") ? archive : stateDir.resolve("airgap-import.tmp.tar");
        long begin = System.nanoTime();
        try {
            if (kind.equals("gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
                    Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
                }
            } else if (kind.equals("zst")) {
                unzstd(archive, plain);
            }
            String output = ctr.importArchive(plain);
            state.put(key, new Imported(sha, size, mtime));
            LOG.info("air-gap image " + archive.getFileName() + ": imported " + String.join(", ",
                    output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
            return Outcome.IMPORTED;
        } catch (IOException e) {
            LOG.warning("air-gap image " + archive.getFileName() + ": import failed: " + e.getMessage());
            return Outcome.FAILED;
        } finally {
            if (plain != archive) {
                Files.deleteIfExists(plain);
            }
        }
    }

    /** "tar", "gz" or "zst" by the file name; null for a file that is not an image archive. */
    static String kind(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tar")) {
            return "tar";
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return "gz";
        }
        if (name.endsWith(".tar.zst")) {
            return "zst";
        }
        return null;
    }

    private static void unzstd(Path archive, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of("zstd", "-q", "-d", "-f", "-o", out.toString(),
                archive.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("zstd -d " + archive + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decompressing " + archive, e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
