package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.DeleteRequest;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WriteOptions;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Upstream's crd-autoregistration: an APIService {@code VERSION.GROUP} for every group/version a
 * definition serves (local: no service; groupPriorityMinimum 1000, versionPriority 100), labelled
 * as automanaged, and deleted with the last definition serving that group/version.
 */
final class ApiServiceRegistration {
    static final String MANAGED = "kube-aggregator.kubernetes.io/automanaged";
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.crd");

    private final Registries registries;
    private final Registry apiServices;
    private final Set<String> builtIn = new HashSet<>();

    ApiServiceRegistration(Registries registries) {
        this.registries = registries;
        this.apiServices = registries.find("apiregistration.k8s.io", "v1", "apiservices")
                .orElseThrow();
        registries.catalogue().fixed().forEach(t -> builtIn.add(t.apiVersion()));
    }

    /** Creates the APIServices of {@code groupVersions} and deletes automanaged ones not listed. */
    synchronized void sync(Set<String> groupVersions) {
        Set<String> existing = new HashSet<>();
        for (ObjectNode o : apiServices.list(null, ListOptions.all()).items()) {
            String name = o.path("metadata").path("name").asText();
            String group = o.path("spec").path("group").asText();
            String version = o.path("spec").path("version").asText();
            String gv = group + "/" + version;
            existing.add(gv);
            boolean ours = "true".equals(o.path("metadata").path("labels").path(MANAGED)
                    .asText(null));
            if (ours && !groupVersions.contains(gv) && !builtIn.contains(gv)) {
                try {
                    apiServices.delete(null, name, new DeleteRequest(null, "", "", ""),
                            WriteOptions.DEFAULT);
                } catch (StatusException e) {
                    LOG.fine("cannot delete APIService " + name + ": " + e.getMessage());
                }
            }
        }
        for (String gv : groupVersions) {
            if (existing.contains(gv)) {
                continue;
            }
            int slash = gv.indexOf('/');
            String group = gv.substring(0, slash);
            String version = gv.substring(slash + 1);
            ObjectNode s = Json.MAPPER.createObjectNode();
            s.put("apiVersion", "apiregistration.k8s.io/v1").put("kind", "APIService");
            s.putObject("metadata").put("name", version + "." + group).putObject("labels")
                    .put(MANAGED, "true");
            s.putObject("spec").put("group", group).put("version", version)
                    .put("groupPriorityMinimum", 1000).put("versionPriority", 100);
            try {
                apiServices.create(null, s, WriteOptions.DEFAULT);
            } catch (StatusException e) {
                if (!"AlreadyExists".equals(e.reason())) {
                    LOG.warning("cannot create APIService " + version + "." + group + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
