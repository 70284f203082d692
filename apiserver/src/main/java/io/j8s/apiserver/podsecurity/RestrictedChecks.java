package io.j8s.apiserver.podsecurity;

import static io.j8s.apiserver.podsecurity.Checks.containers;
import static io.j8s.apiserver.podsecurity.Checks.joinQuote;
import static io.j8s.apiserver.podsecurity.Checks.pluralize;
import static io.j8s.apiserver.podsecurity.Checks.setters;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.podsecurity.Checks.Check;
import io.j8s.apiserver.podsecurity.Checks.Violation;
import io.j8s.apiserver.podsecurity.Policy.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's restricted checks, by id. Windows pods are spared the Linux-only ones from 1.25,
 * and pods in their own user namespace the root ones, as upstream spares them.
 */
final class RestrictedChecks {
    static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI",
            "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedChecks() {}

    static List<Check> all() {
        return List.of(
                new Check("allowPrivilegeEscalation", Level.RESTRICTED, 8, null,
                        RestrictedChecks::privilegeEscalation),
                new Check("capabilities_restricted", Level.RESTRICTED, 22,
                        "capabilities_baseline", RestrictedChecks::capabilities),
                new Check("restrictedVolumes", Level.RESTRICTED, 0, "hostPathVolumes",
                        RestrictedChecks::volumes),
                new Check("runAsNonRoot", Level.RESTRICTED, 0, null, RestrictedChecks::nonRoot),
                new Check("runAsUser", Level.RESTRICTED, 23, null, RestrictedChecks::runAsUser),
                new Check("seccompProfile_restricted", Level.RESTRICTED, 19,
                        "seccompProfile_baseline", RestrictedChecks::seccomp));
    }

    private static boolean sparedAsWindows(Pod pod, int minor) {
        return minor >= 25 && pod.windows();
    }

    private static Optional<Violation> privilegeEscalation(Pod pod, int minor) {
        if (sparedAsWindows(pod, minor)) {
            return Optional.empty();
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode ape = Pod.context(c).path("allowPrivilegeEscalation");
            if (!ape.isBoolean() || ape.asBoolean()) {
                bad.add(Pod.name(c));
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "allowPrivilegeEscalation != false", containers(bad)
                        + " must set securityContext.allowPrivilegeEscalation=false"));
    }

    private static Optional<Violation> capabilities(Pod pod, int minor) {
        if (sparedAsWindows(pod, minor)) {
            return Optional.empty();
        }
        List<String> missingDrop = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        Set<String> forbidden = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            JsonNode caps = Pod.context(c).path("capabilities");
            boolean droppedAll = false;
            for (JsonNode d : caps.path("drop")) {
                droppedAll |= d.asText().equals("ALL");
            }
            if (!droppedAll) {
                missingDrop.add(Pod.name(c));
            }
            boolean added = false;
            for (JsonNode a : caps.path("add")) {
                if (!a.asText().equals("NET_BIND_SERVICE")) {
                    forbidden.add(a.asText());
                    added = true;
                }
            }
            if (added) {
                adding.add(Pod.name(c));
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDrop.isEmpty()) {
            details.add(containers(missingDrop)
                    + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(containers(adding) + " must not include " + joinQuote(forbidden)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "unrestricted capabilities", String.join("; ", details)));
    }

    private static Optional<Violation> volumes(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        for (JsonNode v : pod.spec().path("volumes")) {
            Iterator<String> fields = v.fieldNames();
            String type = null;
            while (fields.hasNext()) {
                String f = fields.next();
                if (!f.equals("name")) {
                    type = f;
                }
            }
            if (type != null && !ALLOWED_VOLUMES.contains(type)) {
                bad.add(v.path("name").asText());
                types.add(type);
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "restricted volume types", pluralize("volume", "volumes", bad.size()) + " "
                        + joinQuote(bad) + " " + pluralize("uses", "use", bad.size()) + " "
                        + pluralize("restricted volume type", "restricted volume types",
                                types.size()) + " " + joinQuote(types)));
    }

    private static Optional<Violation> nonRoot(Pod pod, int minor) {
        if (pod.userNamespace()) {
            return Optional.empty();
        }
        JsonNode podValue = pod.podContext().path("runAsNonRoot");
        boolean podBad = podValue.isBoolean() && !podValue.asBoolean();
        boolean podGood = podValue.isBoolean() && podValue.asBoolean();
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode v = Pod.context(c).path("runAsNonRoot");
            if (v.isBoolean()) {
                if (!v.asBoolean()) {
                    explicit.add(Pod.name(c));
                }
            } else if (!podGood) {
                implicit.add(Pod.name(c));
            }
        }
        if (podBad || !explicit.isEmpty()) {
            return Optional.of(new Violation("runAsNonRoot != true", setters(podBad, explicit)
                    + " must not set securityContext.runAsNonRoot=false"));
        }
        if (!implicit.isEmpty()) {
            return Optional.of(new Violation("runAsNonRoot != true", "pod or "
                    + containers(implicit) + " must set securityContext.runAsNonRoot=true"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> runAsUser(Pod pod, int minor) {
        if (pod.userNamespace()) {
            return Optional.empty();
        }
        boolean podBad = isZero(pod.podContext().path("runAsUser"));
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (isZero(Pod.context(c).path("runAsUser"))) {
                bad.add(Pod.name(c));
            }
        }
        return !podBad && bad.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "runAsUser=0", setters(podBad, bad) + " must not set runAsUser=0"));
    }

    private static boolean isZero(JsonNode n) {
        return n.isNumber() && n.asLong() == 0;
    }

    private static Optional<Violation> seccomp(Pod pod, int minor) {
        if (sparedAsWindows(pod, minor)) {
            return Optional.empty();
        }
        Set<String> badValues = new TreeSet<>();
        JsonNode podProfile = pod.podContext().path("seccompProfile");
        boolean podBad = false;
        boolean podSet = false;
        if (podProfile.isObject()) {
            String t = podProfile.path("type").asText("");
            if (valid(t)) {
                podSet = true;
            } else {
                podBad = true;
                badValues.add(t);
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode p = Pod.context(c).path("seccompProfile");
            if (p.isObject()) {
                if (!valid(p.path("type").asText(""))) {
                    explicit.add(Pod.name(c));
                    badValues.add(p.path("type").asText(""));
                }
            } else if (!podSet) {
                implicit.add(Pod.name(c));
            }
        }
        if (podBad || !explicit.isEmpty()) {
            return Optional.of(new Violation("seccompProfile", setters(podBad, explicit)
                    + " must not set securityContext.seccompProfile.type to "
                    + joinQuote(badValues)));
        }
        if (!implicit.isEmpty()) {
            return Optional.of(new Violation("seccompProfile", "pod or " + containers(implicit)
                    + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
                    + " \"Localhost\""));
        }
        return Optional.empty();
    }

    private static boolean valid(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }
}
