package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerRuntimeContract;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime contract on a real containerd that the test starts as the agent would (see
 * {@link CriNode}), and that pods reach each other over the bridge. Afterwards nothing is left.
 */
class CriRuntimeContractIT extends ContainerRuntimeContract {
    private static CriNode node;
    private static CriRuntime runtime;

    @BeforeAll
    static void startContainerd() throws IOException {
        assumeTrue(HostPackages.isRoot(), "containers need root");
        node = CriNode.start();
        runtime = node.runtime();
    }

    @AfterAll
    static void stopContainerd() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    protected String podCidr() {
        return CriNode.POD_CIDR;
    }

    @Override
    protected String image() {
        return CriNode.BUSYBOX;
    }

    @Test
    void versionNamesContainerd() {
        assertThat(runtime.version().forNode()).startsWith("containerd://");
        assertThat(runtime.version().runtimeApiVersion()).isEqualTo("v1");
    }

    @Test
    void aPodReachesAnotherPodsIp() {
        PodSandboxConfig a = sandbox("pod-a", Map.of());
        PodSandboxConfig b = sandbox("pod-b", Map.of());
        String sandboxA = run(a);
        String sandboxB = run(b);
        start(sandboxA, a, List.of("sleep", "3600"));
        String inB = start(sandboxB, b, List.of("sleep", "3600"));
        String ipA = runtime.podSandboxStatus(sandboxA).ip();

        ExecResult ping = runtime.execSync(inB, List.of("ping", "-c", "1", "-W", "2", ipA), Duration.ofSeconds(10));
        assertThat(ping.exitCode()).as(new String(ping.stdout()) + new String(ping.stderr())).isZero();
    }
}
