package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizationModesTest {
    private static final Attributes JANE_LISTS_PODS = Attributes.resource(
            UserInfo.authenticated("jane", "", List.of()), "list", "", "v1", "default", "pods",
            "", "");
    private static final Attributes ADMIN_LISTS_PODS = Attributes.resource(
            UserInfo.authenticated("root", "", List.of("system:masters")), "list", "", "v1",
            "default", "pods", "", "");

    @Test
    void eachServedModeDecidesAsItsNameSays() {
        assertThat(AuthorizationModes.parse("AlwaysAllow").allowed(JANE_LISTS_PODS)).isTrue();
        assertThat(AuthorizationModes.parse("AlwaysDeny").allowed(ADMIN_LISTS_PODS)).isFalse();
        Authorizer bootstrap = AuthorizationModes.parse(AuthorizationModes.DEFAULT);
        assertThat(bootstrap.allowed(ADMIN_LISTS_PODS)).isTrue();
        assertThat(bootstrap.allowed(JANE_LISTS_PODS)).isFalse();
    }

    @Test
    void modesAreAskedInTurnAndOneAllowingIsEnough() {
        Authorizer chain = AuthorizationModes.parse("AlwaysDeny, Bootstrap");
        assertThat(chain.allowed(ADMIN_LISTS_PODS)).isTrue();
        assertThat(chain.allowed(JANE_LISTS_PODS)).isFalse();
        assertThat(AuthorizationModes.parse("Bootstrap,AlwaysAllow").allowed(JANE_LISTS_PODS))
                .isTrue();
    }

    @Test
    void unknownRepeatedAndNotYetServedModesAreRefusedByName() {
        assertThatThrownBy(() -> AuthorizationModes.parse("AlwaysAllow,Magic,Sorcery"))
                .hasMessageContaining("unknown authorization mode Magic, Sorcery");
        assertThatThrownBy(() -> AuthorizationModes.parse("Webhook,ABAC"))
                .hasMessageContaining("authorization mode Webhook, ABAC is not served by j8s yet");
        assertThat(AuthorizationModes.modes("Node, RBAC")).containsExactly("Node", "RBAC");
        assertThatThrownBy(() -> AuthorizationModes.parse("AlwaysAllow,AlwaysAllow"))
                .hasMessageContaining("names AlwaysAllow more than once");
        assertThatThrownBy(() -> AuthorizationModes.parse(" , "))
                .hasMessageContaining("needs at least one mode");
    }
}
