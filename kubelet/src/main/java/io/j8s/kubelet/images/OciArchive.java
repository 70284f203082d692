package io.j8s.kubelet.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes a single-layer OCI image archive (an OCI layout in a tar: {@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/...}) that {@code ctr images import} and containerd's
 * CRI read. The index names the image with both annotations containerd looks at,
 * {@code org.opencontainers.image.ref.name} and {@code io.containerd.image.name}. The layer is
 * made from files, directories and symlinks given by their path in the image; the same input
 * gives the same digests.
 */
public final class OciArchive {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
    private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    private sealed interface Entry permits File, Dir, Link {}

    private record File(byte[] content, int mode) implements Entry {}

    private record Dir(int mode) implements Entry {}

    private record Link(String target) implements Entry {}

    private final String ref;
    private final Map<String, Entry> entries = new TreeMap<>();
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private List<String> env = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    private String workingDir = "";

    private OciArchive(String ref) {
        this.ref = ref;
    }

    /** An empty image named {@code ref} ({@code docker.io/library/busybox:j8s}, say). */
    public static OciArchive image(String ref) {
        return new OciArchive(ref);
    }

    /**
     * The busybox image the tests run: /bin/busybox (Debian's busybox-static) with a symlink for
     * every applet it lists, /etc/passwd and /etc/group with root and nobody, and /tmp; its
     * command is {@code sh}.
     */
    public static void busybox(Path out, String ref) throws IOException {
        OciArchive image = withBusybox(image(ref), Path.of("/bin/busybox"));
        image.file("etc/passwd", ("root:x:0:0:root:/root:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n").getBytes(StandardCharsets.UTF_8), 0644)
                .file("etc/group", "root:x:0:\nnobody:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644)
                .directory("root", 0700)
                .cmd(List.of("sh"))
                .writeTo(out);
    }

    /** Adds {@code busybox} at /bin/busybox and a symlink to it for each of its applets. */
    public static OciArchive withBusybox(OciArchive image, Path busybox) throws IOException {
        image.file("bin/busybox", busybox, 0755);
        for (String applet : applets(busybox)) {
            if (!applet.equals("busybox")) {
                image.symlink("bin/" + applet, "busybox");
            }
        }
        return image.directory("tmp", 01777).directory("etc", 0755).directory("proc", 0755)
                .directory("sys", 0755).directory("dev", 0755).directory("var", 0755);
    }

    public OciArchive file(String path, byte[] content, int mode) {
        parents(path);
        entries.put(clean(path), new File(content.clone(), mode));
        return this;
    }

    public OciArchive file(String path, Path source, int mode) throws IOException {
        return file(path, Files.readAllBytes(source), mode);
    }

    public OciArchive directory(String path, int mode) {
        parents(path);
        entries.put(clean(path), new Dir(mode));
        return this;
    }

    public OciArchive symlink(String path, String target) {
        parents(path);
        entries.put(clean(path), new Link(target));
        return this;
    }

    public OciArchive entrypoint(List<String> entrypoint) {
        this.entrypoint = List.copyOf(entrypoint);
        return this;
    }

    public OciArchive cmd(List<String> cmd) {
        this.cmd = List.copyOf(cmd);
        return this;
    }

    public OciArchive env(List<String> env) {
        this.env = List.copyOf(env);
        return this;
    }

    public OciArchive workingDir(String workingDir) {
        this.workingDir = workingDir;
        return this;
    }

    /** Writes the archive to {@code out} (through a temporary file, so readers never see half). */
    public void writeTo(Path out) throws IOException {
        byte[] layer = layer();
        Map<String, Object> imageConfig = new LinkedHashMap<>();
        if (!entrypoint.isEmpty()) {
            imageConfig.put("Entrypoint", entrypoint);
        }
        if (!cmd.isEmpty()) {
            imageConfig.put("Cmd", cmd);
        }
        imageConfig.put("Env", env);
        if (!workingDir.isEmpty()) {
            imageConfig.put("WorkingDir", workingDir);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", imageConfig);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(digest(layer))));
        byte[] configJson = JSON.writeValueAsBytes(config);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_TYPE);
        manifest.put("config", descriptor(CONFIG_TYPE, configJson));
        manifest.put("layers", List.of(descriptor(LAYER_TYPE, layer)));
        byte[] manifestJson = JSON.writeValueAsBytes(manifest);
        Map<String, Object> manifestDescriptor = descriptor(MANIFEST_TYPE, manifestJson);
        manifestDescriptor.put("annotations", Map.of("org.opencontainers.image.ref.name", ref,
                "io.containerd.image.name", ref));
        byte[] index = JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                "manifests", List.of(manifestDescriptor)));

        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); TarWriter tar = new TarWriter(file)) {
            tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644);
            tar.file("index.json", index, 0644);
            tar.directory("blobs", 0755);
            tar.directory("blobs/sha256", 0755);
            for (byte[] blob : List.of(layer, configJson, manifestJson)) {
                tar.file("blobs/sha256/" + digest(blob).substring("sha256:".length()), blob, 0644);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private byte[] layer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                switch (e.getValue()) {
                    case File f -> tar.file(e.getKey(), f.content(), f.mode());
                    case Dir d -> tar.directory(e.getKey(), d.mode());
                    case Link l -> tar.symlink(e.getKey(), l.target());
                }
            }
        }
        return bytes.toByteArray();
    }

    private void parents(String path) {
        String p = clean(path);
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
            entries.putIfAbsent(p.substring(0, i), new Dir(0755));
        }
    }

    private static String clean(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty path in image");
        }
        return p;
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest(blob));
        d.put("size", blob.length);
        return d;
    }

    static String digest(byte[] blob) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> applets(Path busybox) throws IOException {
        Process process = new ProcessBuilder(busybox.toString(), "--list")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(busybox + " --list failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing busybox applets", e);
        }
        List<String> applets = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank() && !line.contains("/")) {
                applets.add(line.strip());
            }
        }
        return applets;
    }
}
