package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which printer each kind has, found by the fabric8 class the catalogue names; kinds without one
 * get the {@link DefaultPrinter}. Adding a printer is a method in a family file and a line here.
 */
final class PrinterRegistry {
    private final Map<Class<?>, Printer<?>> byType = new LinkedHashMap<>();
    private final Printer<HasMetadata> fallback = DefaultPrinter.printer();

    PrinterRegistry() {
        List<Printer<?>> printers = List.of(
                PodPrinters.pod(), PodPrinters.podTemplate(),
                WorkloadPrinters.deployment(), WorkloadPrinters.replicaSet(),
                WorkloadPrinters.replicationController(), WorkloadPrinters.statefulSet(),
                DaemonSetPrinter.daemonSet(), ControllerRevisionPrinter.controllerRevision(),
                PodDisruptionBudgetPrinter.podDisruptionBudget(),
                BatchPrinters.job(), BatchPrinters.cronJob(),
                HorizontalPodAutoscalerPrinters.v2(), HorizontalPodAutoscalerPrinters.v1(),
                ServicePrinters.service(), ServicePrinters.endpoints(),
                NetworkingPrinters.ingress(), NetworkingPrinters.ingressClass(),
                NetworkingPrinters.networkPolicy(), NetworkingPrinters.endpointSlice(),
                ClusterPrinters.node(), ClusterPrinters.namespace(), ClusterPrinters.lease(),
                ClusterPrinters.runtimeClass(), ClusterPrinters.priorityClass(),
                ConfigPrinters.configMap(), ConfigPrinters.secret(), ConfigPrinters.serviceAccount(),
                ConfigPrinters.resourceQuota(),
                VolumePrinters.persistentVolume(), VolumePrinters.persistentVolumeClaim(),
                StoragePrinters.storageClass(), StoragePrinters.csiDriver(), StoragePrinters.csiNode(),
                StoragePrinters.volumeAttachment(),
                EventPrinters.core(), EventPrinters.eventsV1(),
                AccessPrinters.roleBinding(), AccessPrinters.clusterRoleBinding(),
                AdmissionPrinters.mutatingWebhooks(), AdmissionPrinters.validatingWebhooks(),
                AdmissionPrinters.validatingAdmissionPolicy(),
                AdmissionPrinters.validatingAdmissionPolicyBinding(),
                ServerPrinters.apiService(), ServerPrinters.certificateSigningRequest(),
                ServerPrinters.flowSchema(), ServerPrinters.priorityLevelConfiguration());
        for (Printer<?> p : printers) {
            if (byType.put(p.type(), p) != null) {
                throw new IllegalStateException("two printers for " + p.type().getName());
            }
        }
    }

    /** The printer of objects of {@code type}, or the default NAME, CREATED AT one. */
    Printer<?> forType(Class<?> type) {
        Printer<?> p = byType.get(type);
        return p == null ? fallback : p;
    }

    /** Whether {@code type} has a printer of its own. */
    boolean hasOwnPrinter(Class<?> type) {
        return byType.containsKey(type);
    }
}
