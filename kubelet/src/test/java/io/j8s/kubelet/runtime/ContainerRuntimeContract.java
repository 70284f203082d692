package io.j8s.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every container runtime does, as the kubelet relies on it. Subclasses give a runtime whose
 * pod network is ready, the pod CIDR it was given and an image with busybox's sh, echo, cat and
 * sleep. The commands are the ones the sim runtime understands too; a container meant to exit
 * also carries the sim's {@code sim.j8s.io/exit-after} annotation on its sandbox.
 */
public abstract class ContainerRuntimeContract {
    protected static final String EXIT_AFTER = "sim.j8s.io/exit-after";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The runtime under test, with its pod network ready for {@link #podCidr()}. */
    protected abstract ContainerRuntime runtime();

    /** The node's pod CIDR, {@code 10.42.250.0/24} say. */
    protected abstract String podCidr();

    /** An image the runtime has, with sh, echo, cat and sleep. */
    protected abstract String image();

    @TempDir
    Path logs;

    private final List<String> sandboxes = new ArrayList<>();

    @BeforeEach
    void networkReady() {
        await().atMost(WAIT).until(() -> runtime().status().ready());
    }

    @AfterEach
    void removeSandboxes() {
        for (ContainerStatus c : runtime().listContainers()) {
            if (sandboxes.contains(c.sandboxId())) {
                runtime().stopContainer(c.id(), Duration.ZERO);
                runtime().removeContainer(c.id());
            }
        }
        for (String id : sandboxes) {
            runtime().stopPodSandbox(id);
            runtime().removePodSandbox(id);
        }
    }

    protected PodSandboxConfig sandbox(String name, Map<String, String> annotations) {
        String uid = UUID.randomUUID().toString();
        return new PodSandboxConfig(name, "contract", uid, 0, name,
                logs.resolve("contract_" + name + "_" + uid), null, List.of(),
                Map.of("io.kubernetes.pod.name", name), annotations, "", false);
    }

    protected String run(PodSandboxConfig config) {
        String id = runtime().runPodSandbox(config);
        sandboxes.add(id);
        return id;
    }

    protected static ContainerConfig container(String name, String image, List<String> command) {
        return new ContainerConfig(name, 0, image, command, List.of(), "", Map.of("GREETING", "hello"),
                List.of(), Map.of("io.kubernetes.container.name", name), Map.of(), name + "/0.log",
                false, false, false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT);
    }

    protected String start(String sandboxId, PodSandboxConfig sandbox, List<String> command) {
        String id = runtime().createContainer(sandboxId, container("main", image(), command), sandbox);
        runtime().startContainer(id);
        return id;
    }

    @Test
    void sandboxGetsAnIpInThePodCidr() throws Exception {
        PodSandboxConfig config = sandbox("ip", Map.of());
        String id = run(config);

        PodSandboxStatus status = runtime().podSandboxStatus(id);
        assertThat(status.ready()).isTrue();
        assertThat(status.name()).isEqualTo("ip");
        assertThat(status.namespace()).isEqualTo("contract");
        assertThat(status.uid()).isEqualTo(config.uid());
        assertThat(inCidr(status.ip(), podCidr())).as("%s in %s", status.ip(), podCidr()).isTrue();
    }

    @Test
    void containerIsCreatedThenRunning() {
        PodSandboxConfig config = sandbox("running", Map.of());
        String sandboxId = run(config);
        String id = runtime().createContainer(sandboxId, container("main", image(), List.of("sleep", "3600")), config);

        ContainerStatus created = runtime().containerStatus(id);
        assertThat(created.state()).isEqualTo(ContainerStatus.State.CREATED);
        assertThat(created.sandboxId()).isEqualTo(sandboxId);

        runtime().startContainer(id);
        ContainerStatus running = runtime().containerStatus(id);
        assertThat(running.state()).isEqualTo(ContainerStatus.State.RUNNING);
        assertThat(running.name()).isEqualTo("main");
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.finishedAt()).isNull();
    }

    @Test
    void containerThatExitsReportsItsExitCode() {
        PodSandboxConfig config = sandbox("exits", Map.of(EXIT_AFTER, "1:3"));
        String id = start(run(config), config, List.of("sh", "-c", "sleep 1; exit 3"));

        await().atMost(WAIT).until(() -> runtime().containerStatus(id).state() == ContainerStatus.State.EXITED);
        ContainerStatus exited = runtime().containerStatus(id);
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.reason()).isEqualTo("Error");
        assertThat(exited.finishedAt()).isAfterOrEqualTo(exited.startedAt());
    }

    @Test
    void stopAndRemoveAreIdempotent() {
        PodSandboxConfig config = sandbox("idempotent", Map.of());
        String sandboxId = run(config);
        String id = start(sandboxId, config, List.of("sleep", "3600"));

        runtime().stopContainer(id, Duration.ofSeconds(1));
        runtime().stopContainer(id, Duration.ofSeconds(1));
        assertThat(runtime().containerStatus(id).state()).isEqualTo(ContainerStatus.State.EXITED);
        runtime().removeContainer(id);
        runtime().removeContainer(id);
        assertThatThrownBy(() -> runtime().containerStatus(id)).isInstanceOfSatisfying(
                RuntimeCallException.class, e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.NOT_FOUND));

        runtime().stopPodSandbox(sandboxId);
        runtime().stopPodSandbox(sandboxId);
        assertThat(runtime().podSandboxStatus(sandboxId).ready()).isFalse();
        runtime().removePodSandbox(sandboxId);
        runtime().removePodSandbox(sandboxId);
        assertThatThrownBy(() -> runtime().podSandboxStatus(sandboxId)).isInstanceOfSatisfying(
                RuntimeCallException.class, e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.NOT_FOUND));
    }

    @Test
    void listsShowWhatExistsAndNotWhatWasRemoved() {
        PodSandboxConfig config = sandbox("listed", Map.of());
        String sandboxId = run(config);
        String id = start(sandboxId, config, List.of("sleep", "3600"));

        assertThat(runtime().listPodSandboxes()).anySatisfy(s -> {
            assertThat(s.id()).isEqualTo(sandboxId);
            assertThat(s.uid()).isEqualTo(config.uid());
            assertThat(s.labels()).containsEntry("io.kubernetes.pod.name", "listed");
        });
        assertThat(runtime().listContainers()).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.sandboxId()).isEqualTo(sandboxId);
            assertThat(c.state()).isEqualTo(ContainerStatus.State.RUNNING);
        });

        runtime().stopContainer(id, Duration.ZERO);
        runtime().removeContainer(id);
        runtime().stopPodSandbox(sandboxId);
        runtime().removePodSandbox(sandboxId);
        assertThat(runtime().listContainers()).noneMatch(c -> c.id().equals(id));
        assertThat(runtime().listPodSandboxes()).noneMatch(s -> s.id().equals(sandboxId));
    }

    @Test
    void imagesAreListedAndAMissingOneFailsToPullWithAMessage() {
        assertThat(runtime().image(image())).isPresent();
        assertThat(runtime().images()).anySatisfy(i -> assertThat(i.repoTags()).contains(image()));

        // Port 1 on loopback: nothing listens, and no name needs resolving.
        String missing = "127.0.0.1:1/j8s/missing:1";
        assertThat(runtime().image(missing)).isEmpty();
        assertThatThrownBy(() -> runtime().pullImage(missing)).isInstanceOfSatisfying(
                RuntimeCallException.class, e -> {
                    assertThat(e.kind()).isNotEqualTo(RuntimeCallException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains(missing);
                });
    }

    @Test
    void stdoutReachesTheLogFileInCriFormat() {
        PodSandboxConfig config = sandbox("logs", Map.of(EXIT_AFTER, "0:0"));
        start(run(config), config, List.of("echo", "hello from the contract"));

        Path log = config.logDirectory().resolve("main/0.log");
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.exists(log)
                ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.<String>of())
                .anyMatch(line -> line.matches("\\S+ stdout F hello from the contract")));
    }

    @Test
    void execSyncReturnsOutputAndExitCode() {
        PodSandboxConfig config = sandbox("exec", Map.of());
        String id = start(run(config), config, List.of("sleep", "3600"));

        ExecResult echo = runtime().execSync(id, List.of("echo", "hi"), Duration.ofSeconds(10));
        assertThat(echo.exitCode()).isZero();
        assertThat(new String(echo.stdout(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(echo.timedOut()).isFalse();

        ExecResult exit = runtime().execSync(id, List.of("sh", "-c", "exit 7"), Duration.ofSeconds(10));
        assertThat(exit.exitCode()).isEqualTo(7);
    }

    protected static boolean inCidr(String ip, String cidr) throws Exception {
        if (ip == null || ip.isEmpty()) {
            return false;
        }
        String[] parts = cidr.split("/");
        byte[] net = InetAddress.getByName(parts[0]).getAddress();
        byte[] addr = InetAddress.getByName(ip).getAddress();
        int bits = Integer.parseInt(parts[1]);
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
