package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.testkit.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl (oldest, middle and newest we have) discovering the API through the
 * aggregated documents: {@code kubectl api-resources} fetches /api and /apis only, in the
 * apidiscovery version it asks for, and prints exactly the resources, short names, scopes, verbs
 * and categories that the legacy per-group-version documents list. Each run starts from an empty
 * cache directory, so kubectl really asks the server.
 */
class DiscoveryKubectlIT {
    /** The path of every request kubectl logs at -v=7 and up, in the 1.27 and the 1.30+ formats. */
    private static final Pattern REQUEST =
            Pattern.compile("(?:\\] GET |verb=\"GET\" url=\")https?://[^/\\s\"]+(/[^?\\s\"]*)");
    private static final Pattern AGGREGATED = Pattern.compile(
            "Content-Type: application/json;g=apidiscovery\\.k8s\\.io;v=(v2|v2beta1);as=APIGroupDiscoveryList");
    private static final Pattern NOT_MODIFIED = Pattern.compile(
            "apiserver_request_total\\{[^}]*code=\"304\"[^}]*\\} ([0-9.]+)");

    @RegisterExtension
    static final TestApiServer server = TestApiServer.plain();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33");
    }

    private static Kubectl kubectl(String version, Path cache) {
        return Kubectl.version(version).with("--server", "http://127.0.0.1:" + server.port(),
                "--cache-dir", cache.toString());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void apiResourcesReadsTheAggregatedDocumentsAndListsWhatLegacyDiscoveryLists(String version)
            throws Exception {
        Path cache = Files.createTempDirectory(server.dir(), "cache-" + version + "-");
        Kubectl.Result r = ok(kubectl(version, cache).run("api-resources", "-o", "wide", "-v=8"));

        List<String> fetched = new ArrayList<>();
        Matcher m = REQUEST.matcher(r.err());
        while (m.find()) {
            fetched.add(m.group(1));
        }
        assertThat(fetched).as(r.err()).containsExactly("/api", "/apis");
        Set<String> served = new HashSet<>();
        AGGREGATED.matcher(r.err()).results().forEach(x -> served.add(x.group(1)));
        assertThat(served).as(r.err())
                .containsExactly(version.equals("1.27") ? "v2beta1" : "v2");

        assertThat(rows(r.out())).isEqualTo(legacyRows());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aSecondRunRevalidatesItsCachedDocumentsWithTheirEtags(String version) throws Exception {
        Path cache = Files.createTempDirectory(server.dir(), "etag-" + version + "-");
        Kubectl k = kubectl(version, cache);
        String first = ok(k.run("api-resources")).out();
        double before = notModified();
        // api-resources drops the discovery cache unless --cached, so this run asks again, and
        // the HTTP cache under --cache-dir sends the ETags it got back.
        Kubectl.Result again = ok(k.run("api-resources", "-v=8"));
        assertThat(again.out()).isEqualTo(first);
        assertThat(again.err()).contains("X-From-Cache: 1");
        assertThat(notModified() - before).isEqualTo(2);
    }

    /** How many 304 answers the server has counted. */
    private static double notModified() throws Exception {
        String metrics = get("/metrics", "text/plain");
        double total = 0;
        Matcher m = NOT_MODIFIED.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static String get(String path, String accept) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /**
     * The rows api-resources -o wide should print, from the legacy documents: each group's
     * resources, a resource of several versions under the preferred one; columns joined by |.
     */
    private static List<String> legacyRows() throws Exception {
        List<String> rows = new ArrayList<>();
        addRows(rows, new HashSet<>(), "v1", Json.tree(get("/api/v1", "application/json")
                .getBytes()));
        for (JsonNode group : Json.tree(get("/apis", "application/json").getBytes())
                .path("groups")) {
            Set<String> seen = new HashSet<>();
            List<String> versions = new ArrayList<>();
            versions.add(group.path("preferredVersion").path("groupVersion").asText());
            group.path("versions").forEach(v -> {
                if (!versions.contains(v.path("groupVersion").asText())) {
                    versions.add(v.path("groupVersion").asText());
                }
            });
            for (String gv : versions) {
                addRows(rows, seen, gv, Json.tree(get("/apis/" + gv, "application/json")
                        .getBytes()));
            }
        }
        return rows.stream().sorted().toList();
    }

    private static void addRows(List<String> rows, Set<String> seen, String gv, JsonNode list) {
        for (JsonNode r : list.path("resources")) {
            String name = r.path("name").asText();
            if (name.contains("/") || !seen.add(name)) {
                continue;
            }
            rows.add(String.join("|", name, joined(r.path("shortNames")), gv,
                    r.path("namespaced").asText(), r.path("kind").asText(), joined(r.path("verbs")),
                    joined(r.path("categories"))));
        }
    }

    private static String joined(JsonNode array) {
        return String.join(",", StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText).toList());
    }

    /** kubectl's table, each row's cells cut at the header's column starts and joined by |. */
    private static List<String> rows(String table) {
        String[] lines = table.split("\n");
        List<Integer> starts = new ArrayList<>();
        Matcher header = Pattern.compile("\\S+").matcher(lines[0]);
        while (header.find()) {
            starts.add(header.start());
        }
        assertThat(lines[0].split("\\s+")).containsExactly("NAME", "SHORTNAMES", "APIVERSION",
                "NAMESPACED", "KIND", "VERBS", "CATEGORIES");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < starts.size(); c++) {
                int from = Math.min(starts.get(c), line.length());
                int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length())
                        : line.length();
                cells.add(line.substring(from, to).trim());
            }
            rows.add(String.join("|", cells));
        }
        return rows.stream().sorted().toList();
    }
}
