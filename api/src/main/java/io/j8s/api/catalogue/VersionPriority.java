package io.j8s.api.catalogue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's kube-aware version order: {@code v2} before {@code v1} before {@code v1beta2} before
 * {@code v1beta1} before {@code v1alpha1}, and anything else after them, alphabetically.
 */
public final class VersionPriority {
    private static final Pattern KUBE = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    private VersionPriority() {}

    /** Negative when {@code a} comes first. */
    public static int compare(String a, String b) {
        Matcher ma = KUBE.matcher(a);
        Matcher mb = KUBE.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka ? -1 : kb ? 1 : a.compareTo(b);
        }
        int stage = Integer.compare(stage(mb.group(2)), stage(ma.group(2)));
        if (stage != 0) {
            return stage;
        }
        int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
    }

    private static int stage(String s) {
        return s == null ? 2 : s.equals("beta") ? 1 : 0;
    }
}
