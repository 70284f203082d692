package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapAuthorizerTest {
    private final Authorizer authorizer = Authorizer.bootstrap();

    private static UserInfo user(String name, String... groups) {
        return UserInfo.authenticated(name, "", List.of(groups));
    }

    @Test
    void clusterAdminsMayDoEverything() {
        assertThat(authorizer.allowed(user("system:admin", "system:masters"), "delete", "nodes")).isTrue();
        assertThat(authorizer.allowed(user("alice", "system:masters"), "create", "secrets")).isTrue();
    }

    @Test
    void j8sComponentsMayDoEverything() {
        for (String component : List.of("system:kube-scheduler", "system:kube-controller-manager",
                "system:kube-proxy", "system:apiserver")) {
            assertThat(authorizer.allowed(user(component), "update", "pods/binding")).as(component).isTrue();
        }
        assertThat(authorizer.allowed(user("system:node:worker-1", "system:nodes"), "patch", "nodes/status"))
                .isTrue();
    }

    @Test
    void everybodyElseIsForbidden() {
        assertThat(authorizer.allowed(user("alice", "dev"), "get", "pods")).isFalse();
        assertThat(authorizer.allowed(user("bob"), "get", "/api")).isFalse();
        assertThat(authorizer.allowed(user("system:node:worker-1"), "get", "pods"))
                .as("a node name without the nodes group").isFalse();
        assertThat(authorizer.allowed(user("mallory", "system:nodes"), "get", "pods"))
                .as("the nodes group without a node name").isFalse();
        assertThat(authorizer.allowed(user("system:node:", "system:nodes"), "get", "pods")).isFalse();
    }

    @Test
    void everybodyMayAskWhoTheyAreAndWhatTheyMayDo() {
        assertThat(authorizer.allowed(user("alice", "dev"), "create", "selfsubjectaccessreviews"))
                .isTrue();
        assertThat(authorizer.allowed(user("alice", "dev"), "create", "selfsubjectreviews")).isTrue();
        assertThat(authorizer.allowed(user("alice", "dev"), "create", "subjectaccessreviews"))
                .as("asking about others is not for everybody").isFalse();
        assertThat(authorizer.rules(user("alice"), "default").resourceRules()).singleElement()
                .satisfies(r -> assertThat(r.verbs()).containsExactly("create"));
        assertThat(authorizer.rules(user("root", "system:masters"), "default"))
                .isEqualTo(Authorizer.Rules.EVERYTHING);
    }
}
