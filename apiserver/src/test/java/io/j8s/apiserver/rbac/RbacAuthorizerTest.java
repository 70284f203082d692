package io.j8s.apiserver.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.WriteOptions;
import io.j8s.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC and Node over real registries and a real store: rule matching (subresources, names,
 * URLs, subjects), the decision cache following changes, escalation prevention, the bootstrap
 * policy and the node graph.
 */
class RbacAuthorizerTest {
    @TempDir
    static Path dir;
    static Store store;
    static Registries registries;
    static Authorization authorization;
    static Authorizer authz;

    static final UserInfo JANE = new UserInfo("jane", "", List.of("devs",
            UserInfo.AUTHENTICATED));
    static final UserInfo ADMIN = new UserInfo("root", "", List.of("system:masters",
            UserInfo.AUTHENTICATED));
    static final UserInfo SA = new UserInfo("system:serviceaccount:team:builder", "",
            List.of("system:serviceaccounts", "system:serviceaccounts:team",
                    UserInfo.AUTHENTICATED));
    static final UserInfo N1 = new UserInfo("system:node:n1", "", List.of("system:nodes",
            UserInfo.AUTHENTICATED));

    @BeforeAll
    static void start() {
        store = Store.builder().dataDir(dir).open();
        registries = new Registries(ResourceCatalogue.builtIn(), store, Clock.systemUTC());
        registries.ensureSystemNamespaces();
        registries.startWatchCaches();
        authorization = Authorization.start(registries, List.of("Node", "RBAC"), true);
        authz = authorization.authorizer();
        for (String ns : List.of("team", "other")) {
            create("", "namespaces", null, "{'metadata':{'name':'" + ns + "'}}", ADMIN);
        }
        create("rbac.authorization.k8s.io", "roles", "team", "{'metadata':{'name':'logs'},"
                + "'rules':[{'verbs':['get'],'apiGroups':[''],'resources':['pods/log']},"
                + "{'verbs':['get'],'apiGroups':[''],'resources':['configmaps'],"
                + "'resourceNames':['app']}]}", ADMIN);
        create("rbac.authorization.k8s.io", "rolebindings", "team", "{'metadata':{'name':'j'},"
                + "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'logs'},"
                + "'subjects':[{'kind':'Group','name':'devs'},"
                + "{'kind':'ServiceAccount','name':'builder'}]}", ADMIN);
    }

    @AfterAll
    static void stop() {
        authorization.close();
        registries.stopWatchCaches();
        store.close();
    }

    static ObjectNode create(String group, String plural, String ns, String body, UserInfo by) {
        ObjectNode o = Json.tree(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        String version = group.isEmpty() ? "v1" : "v1";
        return registries.find(group, version, plural).orElseThrow().create(ns, o,
                new WriteOptions(false, "test", false, by));
    }

    static boolean can(UserInfo u, String verb, String ns, String resource, String sub,
            String name) {
        String group = resource.equals("roles") || resource.equals("rolebindings")
                ? "rbac.authorization.k8s.io" : "";
        return authz.allowed(Attributes.resource(u, verb, group, "v1", ns, resource, sub, name));
    }

    @Test
    void rulesMatchSubresourcesNamesAndSubjects() {
        await().atMost(Duration.ofSeconds(5)).until(() -> can(JANE, "get", "team", "pods", "log",
                "web"));
        assertThat(can(JANE, "get", "team", "pods", "", "web")).isFalse();
        assertThat(can(JANE, "get", "kube-system", "pods", "log", "web")).isFalse();
        assertThat(can(JANE, "get", "team", "configmaps", "", "app")).isTrue();
        assertThat(can(JANE, "get", "team", "configmaps", "", "db")).isFalse();
        assertThat(can(JANE, "list", "team", "configmaps", "", "")).isFalse();
        assertThat(can(SA, "get", "team", "pods", "log", "web")).isTrue();
        assertThat(authz.allowed(Attributes.nonResource(JANE, "get", "/version"))).isTrue();
        assertThat(authz.allowed(Attributes.nonResource(JANE, "get", "/apis/apps/v1"))).isTrue();
        assertThat(authz.allowed(Attributes.nonResource(UserInfo.ANONYMOUS, "get", "/healthz")))
                .isTrue();
        assertThat(authz.allowed(Attributes.nonResource(UserInfo.ANONYMOUS, "get", "/api")))
                .isFalse();
        assertThat(authz.allowed(Attributes.nonResource(JANE, "get", "/metrics"))).isFalse();
    }

    @Test
    void aNewBindingTakesEffectDespiteCachedDenials() {
        assertThat(can(JANE, "list", "other", "secrets", "", "")).isFalse();
        create("rbac.authorization.k8s.io", "rolebindings", "other", "{'metadata':{'name':'e'},"
                + "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole',"
                + "'name':'edit'},'subjects':[{'kind':'User','name':'jane'}]}", ADMIN);
        await().atMost(Duration.ofSeconds(5)).until(() -> can(JANE, "list", "other", "secrets",
                "", ""));
        assertThat(can(JANE, "list", "team", "secrets", "", "")).isFalse();
    }

    @Test
    void aUserCannotGrantOrBindWhatItDoesNotHold() {
        await().atMost(Duration.ofSeconds(5)).until(() -> can(JANE, "get", "team", "pods", "log",
                "x"));
        assertThatThrownBy(() -> create("rbac.authorization.k8s.io", "roles", "team",
                "{'metadata':{'name':'more'},'rules':[{'verbs':['get'],'apiGroups':[''],"
                        + "'resources':['secrets']}]}", JANE))
                .isInstanceOf(StatusException.class)
                .hasMessageContaining("roles.rbac.authorization.k8s.io \"more\" is forbidden:"
                        + " user \"jane\" (groups=[\"devs\" \"system:authenticated\"]) is"
                        + " attempting to grant RBAC permissions not currently held:\n"
                        + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
        assertThatThrownBy(() -> create("rbac.authorization.k8s.io", "rolebindings", "team",
                "{'metadata':{'name':'up'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io',"
                        + "'kind':'ClusterRole','name':'cluster-admin'},'subjects':"
                        + "[{'kind':'User','name':'jane'}]}", JANE))
                .hasMessageContaining("is attempting to grant RBAC permissions not currently held");
        // what it holds it may grant
        create("rbac.authorization.k8s.io", "roles", "team", "{'metadata':{'name':'same'},"
                + "'rules':[{'verbs':['get'],'apiGroups':[''],'resources':['pods/log']}]}", JANE);
    }

    @Test
    void theBootstrapPolicyIsInPlaceAndReconciledWithoutLosingAdditions() {
        var roles = registries.find("rbac.authorization.k8s.io", "v1", "clusterroles")
                .orElseThrow();
        ObjectNode view = roles.get(null, "view");
        assertThat(view.path("aggregationRule").toString()).contains("aggregate-to-view");
        ObjectNode basic = roles.get(null, "system:basic-user");
        ObjectNode extra = basic.withArray("rules").addObject();
        extra.putArray("verbs").add("get");
        extra.putArray("apiGroups").add("example.com");
        extra.putArray("resources").add("widgets");
        roles.update(null, "system:basic-user", basic, "", WriteOptions.DEFAULT);
        BootstrapPolicy.reconcile(registries);
        ObjectNode again = roles.get(null, "system:basic-user");
        assertThat(again.path("rules").toString()).contains("widgets")
                .contains("selfsubjectaccessreviews");
        assertThat(again.path("rules").size()).isEqualTo(3);
    }

    @Test
    void aNodeReadsOnlyWhatItsPodsReference() {
        create("", "pods", "team", "{'metadata':{'name':'p1'},'spec':{'nodeName':'n1',"
                + "'containers':[{'name':'c','image':'busybox','env':[{'name':'A','valueFrom':"
                + "{'secretKeyRef':{'name':'s1','key':'k'}}}]}],'volumes':[{'name':'v',"
                + "'configMap':{'name':'cm1'}}]}}", ADMIN);
        await().atMost(Duration.ofSeconds(5)).until(() -> can(N1, "get", "team", "secrets", "",
                "s1"));
        assertThat(can(N1, "get", "team", "configmaps", "", "cm1")).isTrue();
        assertThat(can(N1, "get", "team", "secrets", "", "s2")).isFalse();
        assertThat(can(N1, "list", "team", "secrets", "", "")).isFalse();
        assertThat(can(N1, "get", "other", "secrets", "", "s1")).isFalse();
        UserInfo n2 = new UserInfo("system:node:n2", "", List.of("system:nodes"));
        assertThat(can(n2, "get", "team", "secrets", "", "s1")).isFalse();
        assertThat(can(N1, "update", "team", "pods", "status", "p1")).isTrue();
        assertThat(can(n2, "update", "team", "pods", "status", "p1")).isFalse();
        assertThat(can(N1, "update", "", "nodes", "status", "n1")).isTrue();
        assertThat(can(N1, "update", "", "nodes", "status", "n2")).isFalse();
        assertThatThrownBy(() -> create("", "nodes", null, "{'metadata':{'name':'n2'}}", N1))
                .hasMessageContaining("node \"n1\" is not allowed to modify node \"n2\"");
        assertThatThrownBy(() -> create("", "nodes", null, "{'metadata':{'name':'n1','labels':"
                + "{'node-restriction.kubernetes.io/pool':'a'}}}", N1))
                .hasMessageContaining("is not allowed to modify labels:"
                        + " node-restriction.kubernetes.io/pool");
    }
}
