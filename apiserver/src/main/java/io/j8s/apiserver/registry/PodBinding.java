package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.List;

/**
 * The {@code pods/binding} subresource: the one way to set a pod's {@code spec.nodeName}, which
 * a pod update may not change. Binding a pod that already has a node, or is being deleted, is a
 * conflict; the pod is marked PodScheduled, as upstream's BindingREST marks it.
 */
public final class PodBinding {
    private static final StatusException.Resource BINDING =
            new StatusException.Resource("", "pods/binding");
    private static final int RETRIES = 8;

    private PodBinding() {}

    /** Binds pod {@code name} to the binding's target node; answers upstream's Success status. */
    public static ObjectNode bind(Registry pods, String namespace, String name,
            ObjectNode binding, WriteOptions options) {
        String target = binding.path("target").path("name").asText("");
        String kind = binding.path("target").path("kind").asText("");
        String bound = binding.path("metadata").path("name").asText(name);
        if (target.isEmpty() || !kind.isEmpty() && !kind.equals("Node") || !bound.equals(name)) {
            throw StatusException.invalid("Binding", BINDING, name, List.of(!bound.equals(name)
                    ? Causes.invalid(FieldPath.of("metadata", "name"), bound,
                            "must match the pod name")
                    : target.isEmpty() ? Causes.required(FieldPath.of("target", "name"), "")
                    : Causes.notSupported(FieldPath.of("target", "kind"), kind,
                            List.of("Node", "<empty>"))));
        }
        for (int attempt = 0; ; attempt++) {
            ObjectNode pod = pods.get(namespace, name);
            String uid = binding.path("metadata").path("uid").asText("");
            if (!uid.isEmpty() && !uid.equals(Meta.uid(pod))) {
                throw StatusException.conflict(BINDING, name, "Precondition failed: UID in"
                        + " precondition: " + uid + ", UID in object meta: " + Meta.uid(pod));
            }
            if (Meta.deleting(pod)) {
                throw StatusException.conflict(BINDING, name, "pod " + name
                        + " is being deleted, cannot be assigned to a host");
            }
            String node = pod.path("spec").path("nodeName").asText("");
            if (!node.isEmpty()) {
                throw StatusException.conflict(BINDING, name, "pod " + name
                        + " is already assigned to node \"" + node + "\"");
            }
            pod.with("spec").put("nodeName", target);
            binding.path("metadata").path("annotations").fields().forEachRemaining(e ->
                    Meta.of(pod).with("annotations").set(e.getKey(), e.getValue()));
            scheduled(pod.with("status"), pods.clock().instant());
            if (options.dryRun()) {
                return PodEviction.success();
            }
            try {
                pods.store(pod, Long.parseLong(Meta.resourceVersion(pod)));
                return PodEviction.success();
            } catch (StatusException e) {
                if (!"Conflict".equals(e.reason()) || attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    private static void scheduled(ObjectNode status, java.time.Instant now) {
        ArrayNode conditions = status.withArray("conditions");
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals("PodScheduled")) {
                ((ObjectNode) c).put("status", "True").remove(List.of("reason", "message"));
                return;
            }
        }
        conditions.addObject().put("type", "PodScheduled").put("status", "True")
                .putNull("lastProbeTime").put("lastTransitionTime", Meta.timestamp(now));
    }
}
