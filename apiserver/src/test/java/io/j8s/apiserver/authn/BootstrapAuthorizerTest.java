package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapAuthorizerTest {
    private final Authorizer authorizer = Authorizer.bootstrap();

    private static UserInfo user(String name, String... groups) {
        return UserInfo.authenticated(name, "", List.of(groups));
    }

    private boolean may(UserInfo user, String verb, String group, String resource,
            String subresource) {
        return authorizer.allowed(Attributes.resource(user, verb, group, "v1", "default",
                resource, subresource, ""));
    }

    private boolean may(UserInfo user, String verb, String resource) {
        return may(user, verb, "", resource, "");
    }

    @Test
    void clusterAdminsMayDoEverything() {
        assertThat(may(user("system:admin", "system:masters"), "delete", "nodes")).isTrue();
        assertThat(may(user("alice", "system:masters"), "create", "secrets")).isTrue();
        assertThat(authorizer.allowed(Attributes.nonResource(user("alice", "system:masters"),
                "get", "/metrics"))).isTrue();
    }

    @Test
    void j8sComponentsMayDoEverything() {
        for (String component : List.of("system:kube-scheduler", "system:kube-controller-manager",
                "system:kube-proxy", "system:apiserver")) {
            assertThat(may(user(component), "create", "", "pods", "binding")).as(component)
                    .isTrue();
        }
        assertThat(may(user("system:node:worker-1", "system:nodes"), "patch", "", "nodes",
                "status")).isTrue();
    }

    @Test
    void everybodyElseIsForbidden() {
        assertThat(may(user("alice", "dev"), "get", "pods")).isFalse();
        assertThat(authorizer.allowed(Attributes.nonResource(user("bob"), "get", "/metrics")))
                .isFalse();
        assertThat(may(user("system:node:worker-1"), "get", "pods"))
                .as("a node name without the nodes group").isFalse();
        assertThat(may(user("mallory", "system:nodes"), "get", "pods"))
                .as("the nodes group without a node name").isFalse();
        assertThat(may(user("system:node:", "system:nodes"), "get", "pods")).isFalse();
    }

    @Test
    void everybodyMayAskWhoTheyAreAndWhatTheyMayDo() {
        UserInfo alice = user("alice", "dev");
        assertThat(may(alice, "create", "authorization.k8s.io", "selfsubjectaccessreviews", ""))
                .isTrue();
        assertThat(may(alice, "create", "authentication.k8s.io", "selfsubjectreviews", ""))
                .isTrue();
        assertThat(may(alice, "create", "authorization.k8s.io", "subjectaccessreviews", ""))
                .as("asking about others is not for everybody").isFalse();
        assertThat(may(alice, "create", "", "selfsubjectreviews", ""))
                .as("the reviews live in their own groups").isFalse();
        assertThat(may(UserInfo.ANONYMOUS, "create", "authentication.k8s.io",
                "selfsubjectreviews", "")).as("not anonymous users").isFalse();
        assertThat(authorizer.rules(user("alice"), "default").resourceRules()).singleElement()
                .satisfies(r -> assertThat(r.verbs()).containsExactly("create"));
        assertThat(authorizer.rules(user("root", "system:masters"), "default"))
                .isEqualTo(Authorizer.Rules.EVERYTHING);
    }

    @Test
    void authenticatedUsersMayReadDiscoveryButNotAnonymousOnes() {
        for (String path : List.of("/api", "/api/v1", "/apis", "/apis/apps/v1", "/openapi/v2",
                "/openapi/v3/apis/apps/v1")) {
            assertThat(authorizer.allowed(Attributes.nonResource(user("bob"), "get", path)))
                    .as(path).isTrue();
            assertThat(authorizer.allowed(Attributes.nonResource(UserInfo.ANONYMOUS, "get",
                    path))).as(path).isFalse();
        }
        assertThat(authorizer.allowed(Attributes.nonResource(user("bob"), "get", "/apiary")))
                .isFalse();
    }

    @Test
    void everybodyEvenAnonymousMayReadTheHealthAndVersionEndpoints() {
        for (UserInfo who : List.of(UserInfo.ANONYMOUS, user("alice"))) {
            for (String path : List.of("/healthz", "/livez", "/readyz/ping", "/version")) {
                assertThat(authorizer.allowed(Attributes.nonResource(who, "get", path)))
                        .as("%s %s", who.name(), path).isTrue();
            }
            assertThat(authorizer.allowed(Attributes.nonResource(who, "post", "/healthz")))
                    .isFalse();
            assertThat(authorizer.allowed(Attributes.nonResource(who, "get", "/healthzz")))
                    .isFalse();
            assertThat(authorizer.allowed(Attributes.nonResource(who, "get", "/metrics")))
                    .isFalse();
        }
    }

    @Test
    void bootstrappersMayOnlyRequestCertificates() {
        UserInfo joining = user("system:bootstrap:abcdef", "system:bootstrappers",
                "system:bootstrappers:j8s:default-node-token");
        String csrs = "certificatesigningrequests";
        for (String verb : List.of("create", "get", "list", "watch")) {
            assertThat(may(joining, verb, "certificates.k8s.io", csrs, "")).as(verb).isTrue();
        }
        assertThat(may(joining, "delete", "certificates.k8s.io", csrs, "")).isFalse();
        assertThat(may(joining, "update", "certificates.k8s.io", csrs, "approval")).isFalse();
        assertThat(may(joining, "get", "secrets")).isFalse();
        assertThat(may(joining, "create", "nodes")).isFalse();
        assertThat(authorizer.rules(joining, "").resourceRules()).anySatisfy(r ->
                assertThat(r.resources()).containsExactly(csrs));
    }
}
