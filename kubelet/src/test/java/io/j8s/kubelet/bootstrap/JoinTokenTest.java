package io.j8s.kubelet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JoinTokenTest {
    private static final String HASH = "7f442dec64d91db484c0c108d745d59f16a3f4ece49dbe922e78905234b9ebdc";

    @Test
    void aTokenReadsBackAsWritten() {
        JoinToken t = JoinToken.parse("K10" + HASH + "::abcdef.0123456789abcdef\n");
        assertThat(t.caHash()).isEqualTo(HASH);
        assertThat(t.bearerToken()).isEqualTo("abcdef.0123456789abcdef");
        assertThat(t).hasToString("K10" + HASH + "::abcdef.0123456789abcdef");
    }

    @Test
    void otherFormsAreRefusedWithoutEchoingTheSecret() {
        for (String bad : new String[] {"abcdef.0123456789abcdef", "K10" + HASH + "::abc.def",
                "K10" + HASH.substring(1) + "::abcdef.0123456789abcdef",
                "K10" + HASH + "::ABCDEF.0123456789abcdef"}) {
            assertThatThrownBy(() -> JoinToken.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("K10<sha256 of the server's CA>::<id>.<secret>")
                    .hasMessageNotContaining("0123456789abcdef");
        }
    }
}
