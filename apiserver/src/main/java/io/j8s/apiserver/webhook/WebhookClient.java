package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.admission.ClusterObjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a JSON review (AdmissionReview, ConversionReview) to a webhook's clientConfig: its
 * {@code url}, or its {@code service} reached at the Service's cluster IP and port as upstream's
 * API server reaches it, over HTTPS trusting the {@code caBundle} only. One HTTP client per
 * caBundle and server name, kept.
 */
public final class WebhookClient {
    private final ClusterObjects objects;
    /** The HTTP clients' own work runs on virtual threads: no pool to wait for. */
    private static final java.util.concurrent.Executor CALLBACKS =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public WebhookClient(ClusterObjects objects) {
        this.objects = objects;
    }

    /** Why a call failed: upstream's ErrCallingWebhook, the webhook's policy decides. */
    static final class CallException extends Exception {
        CallException(String message) {
            super(message);
        }
    }

    /** Posts {@code review} and answers the JSON object the webhook sent back. */
    ObjectNode post(JsonNode clientConfig, ObjectNode review, Duration timeout)
            throws CallException {
        Target target = target(clientConfig, timeout);
        HttpClient client;
        try {
            client = clients.computeIfAbsent(target.caBundleKey() + "|" + target.host(),
                    k -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(timeout).executor(CALLBACKS)
                            .sslContext(CaBundleTrust.context(target.caBundle(), target.host(),
                                    true))
                            .build());
        } catch (IllegalArgumentException e) {
            throw new CallException("failed to call webhook: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(target.uri()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(review))).build();
        var future = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CallException("failed to call webhook: Post \"" + target.uri()
                    + "\": context deadline exceeded");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.net.http.HttpTimeoutException
                    ? null : e.getCause();
            throw new CallException("failed to call webhook: Post \"" + target.uri() + "\": "
                    + (cause == null ? "context deadline exceeded" : describe(cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallException("failed to call webhook: interrupted");
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new CallException("failed to call webhook: an error on the server (\""
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).strip()
                    + "\") has prevented the request from succeeding (HTTP "
                    + response.statusCode() + ")");
        }
        try {
            return Json.parseObject(response.body(), false);
        } catch (RuntimeException e) {
            throw new CallException("received invalid webhook response: " + e.getMessage());
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    private record Target(URI uri, String host, byte[] caBundle, String caBundleKey) {}

    private Target target(JsonNode cc, Duration timeout) throws CallException {
        String bundle = cc.path("caBundle").asText("");
        byte[] ca = bundle.isEmpty() ? new byte[0] : Base64.getMimeDecoder().decode(bundle);
        String query = "timeout=" + timeout.toSeconds() + "s";
        if (cc.hasNonNull("url")) {
            URI url = URI.create(cc.path("url").asText());
            String sep = url.getRawQuery() == null ? "?" : "&";
            return new Target(URI.create(url + sep + query), url.getHost(), ca, bundle);
        }
        JsonNode svc = cc.path("service");
        String name = svc.path("name").asText();
        String ns = svc.path("namespace").asText();
        int port = svc.path("port").asInt(443);
        String path = svc.path("path").asText("");
        ObjectNode service = objects.get("", "services", ns, name).orElseThrow(
                () -> new CallException("failed to call webhook: service \"" + name
                        + "\" not found"));
        String ip = service.path("spec").path("clusterIP").asText("");
        if (ip.isEmpty() || ip.equals("None")) {
            throw new CallException("failed to call webhook: service " + ns + "/" + name
                    + " has no cluster IP");
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return new Target(URI.create("https://" + host + ":" + port + path + "?" + query),
                name + "." + ns + ".svc", ca, bundle);
    }
}
