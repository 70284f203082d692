package io.j8s.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UDP and TCP sockets of the server, on one address and one port (port 0: a free port that
 * both protocols hold). A few platform threads read UDP and answer the zone inline; forwarded
 * queries and TCP connections run on virtual threads, so a slow upstream holds no reader.
 */
final class DnsListeners implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DnsListeners.class.getName());
    private static final int TCP_IDLE_MILLIS = 10_000;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final DnsResponder responder;
    private final Upstream upstream;
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;

    private DnsListeners(DatagramSocket udp, ServerSocket tcp, DnsResponder responder,
            Upstream upstream) {
        this.udp = udp;
        this.tcp = tcp;
        this.responder = responder;
        this.upstream = upstream;
    }

    static DnsListeners bind(InetAddress address, int port, DnsResponder responder,
            Upstream upstream, int udpReaders) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? 10 : 1); attempt++) {
            DatagramSocket udp = new DatagramSocket(null);
            try {
                udp.setReceiveBufferSize(4 << 20);
                udp.bind(new InetSocketAddress(address, port));
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.setReuseAddress(true);
                    tcp.bind(new InetSocketAddress(address, udp.getLocalPort()), 128);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                DnsListeners l = new DnsListeners(udp, tcp, responder, upstream);
                l.start(udpReaders);
                return l;
            } catch (IOException e) {
                udp.close();
                last = e;
            }
        }
        throw last;
    }

    int port() {
        return udp.getLocalPort();
    }

    private void start(int udpReaders) {
        for (int i = 0; i < udpReaders; i++) {
            Thread t = Thread.ofPlatform().daemon().name("dns-udp-" + i).start(this::readUdp);
            readers.add(t);
        }
        readers.add(Thread.ofPlatform().daemon().name("dns-tcp").start(this::acceptTcp));
    }

    private void readUdp() {
        byte[] buf = new byte[65_535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                byte[] answer = responder.answer(buf, p.getLength(), false);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } else if (p.getLength() >= 12) {
                    byte[] query = java.util.Arrays.copyOf(buf, p.getLength());
                    var client = p.getSocketAddress();
                    virtual.execute(() -> {
                        byte[] a = upstream.forward(query, query.length, false);
                        send(a, client);
                    });
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.FINE, "dns udp: " + e);
                }
            }
        }
    }

    private void send(byte[] answer, java.net.SocketAddress client) {
        if (answer == null) {
            return;
        }
        try {
            udp.send(new DatagramPacket(answer, answer.length, client));
        } catch (IOException e) {
            LOG.log(Level.FINE, "dns udp send: " + e);
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                virtual.execute(() -> serveTcp(s));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.FINE, "dns tcp accept: " + e);
                }
            }
        }
    }

    private void serveTcp(Socket s) {
        try (s) {
            s.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (!closed) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] answer = responder.answer(query, length, true);
                if (answer == null) {
                    answer = upstream.forward(query, length, true);
                }
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // the client is done
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "dns tcp: " + e);
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing
        }
        virtual.shutdownNow();
        for (Thread t : readers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
