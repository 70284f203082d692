package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** Nodes, namespaces, leases, runtime classes and priority classes. */
final class ClusterPrinters {
    private ClusterPrinters() {}

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    static Printer<Node> node() {
        Function<Node, NodeSystemInfo> info = n -> status(n).getNodeInfo() == null
                ? new NodeSystemInfo() : status(n).getNodeInfo();
        return Printer.of(Node.class).name()
                .column("Status", "string", "The status of the node", ClusterPrinters::nodeStatus)
                .column("Roles", "string", "The roles of the node", ClusterPrinters::roles)
                .age()
                .column("Version", "string", "Kubelet Version reported by the node.",
                        n -> orEmpty(info.apply(n).getKubeletVersion()))
                .wide("Internal-IP", "string", "List of addresses reachable to the node.",
                        n -> address(n, "InternalIP"))
                .wide("External-IP", "string", "List of addresses reachable to the node.",
                        n -> address(n, "ExternalIP"))
                .wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release.",
                        n -> orUnknown(info.apply(n).getOsImage()))
                .wide("Kernel-Version", "string", "Kernel Version reported by the node from "
                        + "'uname -r'.", n -> orUnknown(info.apply(n).getKernelVersion()))
                .wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node "
                        + "through runtime remote API.",
                        n -> orUnknown(info.apply(n).getContainerRuntimeVersion()))
                .build();
    }

    static Printer<Namespace> namespace() {
        return Printer.of(Namespace.class).name()
                .column("Status", "string", "The status of the namespace",
                        n -> n.getStatus() == null ? "" : orEmpty(n.getStatus().getPhase()))
                .age()
                .build();
    }

    static Printer<Lease> lease() {
        return Printer.of(Lease.class).name()
                .column("Holder", "string", "holderIdentity contains the identity of the holder of a "
                        + "current lease.", l -> l.getSpec() == null ? "" : orEmpty(l.getSpec().getHolderIdentity()))
                .age()
                .build();
    }

    static Printer<RuntimeClass> runtimeClass() {
        return Printer.of(RuntimeClass.class).name()
                .column("Handler", "string", "handler specifies the underlying runtime and "
                        + "configuration that the CRI implementation will use to handle pods of this "
                        + "class.", r -> orEmpty(r.getHandler()))
                .age()
                .build();
    }

    static Printer<PriorityClass> priorityClass() {
        return Printer.of(PriorityClass.class).name()
                .column("Value", "integer", "value represents the integer value of this priority "
                        + "class.", p -> CellText.count(p.getValue()))
                .column("Global-Default", "boolean", "globalDefault specifies whether this "
                        + "PriorityClass should be considered as the default priority for pods that do "
                        + "not have any priority class.", p -> Boolean.TRUE.equals(p.getGlobalDefault()))
                .age()
                .column("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting "
                        + "pods with lower priority.", p -> orEmpty(p.getPreemptionPolicy()))
                .build();
    }

    private static NodeStatus status(Node n) {
        return n.getStatus() == null ? new NodeStatus() : n.getStatus();
    }

    /** {@code Ready}, {@code NotReady} or {@code Unknown}, then {@code SchedulingDisabled} when cordoned. */
    private static String nodeStatus(Node n) {
        String ready = null;
        for (NodeCondition c : orEmpty(status(n).getConditions())) {
            if ("Ready".equals(c.getType())) {
                ready = "True".equals(c.getStatus()) ? "Ready" : "NotReady";
            }
        }
        List<String> status = new ArrayList<>();
        status.add(ready == null ? "Unknown" : ready);
        if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    /** From {@code node-role.kubernetes.io/<role>} labels and the {@code kubernetes.io/role} label. */
    private static String roles(Node n) {
        TreeSet<String> roles = new TreeSet<>();
        Map<String, String> labels = n.getMetadata().getLabels();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
                    roles.add(k.substring(ROLE_PREFIX.length()));
                } else if (k.equals(ROLE_LABEL) && v != null && !v.isEmpty()) {
                    roles.add(v);
                }
            });
        }
        return roles.isEmpty() ? CellText.NONE : String.join(",", roles);
    }

    private static String address(Node n, String type) {
        for (NodeAddress a : orEmpty(status(n).getAddresses())) {
            if (type.equals(a.getType())) {
                return a.getAddress();
            }
        }
        return CellText.NONE;
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? Age.UNKNOWN : s;
    }
}
