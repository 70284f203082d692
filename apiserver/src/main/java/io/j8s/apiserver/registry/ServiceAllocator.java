package io.j8s.apiserver.registry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;

/**
 * The pools services draw from: cluster IPs of the service CIDR and node ports of the node port
 * range. The pools live in memory and are rebuilt from the stored services at start, so an address
 * or port is never handed out twice, across restarts too.
 */
public final class ServiceAllocator {
    private final int base;
    private final int prefixLength;
    private final int size;
    private final String cidr;
    private final BitSet ips = new BitSet();
    private final int minPort;
    private final int maxPort;
    private final BitSet ports = new BitSet();
    private int nextIp = 2;
    private int nextPort;

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
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("--service-cidr " + serviceCidr
                    + " must have a prefix length between 8 and 30");
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
        this.nextPort = minPort;
    }

    /** The address at {@code offset} in the range: 1 is the kubernetes service, 10 is DNS. */
    public String ipAt(int offset) {
        return toText(base + offset);
    }

    public String cidr() {
        return cidr;
    }

    /** Takes {@code ip}; the message names the field and says why it cannot. */
    synchronized void take(String ip, String field) {
        int offset = offsetOf(ip, field);
        if (ips.get(offset)) {
            throw invalid(field, "[]string{\"" + ip + "\"}", "failed to allocate IP " + ip
                    + ": provided IP is already allocated");
        }
        ips.set(offset);
    }

    /** Takes the next free address. */
    synchronized String next(String field) {
        for (int i = 0; i < size - 2; i++) {
            int offset = 1 + (nextIp - 1 + i) % (size - 2);
            if (!ips.get(offset)) {
                ips.set(offset);
                nextIp = offset + 1;
                return toText(base + offset);
            }
        }
        throw invalid(field, "[]string{}", "failed to allocate a serviceIP: range is full");
    }

    synchronized void releaseIp(String ip) {
        try {
            int offset = toInt(ip) - base;
            if (offset > 0 && offset < size - 1) {
                ips.clear(offset);
            }
        } catch (IllegalArgumentException e) {
            // not one of ours
        }
    }

    synchronized void takePort(int port, String field) {
        if (port < minPort || port > maxPort) {
            throw invalid(field, Integer.toString(port), "provided port is not in the valid range."
                    + " The range of valid ports is " + minPort + "-" + maxPort);
        }
        if (ports.get(port)) {
            throw invalid(field, Integer.toString(port), "provided port is already allocated");
        }
        ports.set(port);
    }

    synchronized int nextPort(String field) {
        int span = maxPort - minPort + 1;
        for (int i = 0; i < span; i++) {
            int port = minPort + (nextPort - minPort + i) % span;
            if (!ports.get(port)) {
                ports.set(port);
                nextPort = port + 1 > maxPort ? minPort : port + 1;
                return port;
            }
        }
        throw invalid(field, "0", "range is full");
    }

    synchronized void releasePort(int port) {
        if (port >= minPort && port <= maxPort) {
            ports.clear(port);
        }
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
