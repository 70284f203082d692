package io.j8s.kubelet.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimRuntimeTest {
    @TempDir
    Path logs;
    private final TestClock clock = new TestClock();
    private final SimRuntime runtime = new SimRuntime(clock);

    private PodSandboxConfig sandbox(String name, boolean hostNetwork, Map<String, String> annotations) {
        return new PodSandboxConfig(name, "default", "uid-" + name, 0, name,
                logs.resolve("default_" + name), new PodSandboxConfig.DnsConfig(List.of(), List.of(),
                List.of()), List.of(), Map.of(), annotations, "/kubepods/besteffort/pod1", hostNetwork);
    }

    private static ContainerConfig container(String name) {
        return new ContainerConfig(name, 0, "busybox", List.of(), List.of(), "", Map.of(),
                List.of(), Map.of(), Map.of(), name + "/0.log", false, false, false,
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT);
    }

    private String running(PodSandboxConfig config) {
        String sandbox = runtime.runPodSandbox(config);
        String id = runtime.createContainer(sandbox, container("app"), config);
        runtime.startContainer(id);
        return id;
    }

    @Test
    void sandboxesGetDistinctIpsOfThePodCidrOnlyOnceItIsKnown() {
        assertThatThrownBy(() -> runtime.runPodSandbox(sandbox("early", false, Map.of())))
                .isInstanceOf(RuntimeCallException.class).hasMessageContaining("no pod CIDR");
        String host = runtime.runPodSandbox(sandbox("host", true, Map.of()));
        assertThat(runtime.podSandboxStatus(host).ip()).isEmpty();

        runtime.updatePodCidr("10.42.9.0/24");
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 110; i++) {
            ips.add(runtime.podSandboxStatus(runtime.runPodSandbox(sandbox("p" + i, false, Map.of()))).ip());
        }
        assertThat(ips).hasSize(110).allMatch(ip -> ip.startsWith("10.42.9."))
                .doesNotContain("10.42.9.0", "10.42.9.1");
    }

    @Test
    void aStartedContainerRunsAndLogsAndExitsWhenItsPodSaysSo() throws Exception {
        runtime.updatePodCidr("10.42.9.0/24");
        String forever = running(sandbox("forever", false, Map.of()));
        String exits = running(sandbox("exits", false, Map.of(SimRuntime.EXIT_AFTER, "30:7")));

        assertThat(runtime.containerStatus(forever).state()).isEqualTo(State.RUNNING);
        assertThat(Files.readString(logs.resolve("default_forever/app/0.log")))
                .matches("2026-\\S+Z stdout F sim: started app\n");
        clock.advance(Duration.ofSeconds(29));
        assertThat(runtime.containerStatus(exits).state()).isEqualTo(State.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        var exited = runtime.containerStatus(exits);
        assertThat(exited.state()).isEqualTo(State.EXITED);
        assertThat(exited.exitCode()).isEqualTo(7);
        assertThat(exited.reason()).isEqualTo("Error");
        assertThat(Duration.between(exited.startedAt(), exited.finishedAt())).hasSeconds(30);
        assertThat(runtime.containerStatus(forever).state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aPodAnnotatedWithLogEveryLogsNumberedLinesWhileItsContainerRuns() throws Exception {
        runtime.updatePodCidr("10.42.9.0/24");
        String id = running(sandbox("chatty", false, Map.of(SimRuntime.LOG_EVERY, "10ms")));
        Path log = logs.resolve("default_chatty/app/0.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(log).size() > 3);
        runtime.stopContainer(id, Duration.ZERO);
        List<String> stopped = Files.readAllLines(log);
        assertThat(stopped.getFirst()).endsWith(" stdout F sim: started app");
        for (int i = 1; i < stopped.size(); i++) {
            assertThat(stopped.get(i)).matches("2026-\\S+Z stdout F sim: line " + i);
        }
        // A stopped container writes no more.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> Files.readAllLines(log).equals(stopped));
        assertThat(SimSandbox.parseLogEvery("1ms")).isEqualTo(Duration.ofMillis(10));
        assertThat(SimSandbox.parseLogEvery("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SimSandbox.parseLogEvery("often")).isNull();
        runtime.close();
    }

    @Test
    void execKnowsAFewCommandsAndNoOthers() throws Exception {
        runtime.updatePodCidr("10.42.9.0/24");
        String id = running(sandbox("exec", false, Map.of()));

        ExecResult echo = runtime.execSync(id, List.of("echo", "hi", "there"), Duration.ofSeconds(1));
        assertThat(new String(echo.stdout(), StandardCharsets.UTF_8)).isEqualTo("hi there\n");
        assertThat(runtime.execSync(id, List.of("true"), Duration.ofSeconds(1)).exitCode()).isZero();
        assertThat(runtime.execSync(id, List.of("false"), Duration.ofSeconds(1)).exitCode()).isEqualTo(1);
        assertThat(runtime.execSync(id, List.of("sh", "-c", "exit 42"), Duration.ofSeconds(1))
                .exitCode()).isEqualTo(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(runtime.exec(id, List.of("cat"), new ProcessStreams(
                new ByteArrayInputStream("piped".getBytes(StandardCharsets.UTF_8)), out, null, false)))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("piped");
        assertThatThrownBy(() -> runtime.exec(id, List.of("ls"), new ProcessStreams(null, out, out, false)))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("executable file not found in $PATH");
        ByteArrayOutputStream attached = new ByteArrayOutputStream();
        runtime.attach(id, new ProcessStreams(new ByteArrayInputStream("in".getBytes(
                StandardCharsets.UTF_8)), attached, null, false));
        assertThat(attached.toString(StandardCharsets.UTF_8)).isEqualTo("in");
    }

    @Test
    void aForwardedPortEchoesAndAnswersHttp() throws Exception {
        runtime.updatePodCidr("10.42.9.0/24");
        String sandbox = runtime.runPodSandbox(sandbox("ports", false, Map.of()));
        try (PortConnection c = runtime.portForward(sandbox, 8080)) {
            c.output().write("ping".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(c.input().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ping");
        }
        try (PortConnection c = runtime.portForward(sandbox, 80)) {
            c.output().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void everyImageIsPresentButTheMissingOnes() {
        assertThat(runtime.image("busybox")).isPresent();
        assertThat(runtime.pullImage("nginx:1.27").repoTags()).containsExactly("docker.io/library/nginx:1.27");
        assertThat(runtime.image("sim.j8s.io/missing:1")).isEmpty();
        assertThatThrownBy(() -> runtime.pullImage("sim.j8s.io/missing:1"))
                .isInstanceOf(RuntimeCallException.class).hasMessageContaining("not found");
    }

    @Test
    void stopAndRemoveAreIdempotentAndUnknownIdsAreNotFound() {
        runtime.updatePodCidr("10.42.9.0/24");
        String id = running(sandbox("stop", false, Map.of()));
        String sandbox = runtime.containerStatus(id).sandboxId();
        runtime.stopContainer(id, Duration.ZERO);
        runtime.stopContainer(id, Duration.ZERO);
        assertThat(runtime.containerStatus(id).state()).isEqualTo(State.EXITED);
        runtime.removePodSandbox(sandbox);
        runtime.removePodSandbox(sandbox);
        runtime.removeContainer(id);
        assertThat(runtime.listContainers()).isEmpty();
        assertThatThrownBy(() -> runtime.containerStatus(id))
                .isInstanceOfSatisfying(RuntimeCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.NOT_FOUND));
    }
}
