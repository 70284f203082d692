package io.j8s.kubelet.runtime.sim;

/**
 * Image references in their full form, as containerd names them: {@code busybox} is
 * {@code docker.io/library/busybox:latest}.
 */
final class ImageNames {
    private ImageNames() {}

    static String normalize(String name) {
        String ref = name.trim();
        if (ref.startsWith("sha256:")) {
            return ref;
        }
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":")
                || first.equals("localhost"));
        if (!hasRegistry) {
            ref = "docker.io/" + (slash < 0 ? "library/" : "") + ref;
        }
        int lastSlash = ref.lastIndexOf('/');
        if (!ref.contains("@") && ref.indexOf(':', lastSlash) < 0) {
            ref = ref + ":latest";
        }
        return ref;
    }
}
