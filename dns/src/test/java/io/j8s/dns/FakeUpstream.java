package io.j8s.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A resolver on 127.0.0.2 for tests, so that no query leaves the machine: every A question gets
 * 192.0.2.10, or, when {@code silent}, no answer at all.
 */
final class FakeUpstream implements AutoCloseable {
    static final String ANSWER = "192.0.2.10";
    private final DatagramSocket socket;
    private final AtomicInteger queries = new AtomicInteger();
    private final boolean silent;

    FakeUpstream(boolean silent) throws IOException {
        this.silent = silent;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        Thread.ofPlatform().daemon().name("fake-upstream").start(this::serve);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                queries.incrementAndGet();
                if (silent) {
                    continue;
                }
                Message q = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setRcode(Rcode.NOERROR);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60,
                        InetAddress.getByName(ANSWER)), Section.ANSWER);
                byte[] wire = r.toWire();
                socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
