package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Puts a quota's {@code status.used} right when it disagrees with what the stored objects use, as
 * upstream's quota controller recalculates it: a server that died between charging a quota and
 * storing the object, or could not give a charge back, leaves the ledger too high. A quota is
 * rewritten only when it disagreed in two rounds in a row at the same resourceVersion: no charge
 * was made in between, so no create was in flight, and the write is guarded by that version.
 * One thread runs the rounds.
 */
final class QuotaRepair {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.admission");

    private final ClusterObjects objects;
    private final QuotaLedger ledger;
    private final NamespaceUsage usage;
    private Map<String, String> disagreeing = new HashMap<>();

    QuotaRepair(ClusterObjects objects, QuotaLedger ledger) {
        this.objects = objects;
        this.ledger = ledger;
        this.usage = new NamespaceUsage(objects);
    }

    /** One round over every quota of the cluster. */
    void repair() {
        Map<String, String> next = new HashMap<>();
        for (ObjectNode quota : objects.list("", "resourcequotas", null)) {
            JsonNode meta = quota.path("metadata");
            String ns = meta.path("namespace").asText();
            Map<String, BigDecimal> hard = QuotaLedger.hard(quota);
            Map<String, BigDecimal> counted = usage.of(ns, hard.keySet(), new HashMap<>());
            if (agrees(quota.path("status").path("used"), hard, counted)) {
                continue;
            }
            String uid = meta.path("uid").asText();
            String version = meta.path("resourceVersion").asText();
            if (version.equals(disagreeing.get(uid))) {
                if (ledger.write(quota, counted)) {
                    LOG.info("resource quota " + ns + "/" + meta.path("name").asText()
                            + ": status.used recounted from the stored objects");
                }
            } else {
                next.put(uid, version);
            }
        }
        disagreeing = next;
    }

    private static boolean agrees(JsonNode used, Map<String, BigDecimal> hard,
            Map<String, BigDecimal> counted) {
        for (String k : hard.keySet()) {
            String recorded = used.path(k).asText("");
            if (recorded.isEmpty() || Quantities.parse(recorded)
                    .compareTo(counted.getOrDefault(k, BigDecimal.ZERO)) != 0) {
                return false;
            }
        }
        return true;
    }
}
