package io.j8s.kubelet.runtime.cri;

import com.google.protobuf.ByteString;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.cri.v1.Capability;
import io.j8s.kubelet.runtime.cri.v1.ContainerMetadata;
import io.j8s.kubelet.runtime.cri.v1.DNSConfig;
import io.j8s.kubelet.runtime.cri.v1.ImageSpec;
import io.j8s.kubelet.runtime.cri.v1.Int64Value;
import io.j8s.kubelet.runtime.cri.v1.KeyValue;
import io.j8s.kubelet.runtime.cri.v1.LinuxContainerConfig;
import io.j8s.kubelet.runtime.cri.v1.LinuxContainerResources;
import io.j8s.kubelet.runtime.cri.v1.LinuxContainerSecurityContext;
import io.j8s.kubelet.runtime.cri.v1.LinuxPodSandboxConfig;
import io.j8s.kubelet.runtime.cri.v1.LinuxSandboxSecurityContext;
import io.j8s.kubelet.runtime.cri.v1.Mount;
import io.j8s.kubelet.runtime.cri.v1.MountPropagation;
import io.j8s.kubelet.runtime.cri.v1.NamespaceMode;
import io.j8s.kubelet.runtime.cri.v1.NamespaceOption;
import io.j8s.kubelet.runtime.cri.v1.PodSandboxMetadata;
import io.j8s.kubelet.runtime.cri.v1.PortMapping;
import io.j8s.kubelet.runtime.cri.v1.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The contract's records as CRI messages, field by field as upstream's kubelet fills them. */
final class CriRequests {
    private CriRequests() {}

    static io.j8s.kubelet.runtime.cri.v1.PodSandboxConfig sandbox(PodSandboxConfig c) {
        var dns = DNSConfig.newBuilder();
        if (c.dns() != null) {
            dns.addAllServers(c.dns().servers()).addAllSearches(c.dns().searches())
                    .addAllOptions(c.dns().options());
        }
        var builder = io.j8s.kubelet.runtime.cri.v1.PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(c.name()).setNamespace(c.namespace())
                        .setUid(c.uid()).setAttempt(c.attempt()))
                .setHostname(nullToEmpty(c.hostname()))
                .setLogDirectory(c.logDirectory() == null ? "" : c.logDirectory().toString())
                .setDnsConfig(dns)
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations())
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent(cgroupParent(c.cgroupParent()))
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(namespaces(c.hostNetwork()))));
        for (PodSandboxConfig.PortMapping p : c.portMappings()) {
            builder.addPortMappings(PortMapping.newBuilder()
                    .setProtocol(Protocol.valueOf(p.protocol().toUpperCase(Locale.ROOT)))
                    .setContainerPort(p.containerPort())
                    .setHostPort(p.hostPort())
                    .setHostIp(nullToEmpty(p.hostIp())));
        }
        return builder.build();
    }

    /**
     * The sandbox config sent along with CreateContainer. containerd refuses a privileged
     * container in a sandbox that is not privileged; upstream's kubelet makes the whole sandbox
     * privileged when any container is, and the contract's sandbox config does not carry that,
     * so the flag is set here for the privileged container's request.
     */
    static io.j8s.kubelet.runtime.cri.v1.PodSandboxConfig sandboxFor(PodSandboxConfig sandbox, ContainerConfig c) {
        var config = sandbox(sandbox);
        if (c.security() == null || !c.security().privileged()) {
            return config;
        }
        var linux = config.getLinux().toBuilder();
        linux.getSecurityContextBuilder().setPrivileged(true);
        return config.toBuilder().setLinux(linux).build();
    }

    static io.j8s.kubelet.runtime.cri.v1.ContainerConfig container(ContainerConfig c,
            PodSandboxConfig sandbox) {
        var builder = io.j8s.kubelet.runtime.cri.v1.ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(c.name()).setAttempt(c.attempt()))
                .setImage(image(c.image()))
                .addAllCommand(c.command())
                .addAllArgs(c.args())
                .setWorkingDir(nullToEmpty(c.workingDir()))
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations())
                .setLogPath(nullToEmpty(c.logPath()))
                .setStdin(c.stdin())
                .setStdinOnce(c.stdinOnce())
                .setTty(c.tty())
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(resources(c.resources()))
                        .setSecurityContext(security(c.security(), sandbox.hostNetwork())));
        // Sorted, so that the same pod gives the same environment order on every attempt.
        for (Map.Entry<String, String> e : new TreeMap<>(c.env()).entrySet()) {
            builder.addEnvs(KeyValue.newBuilder().setKey(e.getKey())
                    .setValue(ByteString.copyFrom(e.getValue(), StandardCharsets.UTF_8)));
        }
        for (ContainerConfig.Mount m : c.mounts()) {
            builder.addMounts(Mount.newBuilder().setContainerPath(m.containerPath())
                    .setHostPath(m.hostPath()).setReadonly(m.readOnly())
                    .setPropagation(MountPropagation.PROPAGATION_PRIVATE));
        }
        return builder.build();
    }

    static ImageSpec image(String name) {
        return ImageSpec.newBuilder().setImage(name).build();
    }

    private static LinuxContainerResources resources(ContainerConfig.Resources r) {
        ContainerConfig.Resources res = r == null ? ContainerConfig.Resources.NONE : r;
        return LinuxContainerResources.newBuilder()
                .setCpuShares(res.cpuShares())
                .setCpuQuota(res.cpuQuota())
                .setCpuPeriod(res.cpuPeriod())
                .setMemoryLimitInBytes(res.memoryLimitBytes())
                .build();
    }

    private static LinuxContainerSecurityContext security(ContainerConfig.Security s, boolean hostNetwork) {
        ContainerConfig.Security sec = s == null ? ContainerConfig.Security.DEFAULT : s;
        var builder = LinuxContainerSecurityContext.newBuilder()
                .setPrivileged(sec.privileged())
                .setReadonlyRootfs(sec.readOnlyRootFilesystem())
                .addAllSupplementalGroups(sec.supplementalGroups())
                .setNoNewPrivs(sec.noNewPrivileges())
                .setNamespaceOptions(namespaces(hostNetwork))
                .setCapabilities(Capability.newBuilder()
                        .addAllAddCapabilities(sec.addCapabilities())
                        .addAllDropCapabilities(sec.dropCapabilities()));
        if (sec.runAsUser() != null) {
            builder.setRunAsUser(Int64Value.newBuilder().setValue(sec.runAsUser()));
        }
        if (sec.runAsGroup() != null) {
            builder.setRunAsGroup(Int64Value.newBuilder().setValue(sec.runAsGroup()));
        }
        return builder.build();
    }

    /** As upstream's kubelet by default: the pod's network and IPC, the container's own PIDs. */
    private static NamespaceOption namespaces(boolean hostNetwork) {
        return NamespaceOption.newBuilder()
                .setNetwork(hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(NamespaceMode.CONTAINER)
                .setIpc(NamespaceMode.POD)
                .build();
    }

    /** cgroupfs wants an absolute path ({@code /kubepods/burstable/pod<uid>}); empty is none. */
    private static String cgroupParent(String parent) {
        if (parent == null || parent.isEmpty()) {
            return "";
        }
        return parent.startsWith("/") ? parent : "/" + parent;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
