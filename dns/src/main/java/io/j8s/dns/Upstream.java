package io.j8s.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resolvers names outside the cluster zone go to, tried in order within one overall timeout;
 * an answer with TC set over UDP is asked again over TCP when the client came over TCP. When none
 * answers in time the client gets SERVFAIL, so that a pod's resolver never waits for its own
 * (longer) timeout.
 */
final class Upstream {
    private static final Logger LOG = Logger.getLogger(Upstream.class.getName());
    private final List<InetSocketAddress> servers;
    private final Duration timeout;

    Upstream(List<InetSocketAddress> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    boolean enabled() {
        return !servers.isEmpty();
    }

    List<InetSocketAddress> servers() {
        return servers;
    }

    /** The upstream answer to {@code query}, or SERVFAIL when none came in time. */
    byte[] forward(byte[] query, int length, boolean tcp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] q = Arrays.copyOf(query, length);
        for (int i = 0; i < servers.size(); i++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            // the time left is shared among the servers not yet tried
            int slice = (int) Math.max(1, left / (servers.size() - i));
            InetSocketAddress server = servers.get(i);
            try {
                byte[] answer = udp(server, q, slice);
                if (tcp && answer.length > 2 && (answer[2] & 0x02) != 0) {
                    answer = tcp(server, q, slice);
                }
                return answer;
            } catch (IOException e) {
                LOG.log(Level.FINE, "upstream " + server + ": " + e);
            }
        }
        return DnsResponder.servFail(query, length);
    }

    private static byte[] udp(InetSocketAddress server, byte[] q, int timeoutMillis)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(timeoutMillis);
            socket.connect(server);
            socket.send(new DatagramPacket(q, q.length));
            byte[] buf = new byte[65_535];
            long end = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                if (p.getLength() >= 2 && buf[0] == q[0] && buf[1] == q[1]) {
                    return Arrays.copyOf(buf, p.getLength());
                }
                int left = (int) ((end - System.nanoTime()) / 1_000_000);
                if (left <= 0) {
                    throw new SocketTimeoutException("no answer");
                }
                socket.setSoTimeout(left);
            }
        }
    }

    private static byte[] tcp(InetSocketAddress server, byte[] q, int timeoutMillis)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answer;
        }
    }
}
