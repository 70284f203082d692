package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.workloads.EphemeralContainerValidation;
import io.j8s.apiserver.workloads.PodDefaults;
import io.j8s.apiserver.workloads.PodSpecValidation;
import io.j8s.apiserver.workloads.PodUpdateValidation;
import io.j8s.apiserver.workloads.QosClass;
import java.util.List;
import java.util.Set;

/**
 * Pods: upstream's defaults, a Pending status with the QoS class on create, validation of the
 * spec, and a spec that updates may change only where upstream allows; the
 * {@code ephemeralcontainers} subresource adds ephemeral containers and changes nothing else.
 */
final class PodStrategy implements Strategy {
    private static final String EPHEMERAL = "ephemeralcontainers";

    @Override
    public Set<String> selectableFields() {
        return Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
                "status.nominatedNodeName");
    }

    @Override
    public void applyDefaults(ObjectNode pod) {
        PodDefaults.applyToPod(pod);
    }

    @Override
    public void prepareForCreate(ObjectNode pod) {
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        PodDefaults.applyToPod(pod);
        status.put("qosClass", QosClass.of(pod.path("spec")));
    }

    @Override
    public List<StatusCause> validate(ObjectNode pod) {
        return PodSpecValidation.validate(pod.path("spec"), FieldPath.of("spec"));
    }

    /** Ephemeral containers come only through their subresource, as upstream. */
    @Override
    public List<StatusCause> validateCreate(ObjectNode pod) {
        if (pod.path("spec").path("ephemeralContainers").isEmpty()) {
            return List.of();
        }
        return List.of(Causes.forbidden(FieldPath.of("spec", "ephemeralContainers"),
                "cannot be set on create"));
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode pod, ObjectNode old) {
        return validateUpdate(pod, old, "");
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode pod, ObjectNode old, String subresource) {
        ObjectNode before = old.deepCopy();
        PodDefaults.applyToPod(before); // as upstream defaults what it reads from storage
        if (subresource.equals(EPHEMERAL)) {
            return EphemeralContainerValidation.validateUpdate(pod.path("spec"),
                    before.path("spec"));
        }
        return PodUpdateValidation.validate(pod.path("spec"), before.path("spec"));
    }

    /** Through {@code ephemeralcontainers} only the ephemeral containers change, as upstream. */
    @Override
    public ObjectNode updateThrough(String subresource, ObjectNode old, ObjectNode body) {
        if (!subresource.equals(EPHEMERAL)) {
            throw new IllegalArgumentException(subresource);
        }
        ObjectNode next = old.deepCopy();
        ObjectNode spec = next.with("spec");
        JsonNode ephemeral = body.path("spec").get("ephemeralContainers");
        if (ephemeral == null || ephemeral.isNull()) {
            spec.remove("ephemeralContainers");
        } else {
            spec.set("ephemeralContainers", ephemeral.deepCopy());
        }
        return next;
    }
}
