package io.j8s.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The names of the zone and their records, by owner (a Service's {@code ns/name}). A name that a
 * record sits under (e.g. {@code ns.svc.ZONE}) exists too, with no records, so a query for it gets
 * NODATA rather than NXDOMAIN. Reads are lock-free; writes replace one owner's records at a time
 * and bump {@link #generation()}, which cached answers compare against.
 */
final class DnsIndex {
    /** The records of one name, by owner; empty lists mark a name that exists with no records. */
    private final Map<Name, Map<String, List<Record>>> names = new ConcurrentHashMap<>();
    private final Map<String, List<Name>> byOwner = new HashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Name zone;

    DnsIndex(Name zone) {
        this.zone = zone;
    }

    Name zone() {
        return zone;
    }

    long generation() {
        return generation.get();
    }

    /** Whether {@code name} exists in the zone (with records or as a parent of one). */
    boolean exists(Name name) {
        return names.containsKey(name);
    }

    /** Every record of {@code name}, of every owner; empty when none. */
    List<Record> records(Name name) {
        Map<String, List<Record>> byOwnerOfName = names.get(name);
        if (byOwnerOfName == null) {
            return List.of();
        }
        if (byOwnerOfName.size() == 1) {
            return byOwnerOfName.values().iterator().next();
        }
        List<Record> out = new ArrayList<>();
        byOwnerOfName.values().forEach(out::addAll);
        return out;
    }

    /** Replaces the records of a Service with those of its current state (null: it is gone). */
    void service(String key, Service service, List<EndpointSlice> slices) {
        replace(key, service == null ? List.of() : ServiceRecords.of(service, slices, zone));
    }

    synchronized void replace(String owner, List<Record> records) {
        Map<Name, List<Record>> grouped = new HashMap<>();
        for (Record r : records) {
            grouped.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
            for (Name parent = parent(r.getName()); parent != null; parent = parent(parent)) {
                grouped.computeIfAbsent(parent, n -> new ArrayList<>());
            }
        }
        for (Name old : byOwner.getOrDefault(owner, List.of())) {
            if (!grouped.containsKey(old)) {
                names.computeIfPresent(old, (n, m) -> {
                    Map<String, List<Record>> copy = new HashMap<>(m);
                    copy.remove(owner);
                    return copy.isEmpty() ? null : Map.copyOf(copy);
                });
            }
        }
        for (Map.Entry<Name, List<Record>> e : grouped.entrySet()) {
            names.compute(e.getKey(), (n, m) -> {
                Map<String, List<Record>> copy = m == null ? new HashMap<>() : new HashMap<>(m);
                copy.put(owner, List.copyOf(e.getValue()));
                return Map.copyOf(copy);
            });
        }
        if (grouped.isEmpty()) {
            byOwner.remove(owner);
        } else {
            byOwner.put(owner, List.copyOf(grouped.keySet()));
        }
        generation.incrementAndGet();
    }

    /** The parent of a name strictly under the zone or a reverse zone, else null. */
    private Name parent(Name name) {
        if (name.labels() <= 1) {
            return null;
        }
        Name parent = new Name(name, 1);
        return parent.subdomain(zone) && !parent.equals(zone) ? parent : null;
    }
}
