package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream's apps/v1, batch/v1 and core/v1 defaults for the controllers that run pods; every one
 * also defaults the pod spec of its template as a pod's.
 */
public final class ControllerDefaults {
    private ControllerDefaults() {}

    public static void apply(String kind, ObjectNode object) {
        ObjectNode spec = object.with("spec");
        switch (kind) {
            case "Deployment" -> deployment(spec);
            case "ReplicaSet" -> replicas(spec);
            case "ReplicationController" -> replicationController(object, spec);
            case "StatefulSet" -> statefulSet(spec);
            case "DaemonSet" -> daemonSet(spec);
            case "Job" -> job(object, spec);
            case "CronJob" -> cronJob(spec);
            default -> throw new IllegalArgumentException(kind);
        }
        boolean noTemplate = kind.equals("ReplicationController") // a pointer upstream
                && !(spec.get("template") instanceof ObjectNode);
        if (!kind.equals("CronJob") && !noTemplate) {
            PodDefaults.applyToTemplate(spec.with("template"));
        }
    }

    private static void replicas(ObjectNode spec) {
        putIfAbsent(spec, "replicas", 1);
    }

    private static void deployment(ObjectNode spec) {
        replicas(spec);
        ObjectNode strategy = spec.with("strategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode rolling = strategy.with("rollingUpdate");
            if (!rolling.has("maxUnavailable")) {
                rolling.put("maxUnavailable", "25%");
            }
            if (!rolling.has("maxSurge")) {
                rolling.put("maxSurge", "25%");
            }
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
    }

    /** A v1 RC without selector selects its template's labels, and takes them as its own. */
    private static void replicationController(ObjectNode rc, ObjectNode spec) {
        replicas(spec);
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) {
            if (spec.path("selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            if (rc.path("metadata").path("labels").isEmpty()) {
                rc.with("metadata").set("labels", labels.deepCopy());
            }
        }
    }

    private static void statefulSet(ObjectNode spec) {
        replicas(spec);
        if (!spec.has("podManagementPolicy")) {
            spec.put("podManagementPolicy", "OrderedReady");
        }
        ObjectNode strategy = spec.with("updateStrategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            putIfAbsent(strategy.with("rollingUpdate"), "partition", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode retention = spec.with("persistentVolumeClaimRetentionPolicy");
        if (!retention.has("whenDeleted")) {
            retention.put("whenDeleted", "Retain");
        }
        if (!retention.has("whenScaled")) {
            retention.put("whenScaled", "Retain");
        }
        for (JsonNode claim : spec.path("volumeClaimTemplates")) {
            if (claim instanceof ObjectNode c && !c.with("spec").has("volumeMode")) {
                c.with("spec").put("volumeMode", "Filesystem");
            }
        }
    }

    private static void daemonSet(ObjectNode spec) {
        ObjectNode strategy = spec.with("updateStrategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode rolling = strategy.with("rollingUpdate");
            if (!rolling.has("maxUnavailable")) {
                rolling.put("maxUnavailable", 1);
            }
            if (!rolling.has("maxSurge")) {
                rolling.put("maxSurge", 0);
            }
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
    }

    /**
     * Completions and parallelism are both 1 when neither is set; parallelism alone sets no
     * completions (a work queue). A job without labels takes its template's.
     */
    private static void job(ObjectNode job, ObjectNode spec) {
        if (absent(spec, "completions") && absent(spec, "parallelism")) {
            spec.put("completions", 1);
        }
        putIfAbsent(spec, "parallelism", 1);
        putIfAbsent(spec, "backoffLimit", absent(spec, "backoffLimitPerIndex")
                ? 6 : Integer.MAX_VALUE);
        if (absent(spec, "completionMode")) {
            spec.put("completionMode", "NonIndexed");
        }
        if (absent(spec, "suspend")) {
            spec.put("suspend", false);
        }
        if (absent(spec, "podReplacementPolicy")) {
            spec.put("podReplacementPolicy", absent(spec, "podFailurePolicy")
                    ? "TerminatingOrFailed" : "Failed");
        }
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()
                && job.path("metadata").path("labels").isEmpty()) {
            job.with("metadata").set("labels", labels.deepCopy());
        }
    }

    private static void cronJob(ObjectNode spec) {
        if (absent(spec, "concurrencyPolicy")) {
            spec.put("concurrencyPolicy", "Allow");
        }
        if (absent(spec, "suspend")) {
            spec.put("suspend", false);
        }
        putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
        putIfAbsent(spec, "failedJobsHistoryLimit", 1);
        PodDefaults.applyToTemplate(spec.with("jobTemplate").with("spec").with("template"));
    }

    private static boolean absent(ObjectNode o, String field) {
        return !o.has(field) || o.get(field).isNull();
    }

    private static void putIfAbsent(ObjectNode o, String field, int value) {
        if (absent(o, field)) {
            o.put(field, value);
        }
    }
}
