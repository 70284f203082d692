package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Upstream's v1 pod defaults (pkg/apis/core/v1/defaults.go), for a pod's spec and for the pod
 * template of every controller: policies, container pull policy and termination message, port
 * protocols, probe timings, volume modes, and requests copied from limits.
 */
public final class PodDefaults {
    private PodDefaults() {}

    /** Defaults a whole pod: its spec plus {@code enableServiceLinks}. */
    public static void applyToPod(ObjectNode pod) {
        applyToSpec(pod.with("spec"));
    }

    /** Defaults a pod template: {@code template.spec}. */
    public static void applyToTemplate(ObjectNode template) {
        applyToSpec(template.with("spec"));
    }

    public static void applyToSpec(ObjectNode spec) {
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("securityContext") || spec.get("securityContext").isNull()) {
            spec.putObject("securityContext");
        }
        if (!spec.has("enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        if (spec.has("serviceAccountName") && !spec.has("serviceAccount")) {
            spec.set("serviceAccount", spec.get("serviceAccountName"));
        }
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container(container, hostNetwork);
                }
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v instanceof ObjectNode volume) {
                volume(volume);
            }
        }
    }

    private static void container(ObjectNode c, boolean hostNetwork) {
        if (!c.has("imagePullPolicy")) {
            c.put("imagePullPolicy", pullPolicy(c.path("image").asText("")));
        }
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
                if (hostNetwork && !port.has("hostPort") && port.has("containerPort")) {
                    port.set("hostPort", port.get("containerPort"));
                }
            }
        }
        ObjectNode resources = c.with("resources");
        JsonNode limits = resources.get("limits");
        if (limits != null && limits.isObject() && !limits.isEmpty()) {
            ObjectNode requests = resources.with("requests");
            limits.fields().forEachRemaining(e -> {
                if (!requests.has(e.getKey())) {
                    requests.set(e.getKey(), e.getValue());
                }
            });
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.get(probe) instanceof ObjectNode p) {
                probe(p);
            }
        }
        for (JsonNode e : c.path("env")) {
            JsonNode ref = e.path("valueFrom").path("fieldRef");
            if (ref instanceof ObjectNode fieldRef) {
                putIfAbsent(fieldRef, "apiVersion", "v1");
            }
        }
    }

    private static void probe(ObjectNode p) {
        putIfAbsent(p, "timeoutSeconds", 1);
        putIfAbsent(p, "periodSeconds", 10);
        putIfAbsent(p, "successThreshold", 1);
        putIfAbsent(p, "failureThreshold", 3);
        if (p.get("httpGet") instanceof ObjectNode http) {
            putIfAbsent(http, "path", "/");
            putIfAbsent(http, "scheme", "HTTP");
        }
    }

    private static void volume(ObjectNode v) {
        for (String source : List.of("configMap", "secret", "downwardAPI", "projected")) {
            if (v.get(source) instanceof ObjectNode s) {
                putIfAbsent(s, "defaultMode", 420);
            }
        }
        if (v.get("hostPath") instanceof ObjectNode h) {
            putIfAbsent(h, "type", "");
        }
        if (v.get("emptyDir") == null && !hasSource(v)) {
            v.putObject("emptyDir");
        }
    }

    /** A volume naming no source at all is an emptyDir, as upstream's SetDefaults_Volume says. */
    private static boolean hasSource(ObjectNode v) {
        var names = v.fieldNames();
        while (names.hasNext()) {
            if (!names.next().equals("name")) {
                return true;
            }
        }
        return false;
    }

    /** Always for {@code :latest} or an image without tag or digest; IfNotPresent otherwise. */
    public static String pullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.lastIndexOf(':');
        if (colon < 0 || last.substring(colon + 1).equals("latest")) {
            return "Always";
        }
        return "IfNotPresent";
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.has(field) || o.get(field).isNull()) {
            o.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, int value) {
        if (!o.has(field) || o.get(field).isNull()) {
            o.put(field, value);
        }
    }
}
