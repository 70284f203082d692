package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.containerImages;
import static io.j8s.apiserver.table.CellText.containerNames;
import static io.j8s.apiserver.table.CellText.containers;
import static io.j8s.apiserver.table.CellText.count;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.Map;

/**
 * Daemon sets: desired, current, ready, up-to-date and available counts of nodes, the node
 * selector, then with {@code -o wide} containers, images and the selector.
 */
final class DaemonSetPrinter {
    private DaemonSetPrinter() {}

    static Printer<DaemonSet> daemonSet() {
        return Printer.of(DaemonSet.class).name()
                .column("Desired", "integer", "The total number of nodes that should be running the "
                        + "daemon pod.", d -> count(status(d).getDesiredNumberScheduled()))
                .column("Current", "integer", "The number of nodes that are running at least 1 daemon "
                        + "pod and are supposed to run the daemon pod.",
                        d -> count(status(d).getCurrentNumberScheduled()))
                .column("Ready", "integer", "The number of nodes that should be running the daemon pod "
                        + "and have one or more of it running and ready.",
                        d -> count(status(d).getNumberReady()))
                .column("Up-to-date", "integer", "The total number of nodes that are running updated "
                        + "daemon pod", d -> count(status(d).getUpdatedNumberScheduled()))
                .column("Available", "integer", "The number of nodes that should be running the daemon "
                        + "pod and have one or more of it running and available.",
                        d -> count(status(d).getNumberAvailable()))
                .column("Node Selector", "string", "NodeSelector is a selector which must be true for "
                        + "the pod to fit on a node.", d -> CellText.labels(nodeSelector(template(d))))
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        d -> containerNames(containers(template(d))))
                .wide("Images", "string", Descriptions.IMAGES,
                        d -> containerImages(containers(template(d))))
                .wide("Selector", "string", Descriptions.SELECTOR,
                        d -> SelectorText.format(d.getSpec() == null ? null : d.getSpec().getSelector()))
                .build();
    }

    private static DaemonSetStatus status(DaemonSet d) {
        return d.getStatus() == null ? new DaemonSetStatus() : d.getStatus();
    }

    private static PodTemplateSpec template(DaemonSet d) {
        return d.getSpec() == null ? null : d.getSpec().getTemplate();
    }

    private static Map<String, String> nodeSelector(PodTemplateSpec t) {
        return t == null || t.getSpec() == null ? null : t.getSpec().getNodeSelector();
    }
}
