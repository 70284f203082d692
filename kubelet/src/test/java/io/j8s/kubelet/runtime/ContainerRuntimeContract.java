package io.j8s.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.j8s.kubelet.runtime.ContainerStatus.State;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} must do, run against each implementation (sim here, cri
 * with a real containerd): a subclass gives the runtime, the pod CIDR it was told and an image it
 * holds. Containers run {@code sh -c 'echo started; sleep 3600'} and pods carry the sim runtime's
 * exit annotation beside a command that exits, so that one test means the same on both.
 */
public abstract class ContainerRuntimeContract {
    private final List<String> sandboxes = new ArrayList<>();

    /** The runtime under test, already told {@link #podCidr()}. */
    protected abstract ContainerRuntime runtime();

    /** The pod CIDR the runtime was given, {@code 10.42.N.0/24}. */
    protected abstract String podCidr();

    /** An image the runtime has, with sh, echo and sleep. */
    protected abstract String image();

    /** Where sandboxes write their containers' logs. */
    protected abstract Path logRoot();

    @AfterEach
    void removeSandboxes() {
        for (String id : sandboxes) {
            runtime().stopPodSandbox(id);
            runtime().removePodSandbox(id);
        }
    }

    protected PodSandboxConfig sandboxConfig(String name, Map<String, String> annotations) {
        String uid = UUID.randomUUID().toString();
        return new PodSandboxConfig(name, "contract", uid, 0, name,
                logRoot().resolve("contract_" + name + "_" + uid),
                new PodSandboxConfig.DnsConfig(List.of("10.43.0.10"),
                        List.of("contract.svc.cluster.local"), List.of("ndots:5")),
                List.of(), Map.of("io.kubernetes.pod.uid", uid, "app", name), annotations,
                "/kubepods/besteffort/pod" + uid, false);
    }

    protected ContainerConfig containerConfig(String name, List<String> command) {
        return new ContainerConfig(name, 0, image(), command, List.of(), "", Map.of("GREETING", "hi"),
                List.of(), Map.of("io.kubernetes.container.name", name),
                Map.of("io.kubernetes.container.restartCount", "0"), name + "/0.log", false, false,
                false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT);
    }

    private String sandbox(PodSandboxConfig config) throws Exception {
        Files.createDirectories(config.logDirectory().resolve("app"));
        String id = runtime().runPodSandbox(config);
        sandboxes.add(id);
        return id;
    }

    private String started(String sandboxId, PodSandboxConfig config, List<String> command) {
        String id = runtime().createContainer(sandboxId, containerConfig("app", command), config);
        runtime().startContainer(id);
        return id;
    }

    private static final List<String> LONG_RUNNING = List.of("sh", "-c", "echo started; sleep 3600");

    @Test
    void theRuntimeIsReadyAndNamesItsVersion() {
        assertThat(runtime().status().ready()).isTrue();
        assertThat(runtime().version().runtimeName()).isNotEmpty();
        assertThat(runtime().version().forNode()).contains("://");
        assertThat(runtime().image(image())).isPresent();
    }

    @Test
    void aSandboxIsReadyWithAnIpOfThePodCidrAndListedWithItsLabels() throws Exception {
        PodSandboxConfig config = sandboxConfig("net", Map.of("note", "kept"));
        String id = sandbox(config);

        PodSandboxStatus status = runtime().podSandboxStatus(id);
        assertThat(status.ready()).isTrue();
        String prefix = podCidr().substring(0, podCidr().lastIndexOf('.') + 1);
        assertThat(status.ip()).startsWith(prefix);
        assertThat(status.uid()).isEqualTo(config.uid());
        assertThat(status.labels()).containsEntry("app", "net");
        assertThat(status.annotations()).containsEntry("note", "kept");
        assertThat(runtime().listPodSandboxes()).extracting(PodSandboxStatus::id).contains(id);

        runtime().stopPodSandbox(id);
        assertThat(runtime().podSandboxStatus(id).ready()).isFalse();
    }

    @Test
    void aContainerRunsLogsAndStopsAndIsGoneOnceRemoved() throws Exception {
        PodSandboxConfig config = sandboxConfig("run", Map.of());
        String sandbox = sandbox(config);
        String id = started(sandbox, config, LONG_RUNNING);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                runtime().containerStatus(id).state() == State.RUNNING);
        ContainerStatus running = runtime().containerStatus(id);
        assertThat(running.sandboxId()).isEqualTo(sandbox);
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.labels()).containsEntry("io.kubernetes.container.name", "app");
        assertThat(running.annotations()).containsEntry("io.kubernetes.container.restartCount", "0");
        Path log = config.logDirectory().resolve("app/0.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log)
                && !Files.readString(log).isEmpty());
        assertThat(Files.readAllLines(log)).allMatch(l -> l.matches("\\S+Z (stdout|stderr) [FP] .*"));

        runtime().stopContainer(id, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                runtime().containerStatus(id).state() == State.EXITED);
        assertThat(runtime().containerStatus(id).finishedAt()).isNotNull();
        runtime().stopContainer(id, Duration.ofSeconds(1));

        runtime().removeContainer(id);
        runtime().removeContainer(id);
        assertThatThrownBy(() -> runtime().containerStatus(id))
                .isInstanceOfSatisfying(RuntimeCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.NOT_FOUND));
    }

    @Test
    void aContainerThatExitsReportsItsExitCode() throws Exception {
        PodSandboxConfig config = sandboxConfig("exit", Map.of("sim.j8s.io/exit-after", "0:3"));
        String sandbox = sandbox(config);
        String id = started(sandbox, config, List.of("sh", "-c", "exit 3"));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                runtime().containerStatus(id).state() == State.EXITED);
        ContainerStatus exited = runtime().containerStatus(id);
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.reason()).isEqualTo("Error");
    }

    @Test
    void execRunsInTheContainerAndAMissingCommandIsACommandFailure() throws Exception {
        PodSandboxConfig config = sandboxConfig("exec", Map.of());
        String id = started(sandbox(config), config, LONG_RUNNING);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                runtime().containerStatus(id).state() == State.RUNNING);

        ExecResult echo = runtime().execSync(id, List.of("echo", "hello"), Duration.ofSeconds(10));
        assertThat(echo.exitCode()).isZero();
        assertThat(new String(echo.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(runtime().execSync(id, List.of("sh", "-c", "exit 7"), Duration.ofSeconds(10))
                .exitCode()).isEqualTo(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> runtime().exec(id, List.of("no-such-command"),
                new ProcessStreams(null, out, out, false)))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("executable file not found");
    }

    @Test
    void unknownIdsAreNotFoundAndStopAndRemoveOfThemAreNoErrors() {
        assertThatThrownBy(() -> runtime().podSandboxStatus("0123456789abcdef"))
                .isInstanceOfSatisfying(RuntimeCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.NOT_FOUND));
        runtime().stopContainer("0123456789abcdef", Duration.ZERO);
        runtime().removeContainer("0123456789abcdef");
        runtime().stopPodSandbox("0123456789abcdef");
        runtime().removePodSandbox("0123456789abcdef");
    }
}
