package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.admission.LimitRangeDefaults;
import java.time.Clock;
import java.util.Set;

/** The strategy of each kind; kinds not named here get the generic behaviour. */
final class Strategies {
    private static final Set<String> GENERATION_KINDS = Set.of("Deployment", "ReplicaSet",
            "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController",
            "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress",
            "CustomResourceDefinition", "PriorityLevelConfiguration", "FlowSchema",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

    private Strategies() {}

    static Strategy forType(ResourceType type, ServiceAllocator services, Clock clock) {
        boolean generation = GENERATION_KINDS.contains(type.kind());
        return switch (type.kind()) {
            case "Pod" -> new PodStrategy();
            case "ReplicaSet", "ReplicationController" -> new ControllerStrategy(type.kind(),
                    Set.of("status.replicas"));
            case "Job" -> new ControllerStrategy(type.kind(), Set.of("status.successful"));
            case "Deployment", "StatefulSet", "DaemonSet", "CronJob" ->
                    new ControllerStrategy(type.kind(), Set.of());
            case "Service" -> new ServiceStrategy(services);
            case "HorizontalPodAutoscaler" -> new HorizontalPodAutoscalerStrategy();
            case "Namespace" -> new NamespaceStrategy();
            case "LimitRange" -> new Strategy() {
                @Override
                public void applyDefaults(ObjectNode limitRange) {
                    LimitRangeDefaults.apply(limitRange);
                }
            };
            case "PriorityClass" -> new PriorityClassStrategy();
            case "CertificateSigningRequest" -> new CertificateSigningRequestStrategy(clock);
            case "APIService" -> new APIServiceStrategy();
            case "MutatingWebhookConfiguration" -> new WebhookConfigurationStrategy(true);
            case "ValidatingWebhookConfiguration" -> new WebhookConfigurationStrategy(false);
            case "FlowSchema" -> new FlowControlStrategy(true);
            case "PriorityLevelConfiguration" -> new FlowControlStrategy(false);
            case "Event" -> new FieldsStrategy(Set.of("involvedObject.kind",
                    "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
                    true);
            case "Secret" -> new SecretStrategy();
            case "Node" -> new FieldsStrategy(Set.of("spec.unschedulable"), false);
            case "Endpoints", "Lease" -> new FieldsStrategy(Set.of(), false, true);
            default -> generation ? new FieldsStrategy(Set.of(), true) : new Strategy() {};
        };
    }

    /** A kind that only adds selectable fields, generation tracking or create-on-update. */
    record FieldsStrategy(Set<String> selectableFields, boolean tracksGeneration,
            boolean allowCreateOnUpdate) implements Strategy {
        FieldsStrategy(Set<String> fields, boolean generation) {
            this(fields, generation, false);
        }
    }
}
