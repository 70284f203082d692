package io.j8s.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The value benchmarks write: the JSON of a small pod as the API server stores it, about 1 KiB.
 * Only the name, namespace and uid change from one pod to the next.
 */
final class SamplePod {
    private SamplePod() {}

    static byte[] json(String namespace, String name, long uid) {
        String id = String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x",
                uid >>> 32 & 0xffffffffL, uid & 0xffffffffffffL);
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + id + "\","
                + "\"creationTimestamp\":\"2025-01-01T00:00:00Z\",\"labels\":{\"app\":\"web\","
                + "\"pod-template-hash\":\"5d4b8c7f9\",\"tier\":\"frontend\"},"
                + "\"ownerReferences\":[{"
                + "\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-5d4b8c7f9\","
                + "\"uid\":\"6c1e2a3b-9f8d-4e7c-a5b6-1d2e3f4a5b6c\",\"controller\":true,"
                + "\"blockOwnerDeletion\":true}]},\"spec\":{\"containers\":[{\"name\":\"web\","
                + "\"image\":\"registry.k8s.io/nginx-slim:0.27\",\"ports\":[{\"containerPort\":80,"
                + "\"protocol\":\"TCP\"}],\"env\":[{\"name\":\"MODE\",\"value\":\"production\"}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},"
                + "\"limits\":{\"memory\":\"256Mi\"}},\"terminationMessagePath\":"
                + "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\","
                + "\"imagePullPolicy\":\"IfNotPresent\"}],\"restartPolicy\":\"Always\","
                + "\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\","
                + "\"serviceAccountName\":\"default\",\"schedulerName\":\"default-scheduler\","
                + "\"priority\":0,\"enableServiceLinks\":true},\"status\":{\"phase\":\"Pending\","
                + "\"qosClass\":\"Burstable\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
