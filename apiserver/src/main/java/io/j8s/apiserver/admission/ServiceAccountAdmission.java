package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream's ServiceAccount plugin, the part that needs no tokens: a new pod without a service
 * account runs as {@code default}. Mirror pods are left alone, as upstream leaves them.
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {
    static final String MIRROR = "kubernetes.io/config.mirror";

    @Override
    public String name() {
        return "ServiceAccount";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!request.isCreate("", "pods")) {
            return;
        }
        ObjectNode pod = request.object();
        if (pod.path("metadata").path("annotations").has(MIRROR)) {
            return;
        }
        ObjectNode spec = pod.with("spec");
        if (spec.path("serviceAccountName").asText("").isEmpty()) {
            spec.put("serviceAccountName", "default");
        }
        spec.put("serviceAccount", spec.get("serviceAccountName").asText());
    }
}
