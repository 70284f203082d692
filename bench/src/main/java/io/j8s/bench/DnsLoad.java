package io.j8s.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A DNS load client on its own: {@code clients} threads, each with its own UDP socket and one
 * query in flight (closed loop), ask {@code name} (type A) of a server for a warm-up and then for
 * {@code duration}; every answer's latency is kept. A query unanswered within a second counts as
 * lost. The network bench calls {@link #measure} against the cluster DNS it runs.
 *
 * <pre>{@code
 * DnsLoad.Figures f = DnsLoad.measure(new InetSocketAddress("127.0.0.1", 53),
 *         "web.default.svc.cluster.local", Duration.ofSeconds(10), 4);
 * }</pre>
 */
public final class DnsLoad {
    private DnsLoad() {}

    /** What one run measured: answers, losses, seconds, queries/s and latency percentiles. */
    public record Figures(long answered, long lost, long errors, double seconds, double qps,
            double p50Millis, double p99Millis, double maxMillis) {}

    public static Figures measure(InetSocketAddress server, String name, Duration duration,
            int clients) throws IOException, InterruptedException {
        byte[] query = Message.newQuery(Record.newRecord(Name.fromString(
                name.endsWith(".") ? name : name + "."), Type.A, 1)).toWire();
        run(server, query, Duration.ofSeconds(1), clients);
        return run(server, query, duration, clients);
    }

    private static Figures run(InetSocketAddress server, byte[] query, Duration duration,
            int clients) throws InterruptedException {
        List<Client> all = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(server, query.clone(), end, done);
            all.add(c);
            Thread.ofPlatform().daemon().name("dns-load-" + i).start(c);
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long answered = 0;
        long lost = 0;
        long errors = 0;
        for (Client c : all) {
            answered += c.count;
            lost += c.lost;
            errors += c.errors;
        }
        long[] latencies = new long[(int) answered];
        int at = 0;
        for (Client c : all) {
            System.arraycopy(c.latencies, 0, latencies, at, c.count);
            at += c.count;
        }
        Percentiles p = Percentiles.of(latencies);
        return new Figures(answered, lost, errors, seconds, answered / seconds,
                p.millis(50), p.millis(99), p.maxMillis());
    }

    private static final class Client implements Runnable {
        private final InetSocketAddress server;
        private final byte[] query;
        private final long end;
        private final CountDownLatch done;
        long[] latencies = new long[1 << 16];
        int count;
        long lost;
        long errors;

        Client(InetSocketAddress server, byte[] query, long end, CountDownLatch done) {
            this.server = server;
            this.query = query;
            this.end = end;
            this.done = done;
        }

        @Override
        public void run() {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(server);
                socket.setSoTimeout(1000);
                byte[] buf = new byte[4096];
                DatagramPacket out = new DatagramPacket(query, query.length);
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                int id = (int) (Thread.currentThread().threadId() * 7919);
                while (System.nanoTime() < end) {
                    id = (id + 1) & 0xffff;
                    query[0] = (byte) (id >> 8);
                    query[1] = (byte) id;
                    long t0 = System.nanoTime();
                    socket.send(out);
                    try {
                        do {
                            in.setLength(buf.length);
                            socket.receive(in);
                        } while (buf[0] != query[0] || buf[1] != query[1]);
                    } catch (SocketTimeoutException e) {
                        lost++;
                        continue;
                    }
                    if ((buf[3] & 0x0f) != 0) {
                        errors++;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = System.nanoTime() - t0;
                }
            } catch (IOException e) {
                errors++;
            } finally {
                done.countDown();
            }
        }
    }
}
