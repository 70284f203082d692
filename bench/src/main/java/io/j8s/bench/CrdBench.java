package io.j8s.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.testkit.TemporaryDirectory;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code j8s bench crd}: CustomResourceDefinitions on an in-process API server over SQLite: how
 * long a new definition takes to be Established with its first custom resource accepted, and
 * the p99 of custom resource creates and updates at a fixed rate through a 50-field schema (and
 * its CEL rule) against the same load on ConfigMaps in the same run.
 */
@Command(name = "crd", mixinStandardHelpOptions = true,
        description = {"Time a CustomResourceDefinition to Established and its first custom"
                + " resource; compare custom resource create/update p99 at a fixed rate with"
                + " ConfigMaps'.", "Progress goes to stderr, the table to stdout."})
public final class CrdBench implements Callable<Integer> {
    static final int FIELDS = 50;

    @Option(names = "--rate", description = "Requests per second (default: 200).")
    double rate = 200;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each load runs, like 10s (default: 10s).")
    Duration duration = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();
    private String url;

    @Override
    public Integer call() throws Exception {
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-crd");
                Store store = Store.builder().dataDir(dir.path().resolve("data")).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                        .anonymousAdminForTests().start()) {
            url = "http://127.0.0.1:" + server.port();
            System.err.println("crd: timing Established and the first custom resource");
            long warm = establish("warmups");
            long establishedMs = establish("gizmos");
            System.err.printf(Locale.ROOT, "crd: warm-up %d ms, measured %d ms%n", warm,
                    establishedMs);
            String configMapPath = "/api/v1/namespaces/default/configmaps";
            String gizmoPath = "/apis/bench.j8s.io/v1/namespaces/default/gizmos";
            Duration warmUp = duration.dividedBy(2);
            System.err.println("crd: warming up both for " + warmUp + " each");
            load(configMapPath, "v1", "ConfigMap", "warm", warmUp);
            load(gizmoPath, "bench.j8s.io/v1", "Gizmo", "warm", warmUp);
            System.err.println("crd: " + rate + " req/s on ConfigMaps for " + duration);
            Percentiles configMaps = load(configMapPath, "v1", "ConfigMap", "o", duration);
            System.err.println("crd: " + rate + " req/s on custom resources for " + duration);
            Percentiles custom = load(gizmoPath, "bench.j8s.io/v1", "Gizmo", "o", duration);
            System.err.println("crd: the webhook overhead (./j8s bench webhook)");
            OptionalDouble webhook = OptionalDouble.of(io.j8s.bench.webhook.WebhookOverhead
                    .measure(1_000, line -> System.err.println("crd: webhook: " + line))
                    .overheadP99());
            double ratio = custom.millis(99) / configMaps.millis(99);
            ResultsTable t = new ResultsTable().left("measurement").right("value");
            t.row("CRD create -> Established + first CR (ms)", Long.toString(establishedMs));
            t.row("ConfigMap create/update p50 (ms)", ResultsTable.decimal(configMaps.millis(50), 2));
            t.row("ConfigMap create/update p99 (ms)", ResultsTable.decimal(configMaps.millis(99), 2));
            t.row("custom resource create/update p50 (ms)",
                    ResultsTable.decimal(custom.millis(50), 2));
            t.row("custom resource create/update p99 (ms)",
                    ResultsTable.decimal(custom.millis(99), 2));
            t.row("CR / ConfigMap p99", ResultsTable.decimal(ratio, 2));
            t.row("webhook overhead p99 (ms)", webhook.isPresent()
                    ? ResultsTable.decimal(webhook.getAsDouble(), 2) : "n/a");
            PrintWriter out = new PrintWriter(System.out, true);
            t.print(out);
            out.printf(Locale.ROOT, "crd established-ms=%d cr-vs-configmap-p99-ratio=%.2f"
                    + " webhook-overhead-p99-ms=%s%n", establishedMs, ratio,
                    webhook.isPresent() ? String.format(Locale.ROOT, "%.2f",
                            webhook.getAsDouble()) : "n/a");
            return 0;
        }
    }

    /** Creates a definition with {@code plural}, then its first custom resource: the ms it took. */
    private long establish(String plural) throws Exception {
        long start = System.nanoTime();
        send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                definition(plural));
        ObjectNode first = object("bench.j8s.io/v1", kind(plural), "first", 0);
        String path = "/apis/bench.j8s.io/v1/namespaces/default/" + plural;
        while (true) {
            HttpResponse<byte[]> r = request("POST", path, first);
            if (r.statusCode() == 201) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (r.statusCode() != 404) {
                throw new IllegalStateException("the first " + plural + ": " + r.statusCode()
                        + " " + new String(r.body()));
            }
            if (System.nanoTime() - start > 30_000_000_000L) {
                throw new IllegalStateException(plural + " was not served within 30 s");
            }
            Thread.sleep(2); // polling as a client would
        }
    }

    private static String kind(String plural) {
        String singular = plural.substring(0, plural.length() - 1);
        return Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
    }

    /** Creates {@code prefix-0..99}, then updates them in turn, at the rate, for {@code time}. */
    private Percentiles load(String collection, String apiVersion, String kind, String prefix,
            Duration time) {
        LatencyRecorder latencies = new LatencyRecorder();
        int pool = 100;
        OpenLoop.run(kind, 16, rate, time, (client, i, due) -> {
            String name = prefix + "-" + (i % pool);
            ObjectNode o = object(apiVersion, kind, name, i);
            HttpResponse<byte[]> r = i < pool ? request("POST", collection, o)
                    : request("PUT", collection + "/" + name, o);
            latencies.recordSince(due);
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(kind + " " + name + ": " + r.statusCode() + " "
                        + new String(r.body()));
            }
        });
        return latencies.percentiles();
    }

    /** A custom resource (spec.f0..f49) or a ConfigMap (data.f0..f49) of 50 fields. */
    private static ObjectNode object(String apiVersion, String kind, String name, long i) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("apiVersion", apiVersion).put("kind", kind);
        o.putObject("metadata").put("name", name);
        ObjectNode fields = o.putObject(kind.equals("ConfigMap") ? "data" : "spec");
        for (int f = 0; f < FIELDS; f++) {
            fields.put("f" + f, "value-" + f + "-" + i);
        }
        return o;
    }

    private static ObjectNode definition(String plural) {
        ObjectNode crd = Json.MAPPER.createObjectNode();
        crd.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", plural + ".bench.j8s.io");
        ObjectNode spec = crd.putObject("spec");
        spec.put("group", "bench.j8s.io").put("scope", "Namespaced");
        spec.putObject("names").put("plural", plural).put("kind", kind(plural));
        ObjectNode v = spec.putArray("versions").addObject();
        v.put("name", "v1").put("served", true).put("storage", true);
        ObjectNode schema = v.putObject("schema").putObject("openAPIV3Schema");
        schema.put("type", "object");
        ObjectNode specSchema = schema.putObject("properties").putObject("spec");
        specSchema.put("type", "object");
        ObjectNode props = specSchema.putObject("properties");
        for (int f = 0; f < FIELDS; f++) {
            props.putObject("f" + f).put("type", "string").put("maxLength", 64);
        }
        specSchema.putArray("x-kubernetes-validations").addObject()
                .put("rule", "self.f0 != self.f1").put("message", "f0 and f1 must differ");
        return crd;
    }

    private void send(String method, String path, JsonNode body) throws Exception {
        HttpResponse<byte[]> r = request(method, path, body);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " "
                    + new String(r.body()));
        }
    }

    private HttpResponse<byte[]> request(String method, String path, JsonNode body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
