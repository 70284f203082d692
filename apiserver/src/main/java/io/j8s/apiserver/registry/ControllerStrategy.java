package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.apiserver.workloads.ControllerDefaults;
import io.j8s.apiserver.workloads.ControllerValidation;
import io.j8s.apiserver.workloads.JobValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deployments, ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, Jobs and CronJobs:
 * their upstream defaults (with the template's pod defaults), validation, the selector that may
 * not change, and for Jobs the selector the server generates.
 */
final class ControllerStrategy implements Strategy {
    static final Set<String> KINDS = Set.of("Deployment", "ReplicaSet", "ReplicationController",
            "StatefulSet", "DaemonSet", "Job", "CronJob");

    private final String kind;
    private final Set<String> selectableFields;

    ControllerStrategy(String kind, Set<String> selectableFields) {
        this.kind = kind;
        this.selectableFields = selectableFields;
    }

    @Override
    public Set<String> selectableFields() {
        return selectableFields;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        if (kind.equals("Job")) {
            JobValidation.generateSelector(object);
            ControllerDefaults.apply(kind, object); // a job without labels takes the new ones
        }
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        ControllerDefaults.apply(kind, object);
    }

    @Override
    public List<StatusCause> validate(ObjectNode object) {
        List<StatusCause> causes = new ArrayList<>(ControllerValidation.validate(kind, object));
        if (kind.equals("Job")) {
            causes.addAll(JobValidation.validateGenerated(object));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
        return ControllerValidation.validateUpdate(kind, object, old);
    }
}
