package io.j8s.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in pod for {@code j8s bench network}: a network namespace with a veth to the host and
 * busybox httpd on port 8080; {@link #compare} times new HTTP connections from the host to its
 * IP and to its ClusterIP, alternating, so both see the same machine load.
 */
final class HttpPod implements AutoCloseable {
    private static final String HOST_SIDE = "10.99.250.1";
    private static final String POD_SIDE = "10.99.250.2";

    /** Milliseconds of one request (connect, GET, read to the end) by pod IP and by ClusterIP. */
    record Latency(double podP50, double podP99, double serviceP50, double serviceP99,
            int failures) {}

    private final String netns = "j8s-bench-pod-" + ProcessHandle.current().pid();
    private final Path www;
    private Process httpd;

    private HttpPod() throws IOException {
        www = Files.createTempDirectory("j8s-bench-www-");
        Files.writeString(www.resolve("index.html"), "hello from the bench pod\n");
    }

    static HttpPod start() throws Exception {
        HttpPod pod = new HttpPod();
        try {
            run("ip", "netns", "add", pod.netns);
            run("ip", "link", "add", "j8sbp0", "type", "veth", "peer", "name", "j8sbp1", "netns",
                    pod.netns);
            run("ip", "addr", "add", HOST_SIDE + "/30", "dev", "j8sbp0");
            run("ip", "link", "set", "j8sbp0", "up");
            run("ip", "-n", pod.netns, "addr", "add", POD_SIDE + "/30", "dev", "j8sbp1");
            run("ip", "-n", pod.netns, "link", "set", "j8sbp1", "up");
            run("ip", "-n", pod.netns, "link", "set", "lo", "up");
            run("ip", "-n", pod.netns, "route", "add", "default", "via", HOST_SIDE);
            pod.httpd = new ProcessBuilder("ip", "netns", "exec", pod.netns, "busybox", "httpd",
                    "-f", "-p", "8080", "-h", pod.www.toString()).redirectErrorStream(true).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (get(POD_SIDE, 8080) < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("busybox httpd in " + pod.netns + " did not answer");
                }
                Thread.sleep(50);
            }
            return pod;
        } catch (Exception | Error e) {
            pod.close();
            throw e;
        }
    }

    String ip() {
        return POD_SIDE;
    }

    Latency compare(String clusterIp, int requests) {
        List<Double> pod = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < requests + 20; i++) {
            double a = get(POD_SIDE, 8080);
            double b = get(clusterIp, 80);
            if (a < 0 || b < 0) {
                failures++;
            } else if (i >= 20) {
                pod.add(a);
                service.add(b);
            }
        }
        return new Latency(percentile(pod, 50), percentile(pod, 99), percentile(service, 50),
                percentile(service, 99), failures);
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Milliseconds of one GET on a new connection, -1 when it failed. */
    private static double get(String ip, int port) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
            }
            return total > 0 ? (System.nanoTime() - start) / 1e6 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out.strip());
        }
    }

    @Override
    public void close() {
        if (httpd != null) {
            httpd.destroy();
            try {
                httpd.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String[] c : new String[][] {{"ip", "link", "del", "j8sbp0"},
                {"ip", "netns", "del", netns}}) {
            try {
                new ProcessBuilder(c).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // nothing to remove
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(www)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
