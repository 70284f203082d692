package io.j8s.cloud.local;

import io.j8s.cloud.provider.CloudException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The addresses LoadBalancer Services get. From a CIDR ({@code --lb-pool}), each Service holds one
 * address of its own; from shared addresses (default: the node's InternalIP), Services share an
 * address as long as no two of them use the same protocol and port on it. Keyed by the Service's
 * {@code namespace/name}; thread-safe.
 */
final class LbPool {
    private final List<String> addresses;
    private final boolean shared;
    private final String description;
    private final Map<String, String> addressOf = new HashMap<>();
    private final Map<String, Set<String>> portsOf = new HashMap<>();

    private LbPool(List<String> addresses, boolean shared, String description) {
        this.addresses = addresses;
        this.shared = shared;
        this.description = description;
    }

    /** Every address of {@code cidr} but the network and broadcast ones (of a /30 or wider). */
    static LbPool ofCidr(String cidr) {
        String[] parts = cidr.split("/", 2);
        int prefix;
        byte[] base;
        try {
            prefix = Integer.parseInt(parts[1]);
            base = InetAddress.getByName(parts[0]).getAddress();
        } catch (RuntimeException | UnknownHostException e) {
            throw new IllegalArgumentException("--lb-pool " + cidr + " is no CIDR (e.g. 10.0.0.0/29)");
        }
        if (base.length != 4 || prefix < 16 || prefix > 32) {
            throw new IllegalArgumentException("--lb-pool " + cidr
                    + ": an IPv4 CIDR from /16 to /32 (" + "at most 65,536 addresses)");
        }
        long start = new BigInteger(1, base).longValue() & (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        long size = 1L << (32 - prefix);
        List<String> out = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            if (size >= 4 && (i == 0 || i == size - 1)) {
                continue;
            }
            long a = start + i;
            out.add((a >> 24 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 8 & 0xff) + "." + (a & 0xff));
        }
        return new LbPool(out, false, "the pool " + cidr);
    }

    /** The node's own addresses, shared among Services by port. */
    static LbPool sharedAddresses(List<String> addresses) {
        return new LbPool(List.copyOf(addresses), true, "the node address "
                + String.join(", ", addresses));
    }

    /**
     * The address of Service {@code key} with {@code ports} ("TCP/80"), preferring
     * {@code previous} (the address its status holds) when it is still free.
     */
    synchronized String allocate(String key, Set<String> ports, String previous)
            throws CloudException {
        String held = addressOf.get(key);
        if (held != null && fits(held, key, ports)) {
            portsOf.put(key, Set.copyOf(ports));
            return held;
        }
        List<String> candidates = new ArrayList<>();
        if (held != null) {
            candidates.add(held);
        }
        if (previous != null && addresses.contains(previous)) {
            candidates.add(previous);
        }
        candidates.addAll(addresses);
        String conflict = null;
        for (String a : new LinkedHashSet<>(candidates)) {
            String c = conflict(a, key, ports);
            if (c == null) {
                addressOf.put(key, a);
                portsOf.put(key, Set.copyOf(ports));
                return a;
            }
            if (conflict == null) {
                conflict = c;
            }
        }
        if (shared) {
            throw new CloudException(conflict != null ? conflict
                    : "no address to share in " + description);
        }
        throw new CloudException("no address left in " + description + " ("
                + addresses.size() + " in use)");
    }

    synchronized void release(String key) {
        addressOf.remove(key);
        portsOf.remove(key);
    }

    private boolean fits(String address, String key, Set<String> ports) {
        return conflict(address, key, ports) == null;
    }

    /** Why {@code address} cannot take the Service, or null when it can. */
    private String conflict(String address, String key, Set<String> ports) {
        for (Map.Entry<String, String> e : addressOf.entrySet()) {
            if (e.getKey().equals(key) || !e.getValue().equals(address)) {
                continue;
            }
            if (!shared) {
                return "address " + address + " is held by " + e.getKey();
            }
            for (String p : ports) {
                if (portsOf.getOrDefault(e.getKey(), Set.of()).contains(p)) {
                    return "port " + p + " on " + address + " is already used by Service "
                            + e.getKey();
                }
            }
        }
        return null;
    }
}
