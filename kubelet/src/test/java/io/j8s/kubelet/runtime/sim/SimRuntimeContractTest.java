package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerRuntimeContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The runtime contract, on the sim runtime. */
class SimRuntimeContractTest extends ContainerRuntimeContract {
    private final SimRuntime runtime = new SimRuntime();
    @TempDir
    Path logs;

    SimRuntimeContractTest() {
        runtime.updatePodCidr(podCidr());
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    protected String podCidr() {
        return "10.42.30.0/24";
    }

    @Override
    protected String image() {
        return "busybox:1.36";
    }

    @Override
    protected Path logRoot() {
        return logs;
    }
}
