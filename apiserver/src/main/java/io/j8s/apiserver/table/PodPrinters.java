package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;
import static io.j8s.apiserver.table.CellText.orNone;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;

/** Pods (NAME READY STATUS RESTARTS AGE, wide: IP NODE NOMINATED NODE READINESS GATES) and pod templates. */
final class PodPrinters {
    private PodPrinters() {}

    static Printer<Pod> pod() {
        return Printer.of(Pod.class).name()
                .column("Ready", "string",
                        "The aggregate readiness state of this pod for accepting traffic.",
                        p -> PodSummary.of(p).readyText())
                .column("Status", "string", "The aggregate status of the containers in this pod.",
                        p -> PodSummary.of(p).status())
                .add(new Column<>("Restarts", "string", "", "The number of times the containers in "
                        + "this pod have been restarted and when the last container in this pod has "
                        + "restarted.", 0, (p, now) -> PodSummary.of(p).restartsText(now)))
                .age()
                .wide("IP", "string", "podIP address allocated to the pod. Routable at least within "
                        + "the cluster. Empty if not yet allocated.", PodPrinters::podIP)
                .wide("Node", "string", "NodeName indicates in which node this pod is scheduled.",
                        p -> orNone(spec(p).getNodeName()))
                .wide("Nominated Node", "string", "nominatedNodeName is set only when this pod "
                        + "preempts other pods on the node, but it cannot be scheduled right away as "
                        + "preemption victims receive their graceful termination periods.",
                        p -> orNone(status(p).getNominatedNodeName()))
                .wide("Readiness Gates", "string", "If specified, all readiness gates will be "
                        + "evaluated for pod readiness.", PodPrinters::readinessGates)
                .conditions(PodPrinters::completed)
                .build();
    }

    static Printer<PodTemplate> podTemplate() {
        return Printer.of(PodTemplate.class).name()
                .column("Containers", "string", Descriptions.CONTAINERS,
                        t -> CellText.containerNames(CellText.containers(t.getTemplate())))
                .column("Images", "string", Descriptions.IMAGES,
                        t -> CellText.containerImages(CellText.containers(t.getTemplate())))
                .column("Pod Labels", "string", "The labels for the pod template.",
                        t -> CellText.labels(templateLabels(t.getTemplate())))
                .build();
    }

    private static java.util.Map<String, String> templateLabels(PodTemplateSpec t) {
        return t == null || t.getMetadata() == null ? null : t.getMetadata().getLabels();
    }

    private static PodSpec spec(Pod p) {
        return p.getSpec() == null ? new PodSpec() : p.getSpec();
    }

    private static PodStatus status(Pod p) {
        return p.getStatus() == null ? new PodStatus() : p.getStatus();
    }

    private static String podIP(Pod p) {
        List<PodIP> ips = orEmpty(status(p).getPodIPs());
        String ip = ips.isEmpty() ? status(p).getPodIP() : ips.get(0).getIp();
        return orNone(ip);
    }

    private static String readinessGates(Pod p) {
        List<PodReadinessGate> gates = orEmpty(spec(p).getReadinessGates());
        if (gates.isEmpty()) {
            return CellText.NONE;
        }
        int passing = 0;
        for (PodReadinessGate gate : gates) {
            for (PodCondition c : orEmpty(status(p).getConditions())) {
                if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
                    if ("True".equals(c.getStatus())) {
                        passing++;
                    }
                    break;
                }
            }
        }
        return passing + "/" + gates.size();
    }

    /** Upstream marks pods that succeeded or failed as Completed rows. */
    private static List<RowCondition> completed(Pod p) {
        return switch (orEmpty(status(p).getPhase())) {
            case "Succeeded" -> List.of(new RowCondition("Completed", "True", "Succeeded",
                    "The pod has completed successfully."));
            case "Failed" -> List.of(new RowCondition("Completed", "True", "Failed",
                    "The pod failed."));
            default -> List.of();
        };
    }
}
