package io.j8s.apiserver.registry;

import io.j8s.store.Store;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;

/**
 * The pools services draw from: cluster IPs of the service CIDR and node ports of the node port
 * range. Each pool is a {@link RangeAllocation} in the store, as upstream keeps them
 * ({@code /registry/ranges/serviceips}, {@code /registry/ranges/servicenodeports}), changed by
 * compare-and-swap, so every API server on one store draws from the same pools and an address or
 * port is never handed out twice, across restarts too. Bit {@code i} of the address pool is the
 * address {@code i + 1} after the network's (network and broadcast addresses are never given).
 */
public final class ServiceAllocator {
    static final String IPS_KEY = "/registry/ranges/serviceips";
    static final String PORTS_KEY = "/registry/ranges/servicenodeports";

    private final int base;
    private final int prefixLength;
    private final int size;
    private final String cidr;
    private final int minPort;
    private final int maxPort;
    private final String portRange;
    private final RangeAllocation ips;
    private final RangeAllocation ports;
    private volatile int nextIp;
    private volatile int nextPort;

    /**
     * @param serviceCidr such as {@code 10.43.0.0/16}
     * @param nodePortRange such as {@code 30000-32767}
     */
    public ServiceAllocator(String serviceCidr, String nodePortRange) {
        String[] c = serviceCidr.split("/");
        if (c.length != 2) {
            throw new IllegalArgumentException("--service-cidr " + serviceCidr
                    + " is not a CIDR such as 10.43.0.0/16");
        }
        this.prefixLength = Integer.parseInt(c[1]);
        if (prefixLength < 12 || prefixLength > 30) {
            throw new IllegalArgumentException("--service-cidr " + serviceCidr
                    + " must have a prefix length between 12 and 30 (for 32-bit addresses, the"
                    + " mask must be >= 12)");
        }
        int mask = -1 << (32 - prefixLength);
        this.base = toInt(c[0]) & mask;
        this.size = 1 << (32 - prefixLength);
        this.cidr = toText(base) + "/" + prefixLength;
        String[] r = nodePortRange.split("-");
        this.minPort = Integer.parseInt(r[0].trim());
        this.maxPort = Integer.parseInt(r[1].trim());
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("--service-node-port-range " + nodePortRange
                    + " is not a range such as 30000-32767");
        }
        this.portRange = minPort + "-" + maxPort;
        this.ips = null;
        this.ports = null;
    }

    private ServiceAllocator(ServiceAllocator config, Store store) {
        this.base = config.base;
        this.prefixLength = config.prefixLength;
        this.size = config.size;
        this.cidr = config.cidr;
        this.minPort = config.minPort;
        this.maxPort = config.maxPort;
        this.portRange = config.portRange;
        this.ips = new RangeAllocation(store, IPS_KEY, cidr, size - 2);
        this.ports = new RangeAllocation(store, PORTS_KEY, portRange, maxPort - minPort + 1);
        this.nextIp = 1; // the address after the kubernetes service's
    }

    /** The same pools, kept in {@code store}. */
    ServiceAllocator on(Store store) {
        return new ServiceAllocator(this, store);
    }

    /** The address at {@code offset} in the range: 1 is the kubernetes service, 10 is DNS. */
    public String ipAt(int offset) {
        return toText(base + offset);
    }

    public String cidr() {
        return cidr;
    }

    private RangeAllocation ips() {
        if (ips == null) {
            throw new IllegalStateException("the service pools are not bound to a store");
        }
        return ips;
    }

    /** Takes {@code ip}; the message names the field and says why it cannot. */
    void take(String ip, String field, boolean dryRun) {
        int bit = offsetOf(ip, field) - 1;
        if (!ips().allocate(bit, dryRun)) {
            throw invalid(field, "[]string{\"" + ip + "\"}", "failed to allocate IP " + ip
                    + ": provided IP is already allocated");
        }
    }

    /** Takes the next free address. */
    String next(String field, boolean dryRun) {
        int bit = ips().allocateNext(nextIp, new BitSet(), dryRun);
        if (bit < 0) {
            throw invalid(field, "[]string{}", "failed to allocate a serviceIP: range is full");
        }
        if (!dryRun) {
            nextIp = bit + 1 >= ips.size() ? 0 : bit + 1;
        }
        return toText(base + bit + 1);
    }

    void releaseIp(String ip) {
        int offset;
        try {
            offset = toInt(ip) - base;
        } catch (IllegalArgumentException e) {
            return; // not one of ours
        }
        if (offset > 0 && offset < size - 1) {
            ips().release(offset - 1);
        }
    }

    void takePort(int port, String field, boolean dryRun) {
        if (port < minPort || port > maxPort) {
            throw invalid(field, Integer.toString(port), "provided port is not in the valid range."
                    + " The range of valid ports is " + minPort + "-" + maxPort);
        }
        if (!ports.allocate(port - minPort, dryRun)) {
            throw invalid(field, Integer.toString(port), "provided port is already allocated");
        }
    }

    /** The next free port, other than those of {@code picked} (a dry run takes none). */
    int nextPort(String field, boolean dryRun, Iterable<Integer> picked) {
        int bit = ports.allocateNext(nextPort, portBits(picked), dryRun);
        if (bit < 0) {
            throw invalid(field, "0", "range is full");
        }
        if (!dryRun) {
            nextPort = bit + 1 >= ports.size() ? 0 : bit + 1;
        }
        return minPort + bit;
    }

    void releasePort(int port) {
        if (port >= minPort && port <= maxPort) {
            ports.release(port - minPort);
        }
    }

    /**
     * Marks what stored services hold as taken, in one write per pool: the repair that makes the
     * pools agree with the services when the pools were lost or kept elsewhere (an install from
     * before they were stored). Addresses and ports outside the ranges are skipped.
     */
    void restore(Iterable<String> clusterIps, Iterable<Integer> nodePorts) {
        ips().restore(ipBits(clusterIps));
        ports.restore(portBits(nodePorts));
    }

    /** The bits of the address pool that {@code clusterIps} stand for. */
    BitSet ipBits(Iterable<String> clusterIps) {
        BitSet taken = new BitSet();
        for (String ip : clusterIps) {
            try {
                int offset = toInt(ip) - base;
                if (offset > 0 && offset < size - 1) {
                    taken.set(offset - 1);
                }
            } catch (IllegalArgumentException e) {
                // not an address of ours
            }
        }
        return taken;
    }

    /** The bits of the port pool that {@code nodePorts} stand for. */
    BitSet portBits(Iterable<Integer> nodePorts) {
        BitSet taken = new BitSet();
        for (int port : nodePorts) {
            if (port >= minPort && port <= maxPort) {
                taken.set(port - minPort);
            }
        }
        return taken;
    }

    RangeAllocation ipPool() {
        return ips();
    }

    RangeAllocation portPool() {
        ips();
        return ports;
    }

    private int offsetOf(String ip, String field) {
        int value;
        try {
            value = toInt(ip);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "[]string{\"" + ip + "\"}", "must be a valid IP address");
        }
        int offset = value - base;
        if (offset <= 0 || offset >= size - 1 || Integer.compareUnsigned(value, base) < 0) {
            throw invalid(field, "[]string{\"" + ip + "\"}", "failed to allocate IP " + ip
                    + ": the provided IP (" + ip + ") is not in the valid range. The range of"
                    + " valid IPs is " + cidr);
        }
        return offset;
    }

    private static FieldError invalid(String field, String value, String message) {
        return new FieldError(field, "Invalid value: " + value + ": " + message);
    }

    /** A field that cannot be given what it asks; the registry reports it as 422 Invalid. */
    static final class FieldError extends RuntimeException {
        final String field;

        FieldError(String field, String detail) {
            super(detail);
            this.field = field;
        }
    }

    private static int toInt(String ip) {
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException(ip);
        }
        try {
            InetAddress a = InetAddress.getByName(ip);
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException(ip);
            }
            byte[] b = a.getAddress();
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static String toText(int v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "."
                + (v & 0xff);
    }
}
