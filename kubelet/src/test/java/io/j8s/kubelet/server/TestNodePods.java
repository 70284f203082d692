package io.j8s.kubelet.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.pods.NodePods;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** NodePods from maps that a test fills: pods, their sandbox, container ids and log files. */
final class TestNodePods implements NodePods {
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Map<String, String> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, String> containerIds = new ConcurrentHashMap<>();
    private final Map<String, Path> logFiles = new ConcurrentHashMap<>();

    void add(Pod pod, String sandboxId) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        pods.put(key, pod);
        sandboxes.put(key, sandboxId);
    }

    void container(String namespace, String pod, String container, boolean previous, String id,
            Path logFile) {
        String key = key(namespace, pod, container, previous);
        containerIds.put(key, id);
        logFiles.put(key, logFile);
    }

    private static String key(String namespace, String pod, String container, boolean previous) {
        return namespace + "/" + pod + "/" + container + (previous ? "/previous" : "");
    }

    @Override
    public List<Pod> pods() {
        return List.copyOf(pods.values());
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    @Override
    public Optional<String> sandboxId(String namespace, String name) {
        return Optional.ofNullable(sandboxes.get(namespace + "/" + name));
    }

    @Override
    public Optional<String> containerId(String namespace, String name, String container,
            boolean previous) {
        return Optional.ofNullable(containerIds.get(key(namespace, name, container, previous)));
    }

    @Override
    public Optional<Path> logFile(String namespace, String name, String container, boolean previous) {
        return Optional.ofNullable(logFiles.get(key(namespace, name, container, previous)));
    }
}
