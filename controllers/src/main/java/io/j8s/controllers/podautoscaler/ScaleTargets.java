package io.j8s.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/**
 * The scale subresource of an HPA's target, whatever its kind (found by discovery: the resource
 * of that kind with a {@code scale} subresource), read and written as upstream's scale client.
 */
final class ScaleTargets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;

    ScaleTargets(KubernetesClient client) {
        this.client = client;
    }

    /** What the target's scale says. */
    record Scale(int specReplicas, int statusReplicas, String selector) {
    }

    Scale get(String namespace, CrossVersionObjectReference ref) throws Exception {
        JsonNode scale = JSON.readTree(send("GET", url(namespace, ref), null));
        return new Scale(scale.path("spec").path("replicas").asInt(0),
                scale.path("status").path("replicas").asInt(0),
                scale.path("status").path("selector").asText(""));
    }

    void update(String namespace, CrossVersionObjectReference ref, int replicas) throws Exception {
        send("PATCH", url(namespace, ref), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private String url(String namespace, CrossVersionObjectReference ref) {
        String apiVersion = ref.getApiVersion() == null || ref.getApiVersion().isEmpty() ? "v1"
                : ref.getApiVersion();
        APIResourceList list = client.getApiResources(apiVersion);
        String plural = null;
        if (list != null) {
            for (APIResource r : list.getResources()) {
                if (r.getName().endsWith("/scale") && ref.getKind().equals(r.getKind())
                        || !r.getName().contains("/") && ref.getKind().equals(r.getKind())
                        && list.getResources().stream().anyMatch(s -> s.getName().equals(
                                r.getName() + "/scale"))) {
                    plural = r.getName().replace("/scale", "");
                    break;
                }
            }
        }
        if (plural == null) {
            throw new IllegalStateException("no matches for kind \"" + ref.getKind()
                    + "\" in group \"" + group(apiVersion) + "\"");
        }
        String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return client.getMasterUrl().toString().replaceAll("/$", "") + root + "/namespaces/"
                + namespace + "/" + plural + "/" + ref.getName() + "/scale";
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private String send(String method, String url, String body) throws Exception {
        var b = client.getHttpClient().newHttpRequestBuilder().uri(url);
        HttpRequest request = body == null ? b.build()
                : b.method(method, "application/merge-patch+json", body).build();
        HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class)
                .get(30, TimeUnit.SECONDS);
        if (response.code() >= 300) {
            String message = response.body();
            try {
                message = JSON.readTree(message).path("message").asText(message);
            } catch (Exception e) {
                // not a Status: the body as it is
            }
            throw new IllegalStateException(message);
        }
        return response.body();
    }
}
