package io.j8s.kubelet.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.logs.CriLogReader;
import io.j8s.kubelet.pods.NodePods;
import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kubelet's pods behind the streaming endpoints: names resolve to runtime ids through
 * {@link NodePods}, exec, attach and port-forward go to the {@link ContainerRuntime}, logs are
 * read from the CRI log files. The sentences are the kubelet's.
 */
final class NodeStreamingBackend implements StreamingBackend {
    private final NodePods pods;
    private final ContainerRuntime runtime;
    private final CriLogReader logReader;

    NodeStreamingBackend(NodePods pods, ContainerRuntime runtime, CriLogReader logReader) {
        this.pods = pods;
        this.runtime = runtime;
        this.logReader = logReader;
    }

    @Override
    public boolean hasPod(String namespace, String pod) {
        return pods.pod(namespace, pod).isPresent();
    }

    @Override
    public boolean hasContainer(String namespace, String pod, String container) {
        return pods.pod(namespace, pod).map(p -> containerNames(p).anyMatch(container::equals))
                .orElse(false);
    }

    private static Stream<String> containerNames(Pod pod) {
        if (pod.getSpec() == null) {
            return Stream.empty();
        }
        return Stream.of(
                orEmpty(pod.getSpec().getContainers()).stream().map(Container::getName),
                orEmpty(pod.getSpec().getInitContainers()).stream().map(Container::getName),
                orEmpty(pod.getSpec().getEphemeralContainers()).stream()
                        .map(EphemeralContainer::getName))
                .flatMap(s -> s);
    }

    @Override
    public void logs(String namespace, String pod, String container, LogOptions options,
            LogSink out) throws IOException, InterruptedException, LogsUnavailable {
        Optional<Path> file = pods.logFile(namespace, pod, container, options.previous());
        if (file.isEmpty()) {
            if (options.previous()) {
                throw new LogsUnavailable("previous terminated container \"" + container
                        + "\" in pod \"" + pod + "\" not found");
            }
            throw new LogsUnavailable(notStarted(namespace, pod, container));
        }
        Optional<String> id = pods.containerId(namespace, pod, container, options.previous());
        boolean follow = options.follow() && !options.previous() && id.isPresent();
        out.opened();
        logReader.read(file.get(), new CriLogReader.Options(options.tailLines(), options.since(),
                follow), out::line, () -> running(id.orElseThrow()));
    }

    /** Why a container without a log file has none, as the kubelet's validateContainerLogStatus. */
    private String notStarted(String namespace, String pod, String container) {
        String prefix = "container \"" + container + "\" in pod \"" + pod + "\" ";
        Optional<ContainerStatus> status = pods.pod(namespace, pod).map(Pod::getStatus)
                .flatMap(s -> Stream.of(s.getContainerStatuses(), s.getInitContainerStatuses(),
                                s.getEphemeralContainerStatuses())
                        .flatMap(l -> orEmpty(l).stream())
                        .filter(c -> container.equals(c.getName())).findFirst());
        if (status.isEmpty()) {
            return prefix + "is not available";
        }
        ContainerStateWaiting waiting = status.get().getState() == null ? null
                : status.get().getState().getWaiting();
        if (waiting == null) {
            return prefix + "is terminated";
        }
        String reason = waiting.getReason() == null ? "" : waiting.getReason();
        return switch (reason) {
            case "ErrImagePull" -> prefix + "is waiting to start: image can't be pulled";
            case "ImagePullBackOff" -> prefix + "is waiting to start: trying and failing to pull image";
            default -> prefix + "is waiting to start: " + reason;
        };
    }

    private boolean running(String containerId) {
        try {
            return runtime.containerStatus(containerId).state()
                    == io.j8s.kubelet.runtime.ContainerStatus.State.RUNNING;
        } catch (RuntimeCallException e) {
            return e.kind() == RuntimeCallException.Kind.UNAVAILABLE;
        }
    }

    @Override
    public int exec(String namespace, String pod, String container, List<String> command,
            ProcessStreams streams) throws IOException, InterruptedException, CommandFailure {
        return runtime.exec(runningContainer(namespace, pod, container), command, streams);
    }

    @Override
    public int attach(String namespace, String pod, String container, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure {
        return runtime.attach(runningContainer(namespace, pod, container), streams);
    }

    private String runningContainer(String namespace, String pod, String container)
            throws CommandFailure {
        return pods.containerId(namespace, pod, container, false)
                .orElseThrow(() -> new CommandFailure("container not found (\"" + container + "\")"));
    }

    @Override
    public PortConnection portForward(String namespace, String pod, int port) throws IOException {
        String sandbox = pods.sandboxId(namespace, pod)
                .orElseThrow(() -> new IOException("pod " + pod + " has no sandbox"));
        return runtime.portForward(sandbox, port);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
