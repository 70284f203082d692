package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.testkit.Directories;
import io.j8s.testkit.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream's authorization on a {@code j8s server} at its defaults ({@code Node,RBAC}, anonymous
 * requests on), with its node agent: a table of cases through the real kubectl, as users from
 * client certificates of the cluster CA and from bearer tokens, a node, anonymous requests and
 * impersonation; and a front proxy naming the user in request headers.
 */
class AuthorizationE2E {
    private static Path dir;
    private static RunningServer server;
    private static Kubectl admin;
    private static Kubectl jane;
    private static Kubectl bob;
    private static Kubectl ops;
    private static Kubectl alice;
    private static Kubectl node;
    private static Kubectl anonymous;
    /** The front proxy's CA, given to the server as --requestheader-client-ca-file. */
    private static ClusterPki proxyCa;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-authz");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "jane-token,jane,1001,\"developers\"\n"
                + "bob-token,bob,1002\nops-token,ops,1003,\"operators\"\n");
        proxyCa = ClusterPki.loadOrCreate(dir.resolve("front-proxy"), List.of("localhost"),
                List.of("127.0.0.1"));
        server = RunningServer.startWithAgent("--token-file", tokens.toString(),
                "--requestheader-client-ca-file", dir.resolve("front-proxy/ca.crt").toString(),
                "--requestheader-allowed-names", "front-proxy-client",
                "--requestheader-uid-headers", "X-Remote-Uid");
        // client certificates from the cluster's CA, issued from a copy of it
        Path ca = dir.resolve("ca");
        Files.createDirectories(ca);
        for (String f : List.of("ca.crt", "ca.key")) {
            Files.copy(server.dataDir().resolve("server/tls/" + f), ca.resolve(f));
        }
        ClusterPki pki = ClusterPki.loadOrCreate(ca, List.of("localhost"), List.of("127.0.0.1"));
        Files.createFile(dir.resolve("empty-kubeconfig"));
        admin = server.kubectl(null);
        jane = as("--token", "jane-token");
        bob = as("--token", "bob-token");
        ops = as("--token", "ops-token");
        alice = as(cert(pki.clientCredentials("alice", List.of("auditors"))));
        node = as(cert(pki.clientCredentials("system:node:n9", List.of("system:nodes"))));
        // no certificate and no token: kubectl would prompt for a password without any
        // credentials, so it is given a basic-auth user, which the server ignores as upstream's
        // (no basic authenticator since 1.19): the request is anonymous
        anonymous = as("--username", "nobody", "--password", "unused");
        for (String yaml : List.of(SETUP.split("\n---\n"))) {
            Kubectl.ok(admin.input(yaml, "apply", "-f", "-"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jane.run("get", "pods", "-n", "team-a")
                .ok());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        Directories.deleteRecursively(dir);
    }

    private static String[] cert(ClientCredentials c) {
        return new String[] {"--client-certificate", c.certFile().toString(), "--client-key",
                c.keyFile().toString()};
    }

    /** kubectl with the server's CA and only these credentials. */
    private static Kubectl as(String... credentials) {
        List<String> flags = new ArrayList<>(List.of("--kubeconfig",
                dir.resolve("empty-kubeconfig").toString(), "--cache-dir",
                dir.resolve("cache").toString(), "--server", "https://127.0.0.1:" + server.port(),
                "--certificate-authority", server.dataDir().resolve("server/tls/ca.crt")
                        .toString()));
        flags.addAll(List.of(credentials));
        return Kubectl.installed().with(flags.toArray(String[]::new));
    }

    private static final String SETUP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-b}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s1, namespace: team-a}
            stringData: {k: one}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s2, namespace: team-a}
            stringData: {k: two}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p9, namespace: team-a}
            spec:
              nodeName: n9
              containers:
              - name: c
                image: busybox:1
                env: [{name: K, valueFrom: {secretKeyRef: {name: s1, key: k}}}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: jane-edit, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: ops-admin, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: operators}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pod-reader, namespace: team-a}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: bob-reads, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: log-reader, namespace: team-a}
            rules: [{apiGroups: [""], resources: [pods/log], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: auditors-logs, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: log-reader}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: auditors}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: impersonate-jane}
            rules: [{apiGroups: [""], resources: [users], verbs: [impersonate], resourceNames: [jane]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: alice-as-jane}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-jane}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
            """;

    private static final String BIND_ADMIN = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: up, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: operators}]
            """;

    private static final String ROLE_NODES = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: nodes, namespace: team-a}
            rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
            """;

    private static final String RECONCILED = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reconciled-reader}
            rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reconciled, namespace: team-b}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reconciled-reader}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}]
            """;

    /** One row: who runs what, and whether it is allowed (else the words of the refusal). */
    private record Case(String name, Kubectl who, String stdin, List<String> args,
            boolean allowed, String says) {}

    private static Case ok(String name, Kubectl who, String... args) {
        return new Case(name, who, null, List.of(args), true, "");
    }

    private static Case okSays(String name, Kubectl who, String says, String... args) {
        return new Case(name, who, null, List.of(args), true, says);
    }

    private static Case no(String name, Kubectl who, String says, String... args) {
        return new Case(name, who, null, List.of(args), false, says);
    }

    private static Case noIn(String name, Kubectl who, String stdin, String says,
            String... args) {
        return new Case(name, who, stdin, List.of(args), false, says);
    }

    @Test
    void theTableOfCases() {
        List<Case> table = List.of(
                ok("editor lists pods in its namespace", jane, "get", "pods", "-n", "team-a"),
                no("editor cannot list pods in another namespace", jane, "User \"jane\" cannot"
                        + " list resource \"pods\" in API group \"\" in the namespace \"team-b\"",
                        "get", "pods", "-n", "team-b"),
                ok("editor creates a configmap", jane, "create", "configmap", "c1", "-n",
                        "team-a"),
                no("editor cannot create in another namespace", jane, "cannot create resource"
                        + " \"configmaps\"", "create", "configmap", "c1", "-n", "team-b"),
                ok("editor reads secrets (edit has them)", jane, "get", "secrets", "-n",
                        "team-a"),
                no("editor cannot list nodes", jane, "cannot list resource \"nodes\" in API"
                        + " group \"\" at the cluster scope", "get", "nodes"),
                no("editor cannot create role bindings", jane, "cannot create resource"
                        + " \"rolebindings\"", "create", "rolebinding", "x",
                        "--clusterrole=view", "--user=jane", "-n", "team-a"),
                ok("reader lists pods", bob, "get", "pods", "-n", "team-a"),
                no("reader cannot read secrets without the rule", bob, "User \"bob\" cannot"
                        + " list resource \"secrets\"", "get", "secrets", "-n", "team-a"),
                no("reader cannot delete pods", bob, "cannot delete resource \"pods\"",
                        "delete", "pod", "p9", "-n", "team-a"),
                no("reader cannot read pods/log", bob, "cannot get resource \"pods/log\"",
                        "logs", "p9", "-n", "team-a"),
                okSays("pods/log rule answers yes for the subresource", alice, "yes", "auth",
                        "can-i", "get", "pods", "--subresource=log", "-n", "team-a"),
                no("pods/log rule does not grant pods", alice, "User \"alice\" cannot list"
                        + " resource \"pods\"", "get", "pods", "-n", "team-a"),
                noIn("namespace admin cannot bind cluster-admin", ops, BIND_ADMIN,
                        "is attempting to grant RBAC permissions not currently held",
                        "create", "-f", "-"),
                noIn("namespace admin cannot grant rules it lacks", ops, ROLE_NODES,
                        "user \"ops\" (groups=[\"operators\" \"system:authenticated\"]) is"
                                + " attempting to grant RBAC permissions not currently held",
                        "create", "-f", "-"),
                ok("namespace admin binds view, which it holds", ops, "create", "rolebinding",
                        "bob-view", "--clusterrole=view", "--user=bob", "-n", "team-a"),
                ok("node reads the secret of its pod", node, "get", "secret", "s1", "-n",
                        "team-a"),
                no("node cannot read a secret of no pod on it", node, "User \"system:node:n9\""
                        + " cannot get resource \"secrets\"", "get", "secret", "s2", "-n",
                        "team-a"),
                no("node cannot list secrets", node, "cannot list resource \"secrets\"",
                        "get", "secrets", "-n", "team-a"),
                ok("node lists pods", node, "get", "pods", "-A"),
                no("node cannot delete a pod not on it", node, "cannot delete resource"
                        + " \"pods\"", "delete", "pod", "p9", "-n", "kube-system"),
                ok("impersonating an allowed user", alice, "get", "pods", "-n", "team-a",
                        "--as", "jane"),
                no("impersonating a user not allowed", alice, "users \"bob\" is forbidden: User"
                        + " \"alice\" cannot impersonate resource \"users\" in API group \"\"",
                        "get", "pods", "-n", "team-a", "--as", "bob"),
                no("impersonating a user not allowed, on a pod's log stream", alice,
                        "users \"bob\" is forbidden: User \"alice\" cannot impersonate resource"
                        + " \"users\" in API group \"\"", "logs", "p9", "-n", "team-a", "--as", "bob"),
                no("impersonating a group not allowed", alice, "cannot impersonate resource"
                        + " \"groups\"", "get", "pods", "--as", "jane", "--as-group",
                        "system:masters"),
                okSays("can-i yes", jane, "yes", "auth", "can-i", "create", "deployments",
                        "-n", "team-a"),
                no("can-i no", jane, "no", "auth", "can-i", "create", "deployments", "-n",
                        "team-b"),
                okSays("can-i --list", bob, "pods", "auth", "can-i", "--list", "-n", "team-a"),
                no("an admin asks for another user (SubjectAccessReview via --as)", admin, "no",
                        "auth", "can-i", "get", "secrets", "-n", "team-a", "--as", "bob"),
                okSays("anonymous reads /version", anonymous, "gitVersion", "get", "--raw",
                        "/version"),
                okSays("anonymous reads /healthz", anonymous, "ok", "get", "--raw", "/healthz"),
                no("anonymous cannot list pods", anonymous, "User \"system:anonymous\" cannot"
                        + " list resource \"pods\"", "get", "--raw", "/api/v1/pods"),
                no("anonymous cannot read discovery", anonymous, "User \"system:anonymous\""
                        + " cannot get path \"/api\"", "get", "--raw", "/api"),
                ok("an admin binds view to a service account", admin, "create",
                        "rolebinding", "sa-view", "--clusterrole=view",
                        "--serviceaccount=team-a:default", "-n", "team-a"),
                ok("kubectl auth reconcile", admin, "auth", "reconcile", "-f", "-"));
        SoftAssertions soft = new SoftAssertions();
        for (Case c : table) {
            String stdin = c.name().equals("kubectl auth reconcile") ? RECONCILED : c.stdin();
            Kubectl.Result r = stdin == null ? c.who().run(c.args().toArray(String[]::new))
                    : c.who().input(stdin, c.args().toArray(String[]::new));
            soft.assertThat(r.ok()).as(c.name() + ": " + r).isEqualTo(c.allowed());
            soft.assertThat(r.out() + r.err()).as(c.name() + ": " + r).contains(c.says());
        }
        soft.assertAll();
        assertThat(table).hasSizeGreaterThanOrEqualTo(30);
    }

    /** POSTs a SelfSubjectReview with curl, as {@code proxy} with {@code headers}: its output and status. */
    private static String whoamiThroughProxy(ClientCredentials proxy, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20",
                "--cacert", server.dataDir().resolve("server/tls/ca.crt").toString(),
                "--cert", proxy.certFile().toString(), "--key", proxy.keyFile().toString(),
                "-H", "Content-Type: application/json", "-w", "\nHTTP %{http_code}", "-d",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"));
        for (String h : headers) {
            command.addAll(List.of("-H", h));
        }
        command.add("https://127.0.0.1:" + server.port()
                + "/apis/authentication.k8s.io/v1/selfsubjectreviews");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aFrontProxyNamesTheUserInHeadersAndOnlyItsAllowedCertificateMay() throws Exception {
        ClientCredentials proxy = proxyCa.clientCredentials("front-proxy-client", List.of());
        String review = whoamiThroughProxy(proxy, "X-Remote-User: carol", "X-Remote-Uid: c-42",
                "X-Remote-Group: auditors", "X-Remote-Extra-Scopes: read");
        assertThat(review).endsWith("HTTP 201").contains("\"username\":\"carol\"",
                "\"uid\":\"c-42\"", "\"groups\":[\"auditors\",\"system:authenticated\"]",
                "\"extra\":{\"scopes\":[\"read\"]}");
        // a certificate of the proxy's CA with another name is not the proxy, nor a cluster user
        ClientCredentials other = proxyCa.clientCredentials("someone-else", List.of());
        assertThat(whoamiThroughProxy(other, "X-Remote-User: carol")).endsWith("HTTP 401");
        // the proxy without a user header names nobody
        assertThat(whoamiThroughProxy(proxy)).endsWith("HTTP 401");
    }

    @Test
    void bindingsTakeEffectAtOnceAndReconcileGrantsWhatItNames() {
        String sa = "system:serviceaccount:team-a:builder";
        assertThat(admin.run("auth", "can-i", "list", "pods", "-n", "team-a", "--as", sa).out()
                .strip()).isEqualTo("no");
        Kubectl.ok(admin.run("create", "rolebinding", "builder-view", "--clusterrole=view",
                "--serviceaccount=team-a:builder", "-n", "team-a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.run("get", "pods", "-n",
                "team-a", "--as", sa, "--as-group", "system:serviceaccounts").ok());
        Kubectl.ok(admin.input(RECONCILED, "auth", "reconcile", "-f", "-"));
        await().atMost(Duration.ofSeconds(5)).until(() -> bob.run("auth", "can-i", "get",
                "configmaps", "-n", "team-b").out().strip().equals("yes"));
        Kubectl.Result local = jane.input("""
                apiVersion: authorization.k8s.io/v1
                kind: SelfSubjectAccessReview
                spec: {resourceAttributes: {verb: delete, resource: pods, namespace: team-a}}
                """, "create", "--validate=false", "-f", "-", "-o", "jsonpath={.status.allowed}");
        assertThat(local.out().strip()).as(local.toString()).isEqualTo("true");
    }
}
