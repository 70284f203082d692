package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.store.KeyValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Upstream's repair of the service pools, run every 3 minutes by each API server: what a stored
 * service holds and the pool lacks is marked taken, and what the pool holds that no service does
 * (a server died between taking it and storing the service, or could not give it back) is given
 * back once it has been seen so in {@value #ROUNDS_BEFORE_RELEASE} rounds in a row, as upstream
 * waits, so that a create in flight keeps what it took. A round reads the pools before the
 * services, and gives back only if the pool has not changed since it read it. One thread runs
 * the rounds.
 */
final class RangeRepair {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.registry");
    static final int ROUNDS_BEFORE_RELEASE = 3;

    private final Registry services;
    private final ServiceAllocator allocator;
    private final Map<Integer, Integer> leakedIps = new HashMap<>();
    private final Map<Integer, Integer> leakedPorts = new HashMap<>();

    RangeRepair(Registry services, ServiceAllocator allocator) {
        this.services = services;
        this.allocator = allocator;
    }

    /** One round over both pools. */
    void repair() {
        RangeAllocation.Snapshot ips = allocator.ipPool().snapshot();
        RangeAllocation.Snapshot ports = allocator.portPool().snapshot();
        List<String> clusterIps = new ArrayList<>();
        List<Integer> nodePorts = new ArrayList<>();
        for (KeyValue kv : Registry.call(() -> services.store().list(
                services.type().prefix(null))).items()) {
            ObjectNode service = services.decode(kv);
            ServiceStrategy.held(service, clusterIps, nodePorts);
        }
        BitSet heldIps = allocator.ipBits(clusterIps);
        BitSet heldPorts = allocator.portBits(nodePorts);
        releaseLeaks("cluster IP", allocator.ipPool(), ips, heldIps, leakedIps);
        releaseLeaks("node port", allocator.portPool(), ports, heldPorts, leakedPorts);
        allocator.restore(clusterIps, nodePorts);
    }

    private static void releaseLeaks(String what, RangeAllocation pool,
            RangeAllocation.Snapshot read, BitSet held, Map<Integer, Integer> seen) {
        BitSet leaked = (BitSet) read.taken().clone();
        leaked.andNot(held);
        seen.keySet().removeIf(i -> !leaked.get(i));
        BitSet ripe = new BitSet();
        leaked.stream().forEach(i -> {
            if (seen.merge(i, 1, Integer::sum) >= ROUNDS_BEFORE_RELEASE) {
                ripe.set(i);
            }
        });
        if (!ripe.isEmpty() && pool.releaseAt(ripe, read.revision())) {
            ripe.stream().forEach(seen::remove);
            LOG.info("gave back " + ripe.cardinality() + " " + what + "(s) that no service"
                    + " holds");
        }
    }
}
