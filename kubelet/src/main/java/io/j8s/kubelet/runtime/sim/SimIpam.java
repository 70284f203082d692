package io.j8s.kubelet.runtime.sim;

import java.util.BitSet;

/**
 * host-local IPAM in miniature: the addresses of one IPv4 pod CIDR, the network address, the
 * gateway ({@code .1}, cni0's) and the broadcast address excepted, handed out lowest first.
 */
final class SimIpam {
    private final String cidr;
    private final long base;
    private final int size;
    private final BitSet used = new BitSet();

    SimIpam(String cidr) {
        this.cidr = cidr;
        String[] parts = cidr.split("/");
        if (parts.length != 2 || parts[0].contains(":")) {
            throw new IllegalArgumentException("sim runtime: pod CIDR " + cidr
                    + " is not an IPv4 CIDR");
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("sim runtime: pod CIDR " + cidr
                    + " must have a prefix between /8 and /30");
        }
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        this.size = 1 << (32 - prefix);
        this.base = address & ~(size - 1L) & 0xffffffffL;
    }

    String cidr() {
        return cidr;
    }

    synchronized String allocate() {
        int free = used.nextClearBit(2);
        if (free >= size - 1) {
            throw new IllegalStateException("no free address left in pod CIDR " + cidr);
        }
        used.set(free);
        return format(base + free);
    }

    /** Marks an address taken (a sandbox from before the CIDR was set again); outside the CIDR, nothing. */
    synchronized void reserve(String ip) {
        long offset = parse(ip) - base;
        if (offset > 0 && offset < size) {
            used.set((int) offset);
        }
    }

    synchronized void release(String ip) {
        long offset = parse(ip) - base;
        if (offset > 0 && offset < size) {
            used.clear((int) offset);
        }
    }

    private static long parse(String ip) {
        long address = 0;
        for (String octet : ip.split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        return address;
    }

    private static String format(long address) {
        return (address >> 24 & 0xff) + "." + (address >> 16 & 0xff) + "." + (address >> 8 & 0xff)
                + "." + (address & 0xff);
    }
}
