package io.j8s.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * The subnets of one size cut from an IPv4 cluster CIDR ({@code 10.42.0.0/16} in /24s gives
 * 256), each free or taken, as upstream's {@code cidrset}. Not thread-safe: the controller's one
 * worker owns it.
 */
final class CidrSet {
    private final int base;
    private final int clusterPrefix;
    private final int subnetPrefix;
    private final int size;
    private final BitSet taken;

    /**
     * @throws IllegalArgumentException if the CIDR is not IPv4 {@code a.b.c.d/n} or the mask size
     *     is not between its prefix and 32, or gives more than 2^16 subnets
     */
    CidrSet(String clusterCidr, int subnetPrefix) {
        int slash = clusterCidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("cluster CIDR " + clusterCidr
                    + " is not of the form a.b.c.d/n");
        }
        this.clusterPrefix = prefix(clusterCidr.substring(slash + 1), clusterCidr);
        int mask = clusterPrefix == 0 ? 0 : -1 << (32 - clusterPrefix);
        this.base = address(clusterCidr.substring(0, slash), clusterCidr) & mask;
        if (subnetPrefix < clusterPrefix || subnetPrefix > 32) {
            throw new IllegalArgumentException("node CIDR mask size " + subnetPrefix
                    + " must be between the cluster CIDR's prefix length " + clusterPrefix
                    + " and 32");
        }
        if (subnetPrefix - clusterPrefix > 16) {
            throw new IllegalArgumentException("node CIDR mask size " + subnetPrefix + " cuts "
                    + clusterCidr + " into more than 65536 subnets");
        }
        this.subnetPrefix = subnetPrefix;
        this.size = 1 << (subnetPrefix - clusterPrefix);
        this.taken = new BitSet(size);
    }

    /** The lowest free subnet, now taken; empty when every subnet is taken. */
    Optional<String> allocateNext() {
        int i = taken.nextClearBit(0);
        if (i >= size) {
            return Optional.empty();
        }
        taken.set(i);
        return Optional.of(subnet(i));
    }

    /**
     * Marks a subnet taken.
     *
     * @return false if it lies outside the cluster CIDR or is not of the subnet size
     */
    boolean occupy(String cidr) {
        int i = index(cidr);
        if (i < 0) {
            return false;
        }
        taken.set(i);
        return true;
    }

    /** Frees a subnet; one outside the set is ignored. */
    void release(String cidr) {
        int i = index(cidr);
        if (i >= 0) {
            taken.clear(i);
        }
    }

    int free() {
        return size - taken.cardinality();
    }

    private String subnet(int i) {
        int a = base + (i << (32 - subnetPrefix));
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "."
                + (a & 0xff) + "/" + subnetPrefix;
    }

    private int index(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return -1;
        }
        try {
            if (prefix(cidr.substring(slash + 1), cidr) != subnetPrefix) {
                return -1;
            }
            int a = address(cidr.substring(0, slash), cidr);
            int clusterMask = clusterPrefix == 0 ? 0 : -1 << (32 - clusterPrefix);
            if ((a & clusterMask) != base) {
                return -1;
            }
            int offset = a - base;
            if (subnetPrefix < 32 && (offset & ((1 << (32 - subnetPrefix)) - 1)) != 0) {
                return -1;
            }
            return subnetPrefix == 32 ? offset : offset >>> (32 - subnetPrefix);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static int prefix(String text, String cidr) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 32) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CIDR " + cidr + " has no prefix length 0-32");
        }
    }

    private static int address(String text, String cidr) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("CIDR " + cidr + " is not IPv4");
        }
        int a = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("CIDR " + cidr + " is not IPv4");
            }
            a = (a << 8) | octet;
        }
        return a;
    }
}
