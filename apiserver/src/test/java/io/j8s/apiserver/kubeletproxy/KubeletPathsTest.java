package io.j8s.apiserver.kubeletproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the API server asks the kubelet for, and how it reads a kubelet's chunked refusal. */
class KubeletPathsTest {
    private static final PodKubelet WEB = new PodKubelet("10.0.0.5", 10250, "team a", "web", "app");

    @Test
    void execKeepsTheCommandInOrderAndNamesTheStreamsAsTheKubeletReadsThem() {
        MultiMap params = MultiMap.caseInsensitiveMultiMap().add("command", "sh")
                .add("command", "-c").add("command", "echo a&b").add("stdin", "true")
                .add("stdout", "1").add("stderr", "false").add("tty", "t").add("container", "x");
        assertThat(KubeletPaths.uri("exec", WEB, params, Map.of())).isEqualTo(
                "/exec/team%20a/web/app?command=sh&command=-c&command=echo+a%26b&container=app"
                        + "&stdin=1&input=1&stdout=1&output=1&tty=1");
    }

    @Test
    void attachHasNoCommandAndPortForwardPassesItsQuery() {
        MultiMap attach = MultiMap.caseInsensitiveMultiMap().add("command", "ignored")
                .add("stderr", "true");
        assertThat(KubeletPaths.uri("attach", WEB, attach, Map.of()))
                .isEqualTo("/attach/team%20a/web/app?container=app&stderr=1&error=1");
        MultiMap ports = MultiMap.caseInsensitiveMultiMap().add("ports", "80").add("ports", "443");
        assertThat(KubeletPaths.uri("portforward", WEB, ports, Map.of()))
                .isEqualTo("/portForward/team%20a/web?ports=80&ports=443");
    }

    @Test
    void logsPassOnlyTheLogOptions() {
        assertThat(KubeletPaths.uri("log", WEB, MultiMap.caseInsensitiveMultiMap(),
                Map.of("follow", List.of("true"), "container", List.of("app"),
                        "pretty", List.of("true"), "sinceTime",
                        List.of("2024-01-01T00:00:00Z"))))
                .isEqualTo("/containerLogs/team%20a/web/app?follow=true"
                        + "&sinceTime=2024-01-01T00%3A00%3A00Z");
    }

    @Test
    void chunkedBodiesAreDecodedOnlyWhenWhole() {
        Buffer whole = Buffer.buffer("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
        assertThat(ChunkedBody.decode(whole).toString()).isEqualTo("hello, world");
        assertThat(ChunkedBody.decode(Buffer.buffer("5\r\nhello\r\n7\r\n, wo"))).isNull();
        assertThat(ChunkedBody.decode(Buffer.buffer("zz\r\nnot chunked")).toString())
                .isEqualTo("zz\r\nnot chunked");
    }
}
