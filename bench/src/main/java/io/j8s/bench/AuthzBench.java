package io.j8s.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.rbac.Authorization;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.WriteOptions;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code j8s bench authz}: what RBAC adds to a request. One store holds 200 ClusterRoles and
 * 1,000 RoleBindings over 50 namespaces; two API servers in this JVM serve it, one with
 * {@code Node,RBAC} and one with {@code AlwaysAllow}, and the same GET of a pod by a user bound
 * by one of the RoleBindings alternates between them. The p99 difference is RBAC's overhead; the
 * authorizer's own decision is timed besides, with its decision cache and without. TokenRequest
 * is measured by the service account tokens' part of the bench (n/a here).
 */
@Command(name = "authz", mixinStandardHelpOptions = true,
        description = "Measure what Node,RBAC authorization adds to a GET, with 1,000 RoleBindings"
                + " and 200 ClusterRoles; the table to stdout.")
public final class AuthzBench implements Callable<Integer> {
    @Option(names = "--requests", paramLabel = "N", description = "GETs per server"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "4000")
    int requests;

    @Option(names = "--role-bindings", paramLabel = "N", defaultValue = "1000",
            description = "RoleBindings (default: ${DEFAULT-VALUE}).")
    int roleBindings;

    @Option(names = "--cluster-roles", paramLabel = "N", defaultValue = "200",
            description = "ClusterRoles (default: ${DEFAULT-VALUE}).")
    int clusterRoles;

    @Spec
    CommandSpec spec;

    private static final int NAMESPACES = 50;
    private static final UserInfo USER = new UserInfo("bench-user", "", List.of("bench-group",
            UserInfo.AUTHENTICATED));

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("j8s-bench-authz");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "bench-token,bench-user,1,\"bench-group\"\n");
        try (Store store = Store.builder().dataDir(dir.resolve("data")).open()) {
            err.println("creating " + clusterRoles + " ClusterRoles and " + roleBindings
                    + " RoleBindings");
            populate(store);
            ApiServer rbac = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                    .authenticator(Authenticator.tokenFile(tokens))
                    .authorizationModes("Node,RBAC").start();
            ApiServer open = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                    .authenticator(Authenticator.tokenFile(tokens))
                    .authorizer(Authorizer.alwaysAllow()).start();
            try (rbac; open; HttpClient http = HttpClient.newHttpClient()) {
                String path = "/api/v1/namespaces/ns-49/pods/p";
                long[][] samples = alternate(http, List.of(rbac.port(), open.port()), path);
                Percentiles withRbac = Percentiles.of(samples[0]);
                Percentiles without = Percentiles.of(samples[1]);
                Percentiles[] decisions = decisions(store);
                double overhead = Math.max(0, withRbac.millis(99) - without.millis(99));
                out.println("| what | n | p50 ms | p99 ms |");
                out.println("|---|---|---|---|");
                row(out, "GET pod, Node,RBAC", withRbac);
                row(out, "GET pod, AlwaysAllow", without);
                row(out, "RBAC decision, cached", decisions[0]);
                row(out, "RBAC decision, not cached", decisions[1]);
                out.printf(Locale.ROOT, "| RBAC overhead on a GET (p99 difference) | | | %.3f |%n",
                        overhead);
                io.j8s.bench.authz.TokenLoad.Figures tokenFigures =
                        io.j8s.bench.authz.TokenLoad.measure(1_000, 100_000);
                out.printf(Locale.ROOT, "| TokenRequest | %d | %.3f | %.3f |%n",
                        tokenFigures.tokenRequests(), tokenFigures.tokenRequestP50Ms(),
                        tokenFigures.tokenRequestP99Ms());
                out.printf(Locale.ROOT, "authz rbac-overhead-p99-ms=%.3f %s%n", overhead,
                        tokenFigures.summary());
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
        return 0;
    }

    private static void row(PrintWriter out, String what, Percentiles p) {
        out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", what, p.count(), p.millis(50),
                p.millis(99));
    }

    private void populate(Store store) {
        Registries r = new Registries(ResourceCatalogue.builtIn(), store, Clock.systemUTC());
        r.ensureSystemNamespaces();
        for (int n = 0; n < NAMESPACES; n++) {
            create(r, "", "namespaces", null, "{'metadata':{'name':'ns-" + n + "'}}");
        }
        create(r, "", "pods", "ns-49", "{'metadata':{'name':'p'},'spec':{'containers':"
                + "[{'name':'c','image':'busybox'}]}}");
        for (int i = 0; i < clusterRoles; i++) {
            create(r, "rbac.authorization.k8s.io", "clusterroles", null, "{'metadata':{'name':"
                    + "'bench-" + i + "'},'rules':[{'verbs':['get','list'],'apiGroups':['apps'],"
                    + "'resources':['deployments','replicasets']},{'verbs':['get'],'apiGroups':"
                    + "[''],'resources':['configmaps','services','endpoints']},{'verbs':['create'],"
                    + "'apiGroups':['batch'],'resources':['jobs']},{'verbs':['get','list','watch'],"
                    + "'apiGroups':[''],'resources':['" + (i == clusterRoles - 1 ? "pods"
                            : "pods-" + i) + "']}]}");
        }
        for (int i = 0; i < roleBindings; i++) {
            String subject = i == roleBindings - 1 ? "{'kind':'Group','name':'bench-group'}"
                    : "{'kind':'User','name':'user-" + i + "'},{'kind':'Group','name':'group-"
                            + (i % 97) + "'}";
            create(r, "rbac.authorization.k8s.io", "rolebindings", "ns-" + (i % NAMESPACES),
                    "{'metadata':{'name':'rb-" + i + "'},'roleRef':{'apiGroup':"
                            + "'rbac.authorization.k8s.io','kind':'ClusterRole','name':'bench-"
                            + (i * 7 % clusterRoles) + "'},'subjects':[" + subject + "]}");
        }
        create(r, "rbac.authorization.k8s.io", "clusterroles", null, "{'metadata':{'name':"
                + "'bench-pods'},'rules':[{'verbs':['get'],'apiGroups':[''],'resources':['pods']}]}");
        create(r, "rbac.authorization.k8s.io", "rolebindings", "ns-49", "{'metadata':{'name':"
                + "'bench-user'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':"
                + "'ClusterRole','name':'bench-pods'},'subjects':[{'kind':'User','name':"
                + "'bench-user'}]}");
    }

    private static void create(Registries r, String group, String plural, String ns,
            String body) {
        ObjectNode o = Json.tree(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        r.find(group, "v1", plural).orElseThrow().create(ns, o, WriteOptions.DEFAULT);
    }

    /** GETs sent in turn to each server, warmed up first; samples per server in nanoseconds. */
    private long[][] alternate(HttpClient http, List<Integer> ports, String path)
            throws Exception {
        long[][] samples = new long[ports.size()][requests];
        for (int round = -requests / 4; round < requests; round++) {
            for (int s = 0; s < ports.size(); s++) {
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports.get(s) + path)).header("Authorization", "Bearer bench-token")
                        .build();
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + path + " on port " + ports.get(s)
                            + " answered " + r.statusCode() + ": " + r.body());
                }
                if (round >= 0) {
                    samples[s][round] = took;
                }
            }
        }
        return samples;
    }

    /** The decision alone, with the cache and without, on a fresh pair of authorizers. */
    private Percentiles[] decisions(Store store) {
        Registries r = new Registries(ResourceCatalogue.builtIn(), store, Clock.systemUTC());
        r.startWatchCaches();
        try (Authorization cached = Authorization.start(r, List.of("Node", "RBAC"), true);
                Authorization uncached = Authorization.startUncached(r, List.of("Node", "RBAC"))) {
            Attributes get = Attributes.resource(USER, "get", "", "v1", "ns-49", "pods", "",
                    "p");
            Percentiles[] out = new Percentiles[2];
            Authorizer[] both = {cached.authorizer(), uncached.authorizer()};
            for (int i = 0; i < 2; i++) {
                long[] ns = new long[requests * 5];
                for (int k = -ns.length / 4; k < ns.length; k++) {
                    long t0 = System.nanoTime();
                    if (!both[i].allowed(get)) {
                        throw new IllegalStateException("the bench user may not get its pod");
                    }
                    if (k >= 0) {
                        ns[k] = System.nanoTime() - t0;
                    }
                }
                out[i] = Percentiles.of(ns);
            }
            return out;
        } finally {
            r.stopWatchCaches();
        }
    }
}
