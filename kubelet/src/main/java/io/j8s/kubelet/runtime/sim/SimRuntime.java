package io.j8s.kubelet.runtime.sim;

import io.j8s.api.J8sVersion;
import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.Image;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.kubelet.runtime.RuntimeCallException.Kind;
import io.j8s.kubelet.runtime.RuntimeCondition;
import io.j8s.kubelet.runtime.RuntimeVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runtime that runs nothing: the hollow node. Sandboxes get IPs from the pod CIDR (none before
 * {@link #updatePodCidr}, except for host-network pods), containers are running as soon as they
 * start and stay so, unless their sandbox's annotation {@value #EXIT_AFTER} {@code "S:N"} says
 * they exit with code N S seconds after they started (evaluated against the clock whenever the
 * container is looked at: no thread or timer per container, so 110 pods cost a few objects).
 * Every image is present, except a name containing {@value #MISSING_IMAGE} or a repository named
 * {@code missing}, whose pull fails as a missing image does. A start writes one CRI-format log
 * line (the words of a main process that is {@code echo WORDS}); exec knows {@code echo}, {@code cat},
 * {@code true}, {@code false} and {@code sh -c 'exit N'}; attach copies stdin to stdout; every
 * forwarded port is an echo (that answers an HTTP request with {@code 200 OK}). A pod annotated
 * {@value #LOG_EVERY} {@code "100ms"} (or {@code "2s"}, {@code "1m"}; at least 10 ms) has its
 * containers append {@code sim: line N} to their logs at that interval while they run, from one
 * scheduler thread shared by all ({@link SimLogs}): what tests of {@code kubectl logs -f} and log
 * rotation need, and a load generator for scale runs.
 */
public final class SimRuntime implements ContainerRuntime {
    /** The pod annotation {@code "S:N"}: every container exits with code N S seconds after it starts. */
    public static final String EXIT_AFTER = "sim.j8s.io/exit-after";
    /** An image whose name contains this is missing, and no pull finds it. */
    public static final String MISSING_IMAGE = "sim.j8s.io/missing";
    /** The pod annotation {@code "100ms"}: every container logs a numbered line at this interval. */
    public static final String LOG_EVERY = "sim.j8s.io/log-every";

    private final Clock clock;
    private final SimLogs logs;
    private final Map<String, SimSandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, SimContainer> containers = new ConcurrentHashMap<>();
    private final SimImages images = new SimImages();
    private volatile SimIpam ipam;
    private volatile String downMessage;

    public SimRuntime() {
        this(Clock.systemUTC());
    }

    /** A sim runtime whose containers exit by this clock. */
    public SimRuntime(Clock clock) {
        this.clock = clock;
        this.logs = new SimLogs(clock);
    }

    /** Makes the runtime down (every call fails as unreachable, status not ready) until {@link #markUp}. */
    public void markDown(String message) {
        downMessage = message;
    }

    public void markUp() {
        downMessage = null;
    }

    @Override
    public RuntimeVersion version() {
        checkUp();
        return new RuntimeVersion("sim", J8sVersion.version(), "v1");
    }

    @Override
    public RuntimeCondition status() {
        String down = downMessage;
        return down == null ? RuntimeCondition.allReady() : new RuntimeCondition(false, false, down);
    }

    @Override
    public synchronized void updatePodCidr(String podCidr) {
        if (ipam == null || !ipam.cidr().equals(podCidr)) {
            ipam = new SimIpam(podCidr);
            sandboxes.values().stream().filter(s -> s.ready && !s.ip.isEmpty())
                    .forEach(s -> ipam.reserve(s.ip));
        }
    }

    /**
     * The config a container was created with (its environment, command, mounts, cgroup values):
     * what a test of the kubelet inspects, since a sim container has no process to ask.
     */
    public ContainerConfig containerConfig(String containerId) {
        return container(containerId).config;
    }

    /** The config a sandbox was made with (hostname, DNS, cgroup parent), for the same reason. */
    public PodSandboxConfig podSandboxConfig(String sandboxId) {
        return sandbox(sandboxId).config;
    }

    // --- images ---

    @Override
    public Optional<Image> image(String name) {
        checkUp();
        return images.find(name);
    }

    @Override
    public Image pullImage(String name) {
        checkUp();
        return images.pull(name);
    }

    @Override
    public List<Image> images() {
        checkUp();
        return images.all();
    }

    // --- pod sandboxes ---

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        checkUp();
        String ip = "";
        if (!config.hostNetwork()) {
            SimIpam current = ipam;
            if (current == null) {
                throw new RuntimeCallException(Kind.FAILED, "sim runtime: no pod CIDR yet (the"
                        + " node has no spec.podCIDR), so pod " + config.namespace() + "/"
                        + config.name() + " cannot get an IP");
            }
            try {
                ip = current.allocate();
            } catch (IllegalStateException e) {
                throw new RuntimeCallException(Kind.FAILED, e.getMessage());
            }
        }
        String id = newId();
        sandboxes.put(id, new SimSandbox(id, config, clock.instant(), ip));
        return id;
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        checkUp();
        SimSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        Instant now = clock.instant();
        containers.values().stream().filter(c -> c.sandbox == sandbox).forEach(c -> c.stop(now));
        synchronized (sandbox) {
            if (sandbox.ready) {
                sandbox.ready = false;
                SimIpam current = ipam;
                if (current != null && !sandbox.ip.isEmpty()) {
                    current.release(sandbox.ip);
                }
            }
        }
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        stopPodSandbox(sandboxId);
        containers.values().removeIf(c -> {
            if (!c.sandbox.id.equals(sandboxId)) {
                return false;
            }
            c.stopLogging();
            return true;
        });
        sandboxes.remove(sandboxId);
    }

    @Override
    public PodSandboxStatus podSandboxStatus(String sandboxId) {
        checkUp();
        return sandbox(sandboxId).status();
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        checkUp();
        return sandboxes.values().stream().map(SimSandbox::status)
                .sorted(Comparator.comparing(PodSandboxStatus::createdAt)).toList();
    }

    // --- containers ---

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandbox) {
        checkUp();
        SimSandbox s = sandbox(sandboxId);
        if (!s.ready) {
            throw new RuntimeCallException(Kind.FAILED, "sandbox " + sandboxId + " is not ready");
        }
        Image image = image(config.image()).orElseThrow(() -> new RuntimeCallException(Kind.FAILED,
                "failed to create containerd container: image \""
                        + ImageNames.normalize(config.image()) + "\": not found"));
        String id = newId();
        Path log = s.config.logDirectory() == null || config.logPath().isEmpty() ? null
                : s.config.logDirectory().resolve(config.logPath());
        String imageRef = image.repoDigests().isEmpty() ? image.id() : image.repoDigests().getFirst();
        containers.put(id, new SimContainer(id, s, config, imageRef, clock.instant(),
                log == null ? Path.of("") : log));
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        checkUp();
        SimContainer c = container(containerId);
        if (c.state(clock.instant()) != State.CREATED) {
            throw new RuntimeCallException(Kind.FAILED, "container " + containerId
                    + " is not in created state");
        }
        Instant now = clock.instant();
        c.start(now);
        List<String> argv = new java.util.ArrayList<>(c.config.command());
        argv.addAll(c.config.args());
        // A main process that only echoes is the one command sim runs: its words reach the log.
        writeLog(c, now, !argv.isEmpty() && argv.getFirst().equals("echo")
                ? String.join(" ", argv.subList(1, argv.size()))
                : "sim: started " + c.config.name());
        if (c.sandbox.logEvery != null && !c.logPath.toString().isEmpty()) {
            c.logging(logs.every(c, c.sandbox.logEvery));
        }
    }

    private static void writeLog(SimContainer c, Instant now, String line) {
        try {
            SimLogs.append(c, now, line);
        } catch (IOException e) {
            throw new RuntimeCallException(Kind.FAILED, "failed to write log " + c.logPath + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        checkUp();
        SimContainer c = containers.get(containerId);
        if (c != null) {
            c.stop(clock.instant());
        }
    }

    @Override
    public void removeContainer(String containerId) {
        checkUp();
        SimContainer c = containers.remove(containerId);
        if (c != null) {
            c.stopLogging();
        }
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        checkUp();
        return container(containerId).status(clock.instant());
    }

    @Override
    public List<ContainerStatus> listContainers() {
        checkUp();
        Instant now = clock.instant();
        List<ContainerStatus> all = new ArrayList<>();
        containers.values().forEach(c -> all.add(c.status(now)));
        all.sort(Comparator.comparing(ContainerStatus::createdAt));
        return all;
    }

    @Override
    public void reopenContainerLog(String containerId) {
        checkUp();
        container(containerId);
    }

    // --- streaming ---

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        running(containerId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int code = SimCommands.run(command, new ByteArrayInputStream(new byte[0]), out, err);
            return new ExecResult(code, out.toByteArray(), err.toByteArray(), false);
        } catch (CommandFailure e) {
            throw new RuntimeCallException(Kind.FAILED, e.getMessage(), e);
        } catch (IOException e) {
            throw new RuntimeCallException(Kind.FAILED, e.getMessage(), e);
        }
    }

    @Override
    public int exec(String containerId, List<String> command, ProcessStreams streams)
            throws IOException, CommandFailure {
        running(containerId);
        return SimCommands.run(command, streams.stdin(), streams.stdout(), streams.stderr());
    }

    @Override
    public int attach(String containerId, ProcessStreams streams) throws IOException {
        running(containerId);
        if (streams.stdin() != null) {
            streams.stdin().transferTo(streams.stdout());
            streams.stdout().flush();
        }
        return 0;
    }

    @Override
    public PortConnection portForward(String sandboxId, int port) throws IOException {
        checkUp();
        SimSandbox s = sandboxes.get(sandboxId);
        if (s == null || !s.ready) {
            throw new IOException("sandbox " + sandboxId + " is not running");
        }
        return new EchoConnection();
    }

    @Override
    public boolean podIpsReachable() {
        return false;
    }

    @Override
    public void close() {
        // The sim's containers live as long as this object; only their log lines stop.
        logs.close();
    }

    private SimContainer running(String containerId) {
        checkUp();
        SimContainer c = container(containerId);
        if (c.state(clock.instant()) != State.RUNNING) {
            throw new RuntimeCallException(Kind.FAILED, "cannot exec in a stopped state: unknown");
        }
        return c;
    }

    private SimSandbox sandbox(String id) {
        SimSandbox s = sandboxes.get(id);
        if (s == null) {
            throw new RuntimeCallException(Kind.NOT_FOUND, "an error occurred when try to find"
                    + " sandbox: not found: " + id);
        }
        return s;
    }

    private SimContainer container(String id) {
        SimContainer c = containers.get(id);
        if (c == null) {
            throw new RuntimeCallException(Kind.NOT_FOUND, "an error occurred when try to find"
                    + " container \"" + id + "\": not found");
        }
        return c;
    }

    private void checkUp() {
        String down = downMessage;
        if (down != null) {
            throw new RuntimeCallException(Kind.UNAVAILABLE, down);
        }
    }

    private static String newId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }
}
