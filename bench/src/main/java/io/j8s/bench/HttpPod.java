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
 * Stand-in pods for {@code j8s bench network}: two network namespaces, each with a veth to the
 * host that routes between them (as a point-to-point CNI plugin wires pods; addresses in the
 * bench's pod range, so the proxy treats them as pods), one running busybox httpd on port 8080.
 * {@link #compare} runs a client in the other pod that times new HTTP connections to the
 * server's pod IP and to its ClusterIP, alternating, so both see the same machine load. IP
 * forwarding is turned on while they exist and set back afterwards.
 */
final class HttpPod implements AutoCloseable {
    private static final String HOST_SIDE = "10.42.254.1";
    private static final String POD_SIDE = "10.42.254.2";
    private static final String CLIENT_HOST_SIDE = "10.42.254.5";
    private static final String CLIENT_SIDE = "10.42.254.6";
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    /** Milliseconds of one request (connect, GET, read to the end) by pod IP and by ClusterIP. */
    record Latency(double podP50, double podP99, double serviceP50, double serviceP99,
            int failures) {}

    private final String netns = "j8s-bench-pod-" + ProcessHandle.current().pid();
    private final String clientNetns = "j8s-bench-client-" + ProcessHandle.current().pid();
    private final Path www;
    private Process httpd;
    private String forwardBefore;

    private HttpPod() throws IOException {
        www = Files.createTempDirectory("j8s-bench-www-");
        Files.writeString(www.resolve("index.html"), "hello from the bench pod\n");
    }

    static HttpPod start() throws Exception {
        HttpPod pod = new HttpPod();
        try {
            pod.forwardBefore = Files.readString(IP_FORWARD).strip();
            Files.writeString(IP_FORWARD, "1");
            wire(pod.netns, "j8sbp0", HOST_SIDE, POD_SIDE);
            wire(pod.clientNetns, "j8sbc0", CLIENT_HOST_SIDE, CLIENT_SIDE);
            pod.httpd = new ProcessBuilder("ip", "netns", "exec", pod.netns, "busybox", "httpd",
                    "-f", "-p", "8080", "-h", pod.www.toString()).redirectErrorStream(true).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pod.client(POD_SIDE, "1").exitValue() != 0) {
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

    /** A pod's network: a namespace with a veth whose host end routes to it. */
    private static void wire(String ns, String hostLink, String hostIp, String podIp)
            throws Exception {
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "eth0", "netns", ns);
        run("ip", "addr", "add", hostIp + "/30", "dev", hostLink);
        run("ip", "link", "set", hostLink, "up");
        run("ip", "-n", ns, "addr", "add", podIp + "/30", "dev", "eth0");
        run("ip", "-n", ns, "link", "set", "eth0", "up");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "route", "add", "default", "via", hostIp);
    }

    String ip() {
        return POD_SIDE;
    }

    /**
     * Runs {@link Client} in the client pod: "{@code clusterIp}" pairs of requests, or one
     * request to {@code POD_SIDE} when {@code clusterIp} is the pod IP.
     */
    private Process client(String clusterIp, String pairs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("ip", "netns", "exec", clientNetns, java, "-cp",
                System.getProperty("java.class.path"), Client.class.getName(), POD_SIDE,
                clusterIp, pairs).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        p.waitFor(5, TimeUnit.MINUTES);
        return p;
    }

    Latency compare(String clusterIp, int requests) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("ip", "netns", "exec", clientNetns, java, "-cp",
                System.getProperty("java.class.path"), Client.class.getName(), POD_SIDE,
                clusterIp, Integer.toString(requests + 20))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().toList();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() > 1) {
            throw new IllegalStateException("the HTTP client in " + clientNetns + " failed");
        }
        List<Double> pod = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] ab = lines.get(i).split(" ");
            double a = Double.parseDouble(ab[0]);
            double b = Double.parseDouble(ab[1]);
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

    /**
     * The client, run in the client pod's namespace: {@code POD_IP CLUSTER_IP N} prints N lines
     * "ms-by-pod-IP ms-by-ClusterIP" (-1 for a failed request), alternating the two; exits 1
     * when any failed.
     */
    static final class Client {
        public static void main(String[] args) {
            int n = Integer.parseInt(args[2]);
            boolean failed = false;
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double a = get(args[0], 8080);
                double b = get(args[1], args[1].equals(args[0]) ? 8080 : 80);
                failed |= a < 0 || b < 0;
                out.append(a).append(' ').append(b).append('\n');
            }
            System.out.print(out);
            System.out.flush();
            System.exit(failed ? 1 : 0);
        }
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
                {"ip", "link", "del", "j8sbc0"}, {"ip", "netns", "del", netns},
                {"ip", "netns", "del", clientNetns}}) {
            try {
                new ProcessBuilder(c).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // nothing to remove
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (forwardBefore != null) {
            try {
                Files.writeString(IP_FORWARD, forwardBefore);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot set ip_forward back to "
                        + forwardBefore, e);
            }
        }
        try (var files = Files.walk(www)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
