package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerConfig.Mount;
import io.j8s.kubelet.runtime.ContainerConfig.Security;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container of the pod spec as the runtime takes it: command and args with {@code $(VAR)}
 * expanded against its environment, mounts (the pod's volumes at their volumeMounts, and the
 * pod's /etc/hosts unless the container mounts its own; API data volumes read-only), the log path
 * {@code NAME/RESTARTCOUNT.log}, the runtime labels, cgroup values, and the pod and container
 * securityContexts merged (the container's wins).
 */
final class ContainerConfigs {
    private ContainerConfigs() {}

    static ContainerConfig build(Pod pod, Container c, int restartCount, Map<String, String> env,
            Map<String, Path> volumes, Path etcHosts) throws ConfigError {
        List<String> command = c.getCommand() == null ? List.of()
                : c.getCommand().stream().map(s -> VarExpansion.expand(s, env)).toList();
        List<String> args = c.getArgs() == null ? List.of()
                : c.getArgs().stream().map(s -> VarExpansion.expand(s, env)).toList();
        return new ContainerConfig(c.getName(), restartCount, c.getImage(), command, args,
                c.getWorkingDir() == null ? "" : c.getWorkingDir(), env,
                mounts(pod, c, volumes, etcHosts),
                RuntimeLabels.containerLabels(pod, c),
                RuntimeLabels.containerAnnotations(pod, c, restartCount),
                logPath(c.getName(), restartCount),
                Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()),
                Boolean.TRUE.equals(c.getTty()), PodResources.of(c), security(pod, c));
    }

    static String logPath(String container, int restartCount) {
        return container + "/" + restartCount + ".log";
    }

    private static List<Mount> mounts(Pod pod, Container c, Map<String, Path> volumes,
            Path etcHosts) throws ConfigError {
        List<Mount> mounts = new ArrayList<>();
        boolean ownHosts = false;
        if (c.getVolumeMounts() != null) {
            for (VolumeMount m : c.getVolumeMounts()) {
                Path host = volumes.get(m.getName());
                if (host == null) {
                    throw new ConfigError("cannot find volume \"" + m.getName()
                            + "\" to mount into container \"" + c.getName() + "\"");
                }
                if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                    host = host.resolve(m.getSubPath());
                }
                mounts.add(new Mount(m.getMountPath(), host.toString(),
                        Boolean.TRUE.equals(m.getReadOnly()) || apiData(pod, m.getName())));
                ownHosts |= m.getMountPath().equals("/etc/hosts");
            }
        }
        if (!ownHosts && etcHosts != null) {
            mounts.add(new Mount("/etc/hosts", etcHosts.toString(), false));
        }
        return mounts;
    }

    /**
     * Whether the volume holds API data the kubelet writes (configMap, secret, downwardAPI,
     * projected): upstream mounts those read-only whatever the volumeMount says.
     */
    private static boolean apiData(Pod pod, String volume) {
        if (pod.getSpec().getVolumes() == null) {
            return false;
        }
        return pod.getSpec().getVolumes().stream().filter(v -> volume.equals(v.getName()))
                .anyMatch(v -> v.getConfigMap() != null || v.getSecret() != null
                        || v.getDownwardAPI() != null || v.getProjected() != null);
    }

    static Security security(Pod pod, Container c) {
        PodSecurityContext p = pod.getSpec().getSecurityContext();
        SecurityContext s = c.getSecurityContext();
        Long user = s != null && s.getRunAsUser() != null ? s.getRunAsUser()
                : p != null ? p.getRunAsUser() : null;
        Long group = s != null && s.getRunAsGroup() != null ? s.getRunAsGroup()
                : p != null ? p.getRunAsGroup() : null;
        List<Long> groups = new ArrayList<>();
        if (p != null && p.getSupplementalGroups() != null) {
            groups.addAll(p.getSupplementalGroups());
        }
        if (p != null && p.getFsGroup() != null && !groups.contains(p.getFsGroup())) {
            groups.add(p.getFsGroup());
        }
        Capabilities caps = s == null ? null : s.getCapabilities();
        return new Security(user, group, groups,
                s != null && Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()),
                s != null && Boolean.TRUE.equals(s.getPrivileged()),
                caps == null || caps.getAdd() == null ? List.of() : caps.getAdd(),
                caps == null || caps.getDrop() == null ? List.of() : caps.getDrop(),
                s != null && Boolean.FALSE.equals(s.getAllowPrivilegeEscalation()));
    }
}
