package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.configfile.ConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's PodSecurityConfiguration (pod-security.admission.config.k8s.io/v1): the policies of
 * a namespace without labels, and who is exempt (usernames, runtime classes, namespaces). Read
 * from the PodSecurity entry of an {@code --admission-control-config-file}, inline or by path.
 */
public record PodSecurityConfiguration(Policy enforce, Policy audit, Policy warn,
        Set<String> exemptUsers, Set<String> exemptRuntimeClasses,
        Set<String> exemptNamespaces) {
    static final String API_VERSION = "pod-security.admission.config.k8s.io/v1";

    /** Upstream's default: privileged:latest in every mode, nobody exempt. */
    public static final PodSecurityConfiguration DEFAULT = new PodSecurityConfiguration(
            Policy.PRIVILEGED, Policy.PRIVILEGED, Policy.PRIVILEGED, Set.of(), Set.of(), Set.of());

    /**
     * This configuration with {@code level} (privileged, baseline or restricted) at latest as the
     * default of every mode: j8s's {@code --pod-security-default}.
     *
     * @throws IllegalArgumentException for another level
     */
    public PodSecurityConfiguration withDefaultLevel(String level) {
        Policy p = new Policy(Policy.Level.parse(level).orElseThrow(() ->
                new IllegalArgumentException("--pod-security-default must be privileged,"
                        + " baseline or restricted, not \"" + level + "\"")), Policy.LATEST);
        return new PodSecurityConfiguration(p, p, p, exemptUsers, exemptRuntimeClasses,
                exemptNamespaces);
    }

    /**
     * The PodSecurity configuration of an AdmissionConfiguration file; {@link #DEFAULT} when it
     * has none. A file the server cannot use is refused naming its line.
     */
    public static PodSecurityConfiguration fromAdmissionConfiguration(Path path) {
        ConfigFile file = ConfigFile.read(path);
        file.expectKind("apiserver.config.k8s.io/v1", "AdmissionConfiguration");
        for (JsonNode plugin : file.root().path("plugins")) {
            if (!plugin.path("name").asText("").equals("PodSecurity")) {
                continue;
            }
            if (plugin.has("configuration")) {
                return of(file, plugin.path("configuration"));
            }
            if (plugin.has("path")) {
                Path p = path.resolveSibling(plugin.path("path").asText());
                ConfigFile inner = ConfigFile.read(p);
                return of(inner, inner.root());
            }
            throw file.fail("PodSecurity", "plugin PodSecurity needs a configuration or a path");
        }
        return DEFAULT;
    }

    private static PodSecurityConfiguration of(ConfigFile file, JsonNode config) {
        if (!config.path("kind").asText("").equals("PodSecurityConfiguration")
                || !config.path("apiVersion").asText("").equals(API_VERSION)) {
            throw file.fail("PodSecurityConfiguration", "the PodSecurity configuration must be a"
                    + " PodSecurityConfiguration of " + API_VERSION);
        }
        JsonNode d = config.path("defaults");
        return new PodSecurityConfiguration(policy(file, d, "enforce"), policy(file, d, "audit"),
                policy(file, d, "warn"), names(config, "usernames"),
                names(config, "runtimeClasses"), names(config, "namespaces"));
    }

    private static Policy policy(ConfigFile file, JsonNode defaults, String mode) {
        String level = defaults.path(mode).asText("privileged");
        String version = defaults.path(mode + "-version").asText("latest");
        Policy.Level l = Policy.Level.parse(level).orElseThrow(() -> file.fail(mode + ":",
                "defaults." + mode + ": \"" + level + "\" must be one of privileged, baseline,"
                        + " restricted"));
        int minor = Policy.parseVersion(version).orElseThrow(() -> file.fail(mode
                + "-version", "defaults." + mode + "-version: \"" + version + "\" must be"
                        + " latest or v1.N"));
        return new Policy(l, minor);
    }

    private static Set<String> names(JsonNode config, String field) {
        Set<String> out = new TreeSet<>();
        config.path("exemptions").path(field).forEach(n -> out.add(n.asText()));
        return Set.copyOf(new ArrayList<>(out));
    }

    List<Policy> all() {
        return List.of(enforce, audit, warn);
    }
}
