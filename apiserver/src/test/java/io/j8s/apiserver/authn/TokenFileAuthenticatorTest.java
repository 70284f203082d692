package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileAuthenticatorTest {
    @TempDir
    Path dir;

    Authenticator load(String content) throws Exception {
        Path file = dir.resolve("tokens.csv");
        Files.writeString(file, content);
        return Authenticator.tokenFile(file);
    }

    static RequestCredentials header(String value) {
        return new RequestCredentials(List.of(), value);
    }

    @Test
    void readsUpstreamsFormat() throws Exception {
        Authenticator tokens = load("""
                # token,user,uid,"groups"
                31ada4fd-adec-460c-809a-9e56ceb75269,alice,1001,"dev,ops"

                s3cr3t,bob,1002
                  spaced, carol , 1003, "qa, release"
                """);

        assertThat(tokens.authenticate(header("Bearer 31ada4fd-adec-460c-809a-9e56ceb75269")))
                .contains(new UserInfo("alice", "1001", List.of("dev", "ops", "system:authenticated")));
        assertThat(tokens.authenticate(header("Bearer s3cr3t")))
                .contains(new UserInfo("bob", "1002", List.of("system:authenticated")));
        assertThat(tokens.authenticate(header("Bearer spaced")))
                .contains(new UserInfo("carol ", "1003", List.of("qa", "release", "system:authenticated")));
    }

    @Test
    void theSchemeIgnoresCaseAndTextAfterTheTokenIsIgnored() throws Exception {
        Authenticator tokens = load("s3cr3t,bob,1002\n");

        assertThat(tokens.authenticate(header("bearer s3cr3t"))).map(UserInfo::name).contains("bob");
        assertThat(tokens.authenticate(header("BEARER s3cr3t trailing"))).map(UserInfo::name).contains("bob");
    }

    @Test
    void anUnknownTokenIsBadCredentialsNotAnonymous() throws Exception {
        Authenticator tokens = load("s3cr3t,bob,1002\n");
        RequestCredentials wrong = header("Bearer s3cr3");

        assertThat(tokens.authenticate(wrong)).isEmpty();
        assertThat(wrong.isEmpty()).as("a wrong token must get 401, not anonymous access").isFalse();
    }

    @Test
    void otherSchemesCarryNoToken() throws Exception {
        Authenticator tokens = load("s3cr3t,bob,1002\n");
        RequestCredentials basic = header("Basic s3cr3t");

        assertThat(tokens.authenticate(basic)).isEmpty();
        assertThat(basic.isEmpty()).isTrue();
        assertThat(header("Bearer ").isEmpty()).isTrue();
        assertThat(header(null).isEmpty()).isTrue();
    }

    @Test
    void aMalformedLineFailsTheLoadNamingTheLine() {
        assertThatThrownBy(() -> load("# tokens\ns3cr3t,bob,1002\nonly,two\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens.csv, line 3")
                .hasMessageContaining("at least 3 columns");
        assertThatThrownBy(() -> load("s3cr3t,bob,1002,\"dev,ops\n"))
                .hasMessageContaining("line 1").hasMessageContaining("not closed");
        assertThatThrownBy(() -> load("s3cr3t,bob,1002,dev,ops\n"))
                .hasMessageContaining("line 1").hasMessageContaining("quote the groups");
        assertThatThrownBy(() -> load(",bob,1002\n"))
                .hasMessageContaining("line 1").hasMessageContaining("token is empty");
        assertThatThrownBy(() -> load("s3cr3t,bob,1\n\ns3cr3t,eve,2\n"))
                .hasMessageContaining("line 3").hasMessageContaining("repeats the token of line 1");
    }

    @Test
    void aMissingFileSaysWhich() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> Authenticator.tokenFile(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read token file " + missing);
    }

    @Test
    void quotedFieldsFollowCsv() {
        assertThat(TokenFileAuthenticator.csv("a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly(
                "a", "b,c", "say \"hi\"", "");
    }
}
