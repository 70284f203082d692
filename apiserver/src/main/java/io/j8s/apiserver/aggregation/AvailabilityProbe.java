package io.j8s.apiserver.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.apiserver.webhook.CaBundleTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Whether an APIService is available: local ones always; one with a service when its endpoint
 * answers {@code GET /apis/GROUP/VERSION} with 2xx over HTTPS, verified with its caBundle for
 * {@code SVC.NS.svc} (or not at all with insecureSkipTLSVerify). The endpoint is the first ready
 * address of the service's Endpoints with the service port's target port, as upstream's
 * {@code --enable-aggregator-routing} resolves it: it works on one machine without a proxy.
 */
final class AvailabilityProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ClusterObjects objects;
    private final FrontProxy frontProxy;
    private volatile javax.net.ssl.KeyManager[] keys;

    AvailabilityProbe(ClusterObjects objects, FrontProxy frontProxy) {
        this.objects = objects;
        this.frontProxy = frontProxy;
    }

    /** The front-proxy client certificate, read once; none without a front proxy. */
    private javax.net.ssl.KeyManager[] keys() {
        if (frontProxy != null && keys == null) {
            keys = new io.j8s.apiserver.pki.CertificateFiles(frontProxy.certFile(),
                    frontProxy.keyFile()).keyManagers();
        }
        return keys;
    }

    /** The condition to set; {@code body} is the backend's APIResourceList when it answered. */
    record Result(boolean available, String reason, String message, byte[] body) {
        Result(boolean available, String reason, String message) {
            this(available, reason, message, null);
        }
    }

    /** {@code https://IP:PORT} of the service's endpoint, or why there is none. */
    record Endpoint(String ip, int port, Result problem) {
        String url() {
            return "https://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    Result check(ObjectNode apiService) {
        JsonNode spec = apiService.path("spec");
        JsonNode svc = spec.path("service");
        if (svc.isMissingNode() || svc.isNull()) {
            return new Result(true, "Local", "Local APIServices are always available");
        }
        Endpoint e = endpoint(svc);
        if (e.problem() != null) {
            return e.problem();
        }
        String url = e.url() + "/apis/" + spec.path("group").asText() + "/"
                + spec.path("version").asText();
        String bundle = spec.path("caBundle").asText("");
        byte[] ca = bundle.isEmpty() ? new byte[0] : Base64.getMimeDecoder().decode(bundle);
        String host = svc.path("name").asText() + "." + svc.path("namespace").asText() + ".svc";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                    .sslContext(CaBundleTrust.context(ca, host,
                            !spec.path("insecureSkipTLSVerify").asBoolean(false), keys()))
                    .build()) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url))
                    // As upstream, the check is made as system:kube-aggregator in system:masters.
                    .timeout(TIMEOUT).header("Accept", "application/json")
                    .header("X-Remote-User", "system:kube-aggregator")
                    .header("X-Remote-Group", "system:masters").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 == 2) {
                return new Result(true, "Passed", "all checks passed", r.body());
            }
            return failed(url, "bad status from " + url + ": " + r.statusCode());
        } catch (java.io.IOException | RuntimeException ex) {
            return failed(url, ex.getMessage() == null ? ex.getClass().getSimpleName()
                    : ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return failed(url, "interrupted");
        }
    }

    private static Result failed(String url, String why) {
        return new Result(false, "FailedDiscoveryCheck", "failing or missing response from "
                + url + ": " + why);
    }

    /** Resolves the service to an endpoint address and port. */
    Endpoint endpoint(JsonNode svc) {
        String name = svc.path("name").asText();
        String ns = svc.path("namespace").asText();
        int port = svc.path("port").asInt(443);
        Optional<ObjectNode> service = objects.get("", "services", ns, name);
        if (service.isEmpty()) {
            return new Endpoint(null, 0, new Result(false, "ServiceNotFound", "service/" + name
                    + " in \"" + ns + "\" is not present"));
        }
        String portName = "";
        boolean found = false;
        for (JsonNode p : service.get().path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                portName = p.path("name").asText("");
                found = true;
            }
        }
        if (!found) {
            return new Endpoint(null, 0, new Result(false, "ServicePortError", "service/" + name
                    + " in \"" + ns + "\" is not listening on port " + port));
        }
        Optional<ObjectNode> endpoints = objects.get("", "endpoints", ns, name);
        for (JsonNode subset : endpoints.map(o -> o.path("subsets"))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            for (JsonNode p : subset.path("ports")) {
                if (!p.path("name").asText("").equals(portName)) {
                    continue;
                }
                JsonNode address = subset.path("addresses").path(0);
                if (!address.isMissingNode()) {
                    return new Endpoint(address.path("ip").asText(), p.path("port").asInt(),
                            null);
                }
            }
        }
        return new Endpoint(null, 0, new Result(false, "MissingEndpoints", "endpoints for service/"
                + name + " in \"" + ns + "\" have no addresses with port name \"" + portName
                + "\""));
    }
}
