package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's ValidatingAdmissionPolicy status controller, in the background of admission: a
 * policy whose generation is newer than {@code status.observedGeneration} is type-checked
 * ({@link PolicyTypeChecking}) and gets {@code status.observedGeneration} and
 * {@code status.typeChecking.expressionWarnings}. A policy is looked at when it is written (until
 * the write is stored) and whenever admission reads the policies.
 */
final class PolicyStatus {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.admission.policy");
    /** One thread for all servers of the process: type checking is rare and short. */
    private static final ScheduledExecutorService WORKER = Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "validatingadmissionpolicy-status");
                t.setDaemon(true);
                return t;
            });
    private static final long RETRY_MILLIS = 100;
    /** How long a write is waited for to be stored: 5 s. */
    private static final int ATTEMPTS = 50;

    private final ClusterObjects objects;
    private final PolicyTypeChecking checking;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    PolicyStatus(ClusterObjects objects, PolicyTypeChecking checking) {
        this.objects = objects;
        this.checking = checking;
    }

    /** A policy is being created or updated: check it once it is stored. */
    void written(String name) {
        if (pending.add(name)) {
            WORKER.schedule(() -> run(name, ATTEMPTS), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A stored policy: check it if its status is behind its generation. */
    void check(ObjectNode policy) {
        if (behind(policy)) {
            String name = policy.path("metadata").path("name").asText();
            if (pending.add(name)) {
                WORKER.execute(() -> run(name, 1));
            }
        }
    }

    private static boolean behind(ObjectNode policy) {
        return policy.path("metadata").path("generation").asLong(0)
                > policy.path("status").path("observedGeneration").asLong(0);
    }

    private void run(String name, int attempts) {
        try {
            Optional<ObjectNode> stored = objects.get(ValidatingAdmissionPolicyAdmission.GROUP,
                    ValidatingAdmissionPolicyAdmission.POLICIES, null, name);
            if (stored.isPresent() && behind(stored.get()) && write(stored.get().deepCopy())) {
                pending.remove(name);
                return;
            }
            if (attempts > 1) {
                WORKER.schedule(() -> run(name, attempts - 1), RETRY_MILLIS,
                        TimeUnit.MILLISECONDS);
                return;
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "type checking ValidatingAdmissionPolicy " + name + ": " + e, e);
        }
        pending.remove(name);
    }

    private boolean write(ObjectNode policy) {
        ArrayNode warnings = checking.warnings(policy);
        ObjectNode status = policy.path("status").isObject()
                ? (ObjectNode) policy.get("status") : policy.putObject("status");
        status.put("observedGeneration", policy.path("metadata").path("generation").asLong());
        ObjectNode typeChecking = status.putObject("typeChecking");
        if (!warnings.isEmpty()) {
            typeChecking.set("expressionWarnings", warnings);
        }
        return objects.replaceStatus(ValidatingAdmissionPolicyAdmission.GROUP,
                ValidatingAdmissionPolicyAdmission.POLICIES, policy);
    }
}
