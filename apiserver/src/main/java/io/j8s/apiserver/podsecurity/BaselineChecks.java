package io.j8s.apiserver.podsecurity;

import static io.j8s.apiserver.podsecurity.Checks.containers;
import static io.j8s.apiserver.podsecurity.Checks.isTrue;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Upstream's baseline checks, by id; their reasons and details are upstream's words. */
final class BaselineChecks {
    static final String APPARMOR = "container.apparmor.security.beta.kubernetes.io/";
    static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN",
            "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
            "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private BaselineChecks() {}

    static List<Check> all() {
        return List.of(
                new Check("appArmorProfile", Level.BASELINE, 0, null, BaselineChecks::appArmor),
                new Check("capabilities_baseline", Level.BASELINE, 0, null,
                        BaselineChecks::capabilities),
                new Check("hostNamespaces", Level.BASELINE, 0, null,
                        BaselineChecks::hostNamespaces),
                new Check("hostPathVolumes", Level.BASELINE, 0, null, BaselineChecks::hostPath),
                new Check("hostPorts", Level.BASELINE, 0, null, BaselineChecks::hostPorts),
                new Check("privileged", Level.BASELINE, 0, null, BaselineChecks::privileged),
                new Check("procMount", Level.BASELINE, 0, null, BaselineChecks::procMount),
                new Check("seLinuxOptions", Level.BASELINE, 0, null, BaselineChecks::seLinux),
                new Check("seccompProfile_baseline", Level.BASELINE, 0, null,
                        BaselineChecks::seccomp),
                new Check("sysctls", Level.BASELINE, 0, null, BaselineChecks::sysctls),
                new Check("windowsHostProcess", Level.BASELINE, 0, null,
                        BaselineChecks::hostProcess));
    }

    private static Optional<Violation> appArmor(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        boolean podBad = pod.podContext().path("appArmorProfile").path("type").asText("")
                .equals("Unconfined");
        List<String> badContainers = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (Pod.context(c).path("appArmorProfile").path("type").asText("")
                    .equals("Unconfined")) {
                badContainers.add(Pod.name(c));
            }
        }
        if (podBad || !badContainers.isEmpty()) {
            bad.add(setters(podBad, badContainers)
                    + " must not set AppArmor profile type to \"Unconfined\"");
        }
        List<String> annotations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = pod.metadata().path("annotations").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String v = e.getValue().asText("");
            if (e.getKey().startsWith(APPARMOR) && !v.isEmpty() && !v.equals("runtime/default")
                    && !v.startsWith("localhost/")) {
                annotations.add(e.getKey() + "=\"" + v + "\"");
            }
        }
        annotations.sort(null);
        bad.addAll(annotations);
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(pluralize("forbidden AppArmor profile",
                "forbidden AppArmor profiles", podBad && !badContainers.isEmpty() ? 2
                        : bad.size()), String.join(", ", bad)));
    }

    private static Optional<Violation> capabilities(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        Set<String> caps = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            boolean found = false;
            for (JsonNode cap : Pod.context(c).path("capabilities").path("add")) {
                if (!DEFAULT_CAPABILITIES.contains(cap.asText())) {
                    caps.add(cap.asText());
                    found = true;
                }
            }
            if (found) {
                bad.add(Pod.name(c));
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "non-default capabilities", containers(bad) + " must not include "
                        + joinQuote(caps) + " in securityContext.capabilities.add"));
    }

    private static Optional<Violation> hostNamespaces(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (isTrue(pod.spec(), field)) {
                bad.add(field + "=true");
            }
        }
        return bad.isEmpty() ? Optional.empty()
                : Optional.of(new Violation("host namespaces", String.join(", ", bad)));
    }

    private static Optional<Violation> hostPath(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        for (JsonNode v : pod.spec().path("volumes")) {
            if (v.has("hostPath")) {
                bad.add(v.path("name").asText());
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation("hostPath volumes",
                pluralize("volume", "volumes", bad.size()) + " " + joinQuote(bad)));
    }

    private static Optional<Violation> hostPorts(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            boolean found = false;
            for (JsonNode p : c.path("ports")) {
                int port = p.path("hostPort").asInt(0);
                if (port != 0) {
                    found = true;
                    if (!ports.contains(String.valueOf(port))) {
                        ports.add(String.valueOf(port));
                    }
                }
            }
            if (found) {
                bad.add(Pod.name(c));
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation("hostPort",
                containers(bad) + " " + pluralize("uses", "use", bad.size()) + " "
                        + pluralize("hostPort", "hostPorts", ports.size()) + " "
                        + String.join(", ", ports)));
    }

    private static Optional<Violation> privileged(Pod pod, int minor) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (isTrue(Pod.context(c), "privileged")) {
                bad.add(Pod.name(c));
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation("privileged",
                containers(bad) + " must not set securityContext.privileged=true"));
    }

    private static Optional<Violation> procMount(Pod pod, int minor) {
        if (pod.userNamespace()) {
            return Optional.empty();
        }
        List<String> bad = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            JsonNode pm = Pod.context(c).path("procMount");
            if (pm.isTextual() && !pm.asText().equals("Default")) {
                bad.add(Pod.name(c));
                types.add(pm.asText());
            }
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of(new Violation("procMount",
                containers(bad) + " must not set securityContext.procMount to "
                        + joinQuote(types)));
    }

    private static Optional<Violation> seLinux(Pod pod, int minor) {
        Set<String> allowed = new TreeSet<>(List.of("", "container_t", "container_init_t",
                "container_kvm_t"));
        if (minor >= 31) {
            allowed.add("container_engine_t");
        }
        Set<String> badTypes = new TreeSet<>();
        boolean[] userRole = new boolean[2];
        java.util.function.Predicate<JsonNode> bad = opts -> {
            boolean b = false;
            String type = opts.path("type").asText("");
            if (!allowed.contains(type)) {
                badTypes.add(type);
                b = true;
            }
            if (!opts.path("user").asText("").isEmpty()) {
                userRole[0] = true;
                b = true;
            }
            if (!opts.path("role").asText("").isEmpty()) {
                userRole[1] = true;
                b = true;
            }
            return b;
        };
        boolean podBad = bad.test(pod.podContext().path("seLinuxOptions"));
        List<String> badContainers = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (bad.test(Pod.context(c).path("seLinuxOptions"))) {
                badContainers.add(Pod.name(c));
            }
        }
        if (!podBad && badContainers.isEmpty()) {
            return Optional.empty();
        }
        List<String> data = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            data.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
        }
        if (userRole[0]) {
            data.add("user may not be set");
        }
        if (userRole[1]) {
            data.add("role may not be set");
        }
        return Optional.of(new Violation("seLinuxOptions", setters(podBad, badContainers)
                + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", data)));
    }

    private static Optional<Violation> seccomp(Pod pod, int minor) {
        boolean podBad = pod.podContext().path("seccompProfile").path("type").asText("")
                .equals("Unconfined");
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (Pod.context(c).path("seccompProfile").path("type").asText("")
                    .equals("Unconfined")) {
                bad.add(Pod.name(c));
            }
        }
        return !podBad && bad.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "seccompProfile", setters(podBad, bad)
                        + " must not set securityContext.seccompProfile.type to \"Unconfined\""));
    }

    private static Optional<Violation> sysctls(Pod pod, int minor) {
        Set<String> allowed = new TreeSet<>(List.of("kernel.shm_rmid_forced",
                "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"));
        if (minor >= 27) {
            allowed.add("net.ipv4.ip_local_reserved_ports");
        }
        if (minor >= 29) {
            allowed.addAll(List.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"));
        }
        if (minor >= 32) {
            allowed.addAll(List.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"));
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode s : pod.podContext().path("sysctls")) {
            if (!allowed.contains(s.path("name").asText(""))) {
                bad.add(s.path("name").asText(""));
            }
        }
        return bad.isEmpty() ? Optional.empty()
                : Optional.of(new Violation("forbidden sysctls", String.join(", ", bad)));
    }

    private static Optional<Violation> hostProcess(Pod pod, int minor) {
        boolean podBad = isTrue(pod.podContext().path("windowsOptions"), "hostProcess");
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (isTrue(Pod.context(c).path("windowsOptions"), "hostProcess")) {
                bad.add(Pod.name(c));
            }
        }
        return !podBad && bad.isEmpty() ? Optional.empty() : Optional.of(new Violation(
                "hostProcess", setters(podBad, bad)
                        + " must not set securityContext.windowsOptions.hostProcess=true"));
    }
}
