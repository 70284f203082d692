package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.Image;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.kubelet.runtime.RuntimeCallException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sim runtime's images: every name is present (its id a hash of the full reference), except a
 * name containing {@value SimRuntime#MISSING_IMAGE}, which no pull finds. What was looked at or
 * pulled is listed, for the Node's {@code status.images}.
 */
final class SimImages {
    private final Map<String, Image> known = new ConcurrentHashMap<>();

    Optional<Image> find(String name) {
        String ref = ImageNames.normalize(name);
        if (isMissing(ref)) {
            return Optional.empty();
        }
        return Optional.of(known.computeIfAbsent(ref, SimImages::imageOf));
    }

    Image pull(String name) {
        String ref = ImageNames.normalize(name);
        if (isMissing(ref)) {
            throw new RuntimeCallException(Kind.FAILED, "rpc error: code = NotFound desc = failed"
                    + " to pull and unpack image \"" + ref + "\": failed to resolve reference \""
                    + ref + "\": " + ref + ": not found");
        }
        return known.computeIfAbsent(ref, SimImages::imageOf);
    }

    List<Image> all() {
        return List.copyOf(known.values());
    }

    private static Image imageOf(String ref) {
        String id = "sha256:" + sha256(ref);
        String repo = ref.contains("@") ? ref.substring(0, ref.indexOf('@'))
                : ref.substring(0, ref.lastIndexOf(':'));
        return new Image(id, ref.contains("@") ? List.of() : List.of(ref),
                List.of(repo + "@" + id), 1024 * 1024 + (ref.hashCode() & 0xfffff));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether no pull finds {@code ref}: it names the missing marker, or a repository {@code missing}. */
    static boolean isMissing(String ref) {
        return ref.contains(SimRuntime.MISSING_IMAGE) || ref.matches(".*/missing([:@].*)?");
    }
}
