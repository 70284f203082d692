package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.FreePorts;
import io.j8s.testkit.Kubectl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pods on a real node (containerd, runc, CNI) driven with the real kubectl: they run with a pod
 * IP, their logs, exec and port-forward work through the API server, pods reach each other over
 * the bridge, volumes show in them, and a delete is graceful.
 */
class RealContainersIT {
    @RegisterExtension
    static final RealNode node = new RealNode("real-it");

    @Test
    void aPodRunsWithAPodIpAndItsLogsShowAndFollow() throws Exception {
        node.apply(node.pod("hello", "echo hello from j8s; i=0; while true; do i=$((i+1));"
                + " echo tick $i; sleep 1; done", ""));
        try {
            String ip = node.awaitReady("hello");
            assertThat(ip).startsWith("10.42.");
            assertThat(node.pod("hello", ".status.phase")).isEqualTo("Running");
            assertThat(node.pod("hello", ".status.hostIP")).isNotEmpty();
            assertThat(node.events("hello")).contains("Pulled", "Created", "Started");
            assertThat(ok(node.kubectl().run("logs", "hello")).out()).startsWith("hello from j8s\n");

            Process follow = node.kubectl().start("logs", "-f", "hello", "--tail=1");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(
                    follow.getInputStream(), StandardCharsets.UTF_8))) {
                int first = tick(out.readLine());
                // lines written after kubectl started arrive while it keeps following
                assertThat(tick(out.readLine())).isEqualTo(first + 1);
                assertThat(tick(out.readLine())).isEqualTo(first + 2);
                assertThat(follow.isAlive()).isTrue();
            } finally {
                follow.destroy();
                follow.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            node.delete("hello");
        }
    }

    private static int tick(String line) {
        assertThat(line).startsWith("tick ");
        return Integer.parseInt(line.substring(5).strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.30", "1.33"})
    void execTakesStdinAndGivesTheExitCode(String version) {
        String pod = "exec-" + version.replace(".", "");
        node.apply(node.pod(pod, "sleep 3600", ""));
        try {
            node.awaitReady(pod);
            Kubectl kubectl = node.kubectl(version);
            Kubectl.Result cat = kubectl.input("through stdin\nline two\n", "exec", "-i", pod,
                    "--", "cat");
            assertThat(ok(cat).out()).isEqualTo("through stdin\nline two\n");
            Kubectl.Result exit3 = kubectl.run("exec", pod, "--", "sh", "-c", "echo out; exit 3");
            assertThat(exit3.exitCode()).as(exit3.toString()).isEqualTo(3);
            assertThat(exit3.out()).isEqualTo("out\n");
            assertThat(ok(kubectl.run("exec", pod, "--", "hostname")).out().strip())
                    .isEqualTo(pod);
        } finally {
            node.delete(pod);
        }
    }

    @Test
    void portForwardReachesHttpdInThePod() throws Exception {
        node.apply(node.pod("web", "mkdir -p /www && echo served by busybox > /www/index.html"
                + " && exec httpd -f -p 8080 -h /www", ""));
        int local = FreePorts.pick();
        Process forward = null;
        try {
            node.awaitReady("web");
            forward = node.kubectl().start("port-forward", "--address", "127.0.0.1", "pod/web",
                    local + ":8080");
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    forward.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).contains("Forwarding from 127.0.0.1:" + local);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + local + "/index.html"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("served by busybox\n");
            }
        } finally {
            if (forward != null) {
                forward.destroy();
                forward.waitFor(10, TimeUnit.SECONDS);
            }
            node.delete("web");
        }
    }

    @Test
    void aPodReachesAnotherOverHttp() {
        node.apply(node.pod("server", "mkdir -p /www && echo pod to pod > /www/index.html"
                + " && exec httpd -f -p 8080 -h /www", ""));
        node.apply(node.pod("client", "sleep 3600", ""));
        try {
            String ip = node.awaitReady("server");
            node.awaitReady("client");
            assertThat(node.pod("client", ".status.podIP")).startsWith("10.42.").isNotEqualTo(ip);
            Kubectl.Result get = node.kubectl().run("exec", "client", "--", "timeout", "5", "wget",
                    "-qO-", "http://" + ip + ":8080/");
            assertThat(ok(get).out()).isEqualTo("pod to pod\n");
        } finally {
            node.delete("server", "client");
        }
    }

    @Test
    void configMapSecretAndEmptyDirVolumesShowInTheContainer() {
        node.apply("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  greeting: hello
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                stringData:
                  password: s3cret
                """);
        node.apply(node.pod("vols", "Always", "echo written > /scratch/f; sleep 3600", """
                    volumeMounts:
                    - {name: config, mountPath: /etc/config}
                    - {name: secret, mountPath: /etc/secret}
                    - {name: scratch, mountPath: /scratch}
                """, """
                  volumes:
                  - name: config
                    configMap: {name: settings}
                  - name: secret
                    secret: {secretName: creds}
                  - name: scratch
                    emptyDir: {}
                """));
        try {
            node.awaitReady("vols");
            Kubectl k = node.kubectl();
            assertThat(ok(k.run("exec", "vols", "--", "cat", "/etc/config/greeting")).out())
                    .isEqualTo("hello");
            assertThat(ok(k.run("exec", "vols", "--", "cat", "/etc/secret/password")).out())
                    .isEqualTo("s3cret");
            assertThat(ok(k.run("exec", "vols", "--", "cat", "/scratch/f")).out())
                    .isEqualTo("written\n");
            // a secret never touches the disk: its volume is a tmpfs
            assertThat(ok(k.run("exec", "vols", "--", "grep", " /etc/secret ", "/proc/mounts"))
                    .out()).startsWith("tmpfs ");
            assertThat(k.run("exec", "vols", "--", "touch", "/etc/config/x").ok())
                    .isFalse();

            ok(k.run("patch", "configmap", "settings", "--type", "merge", "-p",
                    "{\"data\":{\"greeting\":\"hello again\"}}"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> k.run("exec", "vols", "--", "cat", "/etc/config/greeting").out()
                            .equals("hello again"));
        } finally {
            node.delete("vols");
            node.kubectl().run("delete", "configmap", "settings");
            node.kubectl().run("delete", "secret", "creds");
        }
    }

    @Test
    void aDeletedPodStopsGracefullyAndGoes() throws Exception {
        node.apply(node.pod("graceful", "Always", "trap \"echo bye; exit 0\" TERM;"
                + " while true; do sleep 1; done", "", "  terminationGracePeriodSeconds: 60\n"));
        try {
            node.awaitReady("graceful");
            Process watch = node.kubectl().start("get", "pod", "graceful", "-w", "-o",
                    "jsonpath={.status.containerStatuses[0].state.terminated.exitCode}{\"\\n\"}");
            CompletableFuture<Boolean> exitedZero = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(
                        watch.getInputStream(), StandardCharsets.UTF_8))) {
                    return out.lines().anyMatch("0"::equals);
                } catch (IOException | UncheckedIOException e) {
                    return false;
                }
            });
            try {
                long start = System.nanoTime();
                Kubectl.Result deleted = node.kubectl().run("delete", "pod", "graceful",
                        "--wait=true", "--timeout=50s");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(ok(deleted).out()).contains("deleted");
                // the trap ended it with 0 on SIGTERM, long before the 60 s grace period
                assertThat(took).isLessThan(Duration.ofSeconds(20));
                assertThat(exitedZero.get(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                watch.destroy();
            }
            assertThat(node.kubectl().run("get", "pod", "graceful").err()).contains("NotFound");
            assertThat(node.events("graceful")).contains("Killing");
        } finally {
            node.delete("graceful");
        }
    }
}
