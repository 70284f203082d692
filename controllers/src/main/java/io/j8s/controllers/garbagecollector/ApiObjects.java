package io.j8s.controllers.garbagecollector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The collector's reads and writes of live objects, through the API and never the cache: a
 * GET by name that only counts if the uid matches, JSON merge patches guarded by the
 * resourceVersion, and deletes with a uid precondition, so a stale graph never deletes an
 * object that is not the one it means.
 */
final class ApiObjects {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private volatile Map<String, Resource> byGroupKind = Map.of();

    ApiObjects(KubernetesClient client) {
        this.client = client;
    }

    /** Takes what the last discovery found. */
    void known(List<Resource> resources) {
        Map<String, Resource> map = new HashMap<>();
        for (Resource r : resources) {
            map.put(r.group() + "/" + r.kind(), r);
        }
        byGroupKind = Map.copyOf(map);
    }

    /**
     * The resource of an object, in the version it was named with.
     *
     * @throws IllegalStateException if discovery does not know the kind (yet)
     */
    Resource resource(ObjectId id) {
        Resource r = byGroupKind.get(id.group() + "/" + id.kind());
        if (r == null) {
            throw new IllegalStateException("unable to get REST mapping for " + id.apiVersion()
                    + "/" + id.kind());
        }
        int slash = id.apiVersion().indexOf('/');
        return r.inVersion(id.apiVersion().substring(slash + 1));
    }

    /** The live object with that identity, or null if it is absent or has another uid. */
    GenericKubernetesResource get(ObjectId id) {
        Resource r = resource(id);
        GenericKubernetesResource live;
        if (r.namespaced()) {
            live = client.genericKubernetesResources(r.context()).inNamespace(id.namespace())
                    .withName(id.name()).get();
        } else {
            live = client.genericKubernetesResources(r.context()).withName(id.name()).get();
        }
        if (live == null || !id.uid().equals(live.getMetadata().getUid())) {
            return null;
        }
        return live;
    }

    /** Sets the object's finalizers, if its resourceVersion is still {@code resourceVersion}. */
    void patchFinalizers(ObjectId id, String resourceVersion, List<String> finalizers) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode meta = patch.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (finalizers.isEmpty()) {
            meta.putNull("finalizers"); // absent, as upstream's omitempty leaves it
        } else {
            ArrayNode list = meta.putArray("finalizers");
            finalizers.forEach(list::add);
        }
        patch(id, patch);
    }

    /** Sets the object's ownerReferences, if its resourceVersion is still the one given. */
    void patchOwners(ObjectId id, String resourceVersion, List<OwnerRef> owners) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode meta = patch.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (owners.isEmpty()) {
            meta.putNull("ownerReferences");
        } else {
            meta.set("ownerReferences", JSON.valueToTree(owners.stream()
                    .map(OwnerRef::toReference).toList()));
        }
        patch(id, patch);
    }

    private void patch(ObjectId id, ObjectNode patch) {
        Resource r = resource(id);
        try {
            var ops = client.genericKubernetesResources(r.context());
            var one = r.namespaced() ? ops.inNamespace(id.namespace()).withName(id.name())
                    : ops.withName(id.name());
            one.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * Deletes the object with that uid (a 404 or a failed precondition means it is already
     * gone or is another object now: nothing to do).
     */
    void delete(ObjectId id, String propagationPolicy) throws Exception {
        Resource r = resource(id);
        ObjectNode options = JSON.createObjectNode();
        options.put("kind", "DeleteOptions").put("apiVersion", "v1");
        options.putObject("preconditions").put("uid", id.uid());
        options.put("propagationPolicy", propagationPolicy);
        String url = client.getMasterUrl().toString().replaceAll("/$", "")
                + r.path(id.namespace(), id.name());
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .method("DELETE", "application/json", options.toString()).build();
        HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class)
                .get(30, TimeUnit.SECONDS);
        int code = response.code();
        if (code >= 300 && code != 404 && code != 409) {
            throw new IllegalStateException("deleting " + id + ": HTTP " + code + " "
                    + response.body());
        }
    }
}
