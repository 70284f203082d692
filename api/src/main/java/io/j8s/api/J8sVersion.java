package io.j8s.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this j8s build, as Maven stamped it into the jar. */
public final class J8sVersion {
    private static final String VERSION = load();

    private J8sVersion() {}

    /** The j8s release, for example {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** The Kubernetes API version j8s speaks, as {@code /version} reports it. */
    public static String kubernetesVersion() {
        return "v1.33.0";
    }

    private static String load() {
        try (InputStream in = J8sVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
