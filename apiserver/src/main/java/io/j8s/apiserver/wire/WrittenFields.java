package io.j8s.apiserver.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nested fields that upstream's Go types declare so that {@code encoding/json} always writes
 * them, with the value it writes when they are unset: {@code {}} for a non-pointer struct, and
 * {@code ""}, {@code 0} or {@code false} for a string, number or bool without {@code omitempty}.
 * Read from the json tags of {@code k8s.io/api} v0.33; fabric8's classes do not record
 * pointer-ness or {@code omitempty}. Every kind's {@code spec} and {@code status} are non-pointer
 * structs upstream and need no entry (see {@link GoZeroValues}).
 *
 * <p>Fields that validation requires (a container's {@code name}, a template, a reference's
 * {@code kind}) are left out: a stored object always carries them, so the zero would only turn
 * "Required value" into another message. So are meta/v1 Time fields, which Go writes as
 * {@code null}, and nil slices and maps, also {@code null}: a client reads both as absent.
 */
final class WrittenFields {
    private static final JsonNode STRUCT = JsonNodeFactory.instance.objectNode();
    private static final JsonNode EMPTY = TextNode.valueOf("");
    private static final JsonNode ZERO = IntNode.valueOf(0);
    private static final JsonNode FALSE = BooleanNode.FALSE;

    private static final Map<Class<?>, Map<String, JsonNode>> BY_TYPE = new LinkedHashMap<>();

    static {
        structs(Container.class, "resources");
        structs(EphemeralContainer.class, "resources");
        structs(ContainerStatus.class, "state", "lastState");
        scalars(ContainerStatus.class, FALSE, "ready");
        scalars(ContainerStatus.class, ZERO, "restartCount");
        scalars(ContainerStatus.class, EMPTY, "image", "imageID");
        scalars(ContainerStateTerminated.class, ZERO, "exitCode");
        structs(NodeStatus.class, "daemonEndpoints", "nodeInfo");
        structs(NodeDaemonEndpoints.class, "kubeletEndpoint");
        scalars(DaemonEndpoint.class, ZERO, "Port");
        scalars(NodeSystemInfo.class, EMPTY, "machineID", "systemUUID", "bootID",
                "kernelVersion", "osImage", "containerRuntimeVersion", "kubeletVersion",
                "kubeProxyVersion", "operatingSystem", "architecture");
        structs(ServiceStatus.class, "loadBalancer");
        structs(PersistentVolumeClaimSpec.class, "resources");
        structs(Event.class, "involvedObject", "source");
        scalars(Event.class, EMPTY, "reportingComponent", "reportingInstance");
        scalars(ReplicationControllerStatus.class, ZERO, "replicas");
        scalars(ReplicaSetStatus.class, ZERO, "replicas");
        scalars(StatefulSetStatus.class, ZERO, "replicas", "availableReplicas");
        scalars(DaemonSetStatus.class, ZERO, "currentNumberScheduled", "numberMisscheduled",
                "desiredNumberScheduled", "numberReady");
        scalars(io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerStatus.class,
                ZERO, "currentReplicas", "desiredReplicas");
        scalars(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus.class,
                ZERO, "desiredReplicas");
        structs(io.fabric8.kubernetes.api.model.events.v1.Event.class, "regarding",
                "deprecatedSource");
        structs(Endpoint.class, "conditions");
        structs(IngressStatus.class, "loadBalancer");
        structs(NetworkPolicySpec.class, "podSelector");
        scalars(PodDisruptionBudgetStatus.class, ZERO, "disruptionsAllowed", "currentHealthy",
                "desiredHealthy", "expectedPods");
        scalars(VolumeAttachmentStatus.class, FALSE, "attached");
        scalars(PriorityClass.class, ZERO, "value");
        scalars(ControllerRevision.class, ZERO, "revision");
    }

    private WrittenFields() {}

    /** The fields of {@code type} Go writes when unset, each with its zero value (not to edit). */
    static Map<String, JsonNode> of(Class<?> type) {
        return BY_TYPE.getOrDefault(type, Map.of());
    }

    /** Every model class with an entry. */
    static Set<Class<?>> types() {
        return BY_TYPE.keySet();
    }

    private static void structs(Class<?> type, String... fields) {
        for (String f : List.of(fields)) {
            BY_TYPE.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(f, STRUCT);
        }
    }

    private static void scalars(Class<?> type, JsonNode zero, String... fields) {
        for (String f : List.of(fields)) {
            BY_TYPE.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(f, zero);
        }
    }
}
