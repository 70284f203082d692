package io.j8s.apiserver.aggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WriteOptions;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The APIServices of the built-in group versions, created at start as upstream's autoregister
 * controller creates them (label {@code kube-aggregator.kubernetes.io/automanaged: onstart}, no
 * service) with upstream's group and version priorities.
 */
public final class LocalApiServices {
    private static final Logger LOG = Logger.getLogger(LocalApiServices.class.getName());
    static final String MANAGED = "kube-aggregator.kubernetes.io/automanaged";
    /** Upstream's apiVersionPriorities: group version to {groupPriorityMinimum, versionPriority}. */
    private static final Map<String, int[]> PRIORITIES = Map.ofEntries(
            Map.entry("/v1", new int[] {18000, 1}),
            Map.entry("apiregistration.k8s.io/v1", new int[] {18000, 15}),
            Map.entry("apps/v1", new int[] {17800, 15}),
            Map.entry("events.k8s.io/v1", new int[] {17750, 15}),
            Map.entry("authentication.k8s.io/v1", new int[] {17700, 15}),
            Map.entry("authorization.k8s.io/v1", new int[] {17600, 15}),
            Map.entry("autoscaling/v1", new int[] {17500, 15}),
            Map.entry("autoscaling/v2", new int[] {17500, 30}),
            Map.entry("batch/v1", new int[] {17400, 15}),
            Map.entry("certificates.k8s.io/v1", new int[] {17300, 15}),
            Map.entry("networking.k8s.io/v1", new int[] {17200, 15}),
            Map.entry("policy/v1", new int[] {17100, 15}),
            Map.entry("rbac.authorization.k8s.io/v1", new int[] {17000, 15}),
            Map.entry("storage.k8s.io/v1", new int[] {16800, 15}),
            Map.entry("apiextensions.k8s.io/v1", new int[] {16700, 15}),
            Map.entry("admissionregistration.k8s.io/v1", new int[] {16700, 15}),
            Map.entry("scheduling.k8s.io/v1", new int[] {16600, 15}),
            Map.entry("coordination.k8s.io/v1", new int[] {16500, 15}),
            Map.entry("node.k8s.io/v1", new int[] {16300, 15}),
            Map.entry("discovery.k8s.io/v1", new int[] {16200, 15}),
            Map.entry("resource.k8s.io/v1beta2", new int[] {16200, 15}),
            Map.entry("flowcontrol.apiserver.k8s.io/v1", new int[] {16100, 21}));

    private LocalApiServices() {}

    /** Creates the missing local APIServices and marks each Available (Local). */
    public static void ensure(Registries registries) {
        Registry apiServices = registries.find("apiregistration.k8s.io", "v1", "apiservices")
                .orElseThrow();
        Set<String> groupVersions = new LinkedHashSet<>();
        for (ResourceType t : registries.catalogue().all()) {
            groupVersions.add(t.group() + "/" + t.version());
        }
        for (String gv : groupVersions) {
            int slash = gv.indexOf('/');
            String group = gv.substring(0, slash);
            String version = gv.substring(slash + 1);
            String name = version + "." + group; // "v1." for the core group, as upstream
            int[] priority = PRIORITIES.getOrDefault(gv, new int[] {15000, 9});
            ObjectNode s = Json.MAPPER.createObjectNode();
            s.put("apiVersion", "apiregistration.k8s.io/v1").put("kind", "APIService");
            s.putObject("metadata").put("name", name).putObject("labels").put(MANAGED, "onstart");
            s.putObject("spec").put("group", group).put("version", version)
                    .put("groupPriorityMinimum", priority[0])
                    .put("versionPriority", priority[1]);
            try {
                apiServices.create(null, s, WriteOptions.DEFAULT);
            } catch (StatusException e) {
                if (!"AlreadyExists".equals(e.reason())) {
                    LOG.warning("cannot create APIService " + name + ": " + e.getMessage());
                }
            }
        }
    }
}
