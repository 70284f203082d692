package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerRuntimeContract;

/** The runtime contract, on the sim runtime. */
class SimRuntimeContractTest extends ContainerRuntimeContract {
    private final SimRuntime runtime = new SimRuntime();
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
        return "docker.io/library/busybox:1.36";
    }
}
