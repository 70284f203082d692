package io.j8s.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * CRI's ContainerConfig: the image, the command ({@code command} replaces the image's
 * entrypoint, {@code args} its cmd; empty keeps the image's), environment, mounts, the log path
 * relative to the sandbox's log directory ({@code CONTAINER/ATTEMPT.log}), and the Linux
 * resources and security settings.
 */
public record ContainerConfig(
        String name,
        int attempt,
        String image,
        List<String> command,
        List<String> args,
        String workingDir,
        Map<String, String> env,
        List<Mount> mounts,
        Map<String, String> labels,
        Map<String, String> annotations,
        String logPath,
        boolean stdin,
        boolean stdinOnce,
        boolean tty,
        Resources resources,
        Security security) {

    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A bind mount of {@code hostPath} at {@code containerPath}. */
    public record Mount(String containerPath, String hostPath, boolean readOnly) {}

    /**
     * cgroup settings: CPU shares (2 for none, 1024 per CPU requested), CFS quota and period in
     * microseconds (0: no limit), memory limit in bytes (0: none).
     */
    public record Resources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryLimitBytes) {
        public static final Resources NONE = new Resources(2, 0, 100_000, 0);
    }

    /**
     * securityContext as CRI takes it; null user and group keep the image's. Capabilities are
     * upstream's names without {@code CAP_}.
     */
    public record Security(
            Long runAsUser,
            Long runAsGroup,
            List<Long> supplementalGroups,
            boolean readOnlyRootFilesystem,
            boolean privileged,
            List<String> addCapabilities,
            List<String> dropCapabilities,
            boolean noNewPrivileges) {
        public static final Security DEFAULT = new Security(null, null, List.of(), false, false,
                List.of(), List.of(), false);

        public Security {
            supplementalGroups = List.copyOf(supplementalGroups);
            addCapabilities = List.copyOf(addCapabilities);
            dropCapabilities = List.copyOf(dropCapabilities);
        }
    }
}
