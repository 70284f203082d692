package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.workloads.PodDefaults;
import io.j8s.apiserver.workloads.PodSpecValidation;
import io.j8s.apiserver.workloads.PodUpdateValidation;
import io.j8s.apiserver.workloads.QosClass;
import java.util.List;
import java.util.Set;

/**
 * Pods: upstream's defaults, a Pending status with the QoS class on create, validation of the
 * spec, and a spec that updates may change only where upstream allows.
 */
final class PodStrategy implements Strategy {
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

    @Override
    public List<StatusCause> validateUpdate(ObjectNode pod, ObjectNode old) {
        ObjectNode before = old.deepCopy();
        PodDefaults.applyToPod(before); // as upstream defaults what it reads from storage
        return PodUpdateValidation.validate(pod.path("spec"), before.path("spec"));
    }
}
