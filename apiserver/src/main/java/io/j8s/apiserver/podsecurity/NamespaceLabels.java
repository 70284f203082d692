package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.admission.AdmissionRequest.Operation;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace write that changes its enforce policy: the pods already in it are evaluated
 * against the new policy, and those that break it are named in warnings, one line per set of
 * reasons ({@code pod-a (and 2 other pods): host namespaces, privileged}), as upstream does,
 * dry run or not. Nothing is refused: the pods keep running.
 */
final class NamespaceLabels {
    private final ClusterObjects objects;
    private final PodSecurityConfiguration config;

    NamespaceLabels(ClusterObjects objects, PodSecurityConfiguration config) {
        this.objects = objects;
        this.config = config;
    }

    void check(AdmissionRequest request, AdmissionContext context) {
        if (!context.subresource().isEmpty() || request.object() == null) {
            return;
        }
        String name = request.name();
        NamespacePolicy now = NamespacePolicy.of(labels(request.object()), config);
        // labels that name no level or version are refused when they are written, as upstream
        if (!now.errors().isEmpty() && (request.operation() == Operation.CREATE
                || !java.util.Objects.equals(labels(request.object()), labels(request.old())))) {
            throw StatusException.invalid("Namespace", new StatusException.Resource("",
                    "namespaces"), name, now.errors());
        }
        if (request.operation() != Operation.UPDATE) {
            return; // a new namespace has no pods yet
        }
        NamespacePolicy before = NamespacePolicy.of(labels(request.old()), config);
        if (now.enforce().equals(before.enforce())
                || now.enforce().level() == Policy.Level.PRIVILEGED) {
            return;
        }
        if (config.exemptNamespaces().contains(name)) {
            context.warn("namespace \"" + name + "\" is exempt from Pod Security, and the"
                    + " policy (" + now.enforce() + ") will be ignored");
            return;
        }
        Map<String, List<String>> byReasons = new LinkedHashMap<>();
        for (ObjectNode pod : objects.list("", "pods", name)) {
            Pod p = Pod.of(pod);
            if (config.exemptRuntimeClasses().contains(p.spec().path("runtimeClassName")
                    .asText(""))) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            Checks.evaluate(now.enforce(), p).forEach(v -> reasons.add(v.reason()));
            if (!reasons.isEmpty()) {
                byReasons.computeIfAbsent(String.join(", ", reasons), k -> new ArrayList<>())
                        .add(pod.path("metadata").path("name").asText());
            }
        }
        if (byReasons.isEmpty()) {
            return;
        }
        context.warn("existing pods in namespace \"" + name + "\" violate the new PodSecurity"
                + " enforce level \"" + now.enforce() + "\"");
        byReasons.forEach((reasons, pods) -> context.warn(pods.get(0)
                + (pods.size() == 1 ? "" : " (and " + (pods.size() - 1) + " other pod"
                        + (pods.size() == 2 ? "" : "s") + ")") + ": " + reasons));
    }

    private static JsonNode labels(ObjectNode namespace) {
        return namespace == null ? null : namespace.path("metadata").path("labels");
    }
}
