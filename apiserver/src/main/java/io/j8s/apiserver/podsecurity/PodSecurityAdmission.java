package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.admission.AdmissionPlugin;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.AdmissionRequest.Operation;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream's PodSecurity plugin. A pod created (or updated in a way that matters) in a namespace
 * is refused when it breaks the namespace's enforce policy, gets a warning when it breaks the
 * warn policy and an audit annotation when it breaks the audit policy. Pod templates of workload
 * resources are only warned about and audited, as upstream. A namespace whose enforce label
 * changes gets warnings naming its pods that break the new policy.
 */
public final class PodSecurityAdmission implements AdmissionPlugin {
    static final String PREFIX = "pod-security.kubernetes.io/";
    /** Workload resources and where their pod template is. */
    static final Map<String, List<String>> TEMPLATES = Map.of(
            "/podtemplates", List.of("template"),
            "/replicationcontrollers", List.of("spec", "template"),
            "apps/deployments", List.of("spec", "template"),
            "apps/replicasets", List.of("spec", "template"),
            "apps/statefulsets", List.of("spec", "template"),
            "apps/daemonsets", List.of("spec", "template"),
            "batch/jobs", List.of("spec", "template"),
            "batch/cronjobs", List.of("spec", "jobTemplate", "spec", "template"));

    private final ClusterObjects objects;
    private final PodSecurityConfiguration config;

    public PodSecurityAdmission(ClusterObjects objects, PodSecurityConfiguration config) {
        this.objects = objects;
        this.config = config;
    }

    @Override
    public String name() {
        return "PodSecurity";
    }

    @Override
    public void validate(AdmissionRequest request) {
        AdmissionContext context = AdmissionContext.current();
        String resource = request.group() + "/" + request.plural();
        if (resource.equals("/namespaces")) {
            new NamespaceLabels(objects, config).check(request, context);
        } else if (resource.equals("/pods")) {
            pod(request, context);
        } else if (TEMPLATES.containsKey(resource)) {
            template(request, context, TEMPLATES.get(resource));
        }
    }

    private void pod(AdmissionRequest request, AdmissionContext context) {
        String sub = context.subresource();
        if (!sub.isEmpty() && !sub.equals("ephemeralcontainers")) {
            return;
        }
        if (request.operation() == Operation.UPDATE && !significant(request.object(),
                request.old())) {
            return;
        }
        Pod pod = Pod.of(request.object());
        Optional<NamespacePolicy> ns = exemptOrPolicy(request, context, pod);
        if (ns.isEmpty()) {
            return;
        }
        NamespacePolicy p = ns.get();
        context.annotate(PREFIX + "enforce-policy", p.enforce().toString());
        List<Checks.Violation> enforced = Checks.evaluate(p.enforce(), pod);
        audit(context, p, pod);
        if (!p.warn().equals(p.enforce()) || enforced.isEmpty()) {
            warn(context, p, pod);
        }
        if (!enforced.isEmpty()) {
            throw request.forbidden("violates PodSecurity \"" + p.enforce() + "\": "
                    + Checks.describe(enforced));
        }
    }

    private void template(AdmissionRequest request, AdmissionContext context, List<String> at) {
        if (context.subresource().length() > 0) {
            return;
        }
        JsonNode template = at(request.object(), at);
        if (!template.isObject() || request.operation() == Operation.UPDATE
                && Objects.equals(template, at(request.old(), at))) {
            return;
        }
        Pod pod = Pod.of(template);
        Optional<NamespacePolicy> ns = exemptOrPolicy(request, context, pod);
        if (ns.isPresent()) {
            audit(context, ns.get(), pod);
            warn(context, ns.get(), pod);
        }
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode n = node;
        for (String p : path) {
            n = n == null ? null : n.path(p);
        }
        return n;
    }

    private void audit(AdmissionContext context, NamespacePolicy p, Pod pod) {
        List<Checks.Violation> v = Checks.evaluate(p.audit(), pod);
        if (!v.isEmpty()) {
            context.annotate(PREFIX + "audit-violations", "would violate PodSecurity \""
                    + p.audit() + "\": " + Checks.describe(v));
        }
    }

    private void warn(AdmissionContext context, NamespacePolicy p, Pod pod) {
        List<Checks.Violation> v = Checks.evaluate(p.warn(), pod);
        if (!v.isEmpty()) {
            context.warn("would violate PodSecurity \"" + p.warn() + "\": "
                    + Checks.describe(v));
        }
    }

    /** The namespace's policies, or empty (and the exemption annotated) when exempt. */
    private Optional<NamespacePolicy> exemptOrPolicy(AdmissionRequest request,
            AdmissionContext context, Pod pod) {
        String exempt = null;
        if (config.exemptNamespaces().contains(request.namespace())) {
            exempt = "namespace";
        } else if (config.exemptUsers().contains(context.user())) {
            exempt = "user";
        } else if (config.exemptRuntimeClasses().contains(pod.spec().path("runtimeClassName")
                .asText(""))) {
            exempt = "runtimeClass";
        }
        if (exempt != null) {
            context.annotate(PREFIX + "exempt", exempt);
            return Optional.empty();
        }
        Optional<ObjectNode> ns = objects.get("", "namespaces", null, request.namespace());
        NamespacePolicy policy = NamespacePolicy.of(ns.map(n -> n.path("metadata")
                .path("labels")).orElse(null), config);
        policy.errors().forEach(e -> context.annotate(PREFIX + "error", e.getField() + ": "
                + e.getMessage()));
        return Optional.of(policy);
    }

    /**
     * Upstream evaluates a pod update only when it changes what the checks read: the spec less
     * the containers' images, or the AppArmor annotations.
     */
    static boolean significant(ObjectNode pod, ObjectNode old) {
        if (old == null) {
            return true;
        }
        return !Objects.equals(withoutImages(pod.path("spec")), withoutImages(old.path("spec")))
                || !Objects.equals(appArmor(pod), appArmor(old));
    }

    private static JsonNode withoutImages(JsonNode spec) {
        JsonNode copy = spec.deepCopy();
        for (String f : List.of("initContainers", "containers", "ephemeralContainers")) {
            copy.path(f).forEach(c -> {
                if (c instanceof ObjectNode o) {
                    o.remove("image");
                }
            });
        }
        return copy;
    }

    private static Map<String, String> appArmor(ObjectNode pod) {
        Map<String, String> out = new java.util.TreeMap<>();
        pod.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(BaselineChecks.APPARMOR)) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
