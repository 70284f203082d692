package io.j8s.kubelet.runtime;

/** CRI's VersionResponse: {@code containerd} and {@code 1.6.20}, say; the API is {@code v1}. */
public record RuntimeVersion(String runtimeName, String runtimeVersion, String runtimeApiVersion) {
    /** As the Node's {@code nodeInfo.containerRuntimeVersion} shows it: {@code containerd://1.6.20}. */
    public String forNode() {
        return runtimeName + "://" + runtimeVersion;
    }
}
