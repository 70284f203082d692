package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.containerImages;
import static io.j8s.apiserver.table.CellText.containerNames;
import static io.j8s.apiserver.table.CellText.containers;
import static io.j8s.apiserver.table.CellText.count;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

/**
 * Deployments, replica sets, stateful sets and replication controllers: desired, current and
 * ready counts, then with {@code -o wide} the template's containers, images and the selector.
 * Unset replicas count as upstream's default of one.
 */
final class WorkloadPrinters {
    private WorkloadPrinters() {}

    static Printer<Deployment> deployment() {
        return Printer.of(Deployment.class).name()
                .column("Ready", "string", Descriptions.READY_OF_DESIRED,
                        d -> count(status(d).getReadyReplicas()) + "/" + desired(spec(d).getReplicas()))
                .column("Up-to-date", "string", "Total number of non-terminated pods targeted by this "
                        + "deployment that have the desired template spec.",
                        d -> count(status(d).getUpdatedReplicas()))
                .column("Available", "string", "Total number of available pods (ready for at least "
                        + "minReadySeconds) targeted by this deployment.",
                        d -> count(status(d).getAvailableReplicas()))
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        d -> containerNames(containers(spec(d).getTemplate())))
                .wide("Images", "string", Descriptions.IMAGES,
                        d -> containerImages(containers(spec(d).getTemplate())))
                .wide("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods "
                        + "are selected by this will be the ones affected by this deployment.",
                        d -> SelectorText.plain(spec(d).getSelector()))
                .build();
    }

    static Printer<ReplicaSet> replicaSet() {
        return Printer.of(ReplicaSet.class).name()
                .column("Desired", "integer", Descriptions.SPEC_REPLICAS,
                        r -> desired(spec(r).getReplicas()))
                .column("Current", "integer", Descriptions.STATUS_REPLICAS,
                        r -> count(status(r).getReplicas()))
                .column("Ready", "integer", Descriptions.READY_REPLICAS,
                        r -> count(status(r).getReadyReplicas()))
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        r -> containerNames(containers(spec(r).getTemplate())))
                .wide("Images", "string", Descriptions.IMAGES,
                        r -> containerImages(containers(spec(r).getTemplate())))
                .wide("Selector", "string", Descriptions.SELECTOR,
                        r -> SelectorText.format(spec(r).getSelector()))
                .build();
    }

    static Printer<ReplicationController> replicationController() {
        return Printer.of(ReplicationController.class).name()
                .column("Desired", "integer", Descriptions.SPEC_REPLICAS,
                        r -> desired(spec(r).getReplicas()))
                .column("Current", "integer", Descriptions.STATUS_REPLICAS,
                        r -> count(status(r).getReplicas()))
                .column("Ready", "integer", Descriptions.READY_REPLICAS,
                        r -> count(status(r).getReadyReplicas()))
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        r -> containerNames(containers(spec(r).getTemplate())))
                .wide("Images", "string", Descriptions.IMAGES,
                        r -> containerImages(containers(spec(r).getTemplate())))
                .wide("Selector", "string", Descriptions.SELECTOR,
                        r -> CellText.labels(spec(r).getSelector()))
                .build();
    }

    static Printer<StatefulSet> statefulSet() {
        return Printer.of(StatefulSet.class).name()
                .column("Ready", "string", Descriptions.READY_OF_DESIRED,
                        s -> count(status(s).getReadyReplicas()) + "/" + desired(spec(s).getReplicas()))
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        s -> containerNames(containers(spec(s).getTemplate())))
                .wide("Images", "string", Descriptions.IMAGES,
                        s -> containerImages(containers(spec(s).getTemplate())))
                .build();
    }

    /** Desired replicas; upstream defaults an unset count to one. */
    static long desired(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static DeploymentSpec spec(Deployment d) {
        return d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
    }

    private static DeploymentStatus status(Deployment d) {
        return d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    }

    private static ReplicaSetSpec spec(ReplicaSet r) {
        return r.getSpec() == null ? new ReplicaSetSpec() : r.getSpec();
    }

    private static ReplicaSetStatus status(ReplicaSet r) {
        return r.getStatus() == null ? new ReplicaSetStatus() : r.getStatus();
    }

    private static ReplicationControllerSpec spec(ReplicationController r) {
        return r.getSpec() == null ? new ReplicationControllerSpec() : r.getSpec();
    }

    private static ReplicationControllerStatus status(ReplicationController r) {
        return r.getStatus() == null ? new ReplicationControllerStatus() : r.getStatus();
    }

    private static StatefulSetSpec spec(StatefulSet s) {
        return s.getSpec() == null ? new StatefulSetSpec() : s.getSpec();
    }

    private static StatefulSetStatus status(StatefulSet s) {
        return s.getStatus() == null ? new StatefulSetStatus() : s.getStatus();
    }
}
