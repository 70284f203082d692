package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CniCleanupTest {
    @Test
    void quotedCommentsStayOneWord() {
        assertThat(CniCleanup.words("-A POSTROUTING -m comment --comment \"CNI portfwd requiring masquerade\""
                + " -j CNI-HOSTPORT-MASQ")).containsExactly("-A", "POSTROUTING", "-m", "comment", "--comment",
                "CNI portfwd requiring masquerade", "-j", "CNI-HOSTPORT-MASQ");
        assertThat(CniCleanup.words("-A X --comment \"say \\\"hi\\\"\" -j Y"))
                .containsExactly("-A", "X", "--comment", "say \"hi\"", "-j", "Y");
    }
}
